"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useTransition, type ReactNode } from "react";
import type { ActionResult } from "@/lib/platform/http/define-action";

export interface UseLiveRequestOptions<T extends { id: string }> {
  /** The query key's first part, e.g. "scaffold"; the request id is the second. */
  kind: string;
  initial: T;
  load: (input: { id: string }) => Promise<ActionResult<T>>;
  /** While true the view polls: the request waits or is in flight. */
  isLive: (view: T) => boolean;
  pollMs: number;
}

/**
 * A request's status page state: the view, polled while the request is live so that a change
 * shows without a reload, and a retry that reports its error and reloads the view.
 */
export function useLiveRequest<T extends { id: string }>({ kind, initial, load, isLive, pollMs }: UseLiveRequestOptions<T>) {
  const queryClient = useQueryClient();
  const queryKey = [kind, initial.id];
  const query = useQuery({
    queryKey,
    queryFn: async () => {
      const outcome = await load({ id: initial.id });
      if (!outcome.ok) throw new Error(outcome.error.message);
      return outcome.data;
    },
    initialData: initial,
    refetchInterval: (q) => (q.state.data && isLive(q.state.data) ? pollMs : false),
  });
  const [retryError, setRetryError] = useState<string | null>(null);
  const [retrying, startRetry] = useTransition();
  const refresh = () => void queryClient.invalidateQueries({ queryKey });

  function runRetry(send: () => Promise<ActionResult<unknown>>) {
    setRetryError(null);
    startRetry(async () => {
      const outcome = await send();
      if (!outcome.ok) setRetryError(outcome.error.message);
      await queryClient.invalidateQueries({ queryKey });
    });
  }

  // initialData makes data defined; a generic T hides that from useQuery's overloads.
  const view = query.data ?? initial;
  return { view, live: isLive(view), refreshError: query.isError ? query.error.message : null, refresh, runRetry, retrying, retryError };
}

/** The top of a live request's state card: "State" with its badge, and whether it updates itself. */
export function LiveStateHeading({ id, badge, live, refreshError }: { id: string; badge: ReactNode; live: boolean; refreshError: string | null }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <h2 id={id} className="flex items-center gap-2 text-base font-semibold">
        State {badge}
      </h2>
      <p className="text-xs text-fg-subtle" aria-live="polite">
        {live ? "Updates automatically." : null}
        {refreshError ? ` Could not refresh: ${refreshError}` : null}
      </p>
    </div>
  );
}
