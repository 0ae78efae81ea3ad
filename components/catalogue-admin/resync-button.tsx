"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { SyncRequestState } from "@/lib/catalogue/request-source-sync";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { resyncState, type ShownSyncRun } from "./resync-state";

/** The server action that asks for a source's sync (the page passes it in). */
export type ResyncSource = (input: { sourceId: string }) => Promise<ActionResult<{ state: SyncRequestState; requestedAt: string }>>;

/**
 * "Re-sync now": enqueues the source's sync, then refreshes the page every couple of
 * seconds until a run that started after the request has finished.
 */
export function ResyncButton({
  sourceId,
  label,
  latestRun,
  resync,
}: {
  sourceId: string;
  label: string;
  latestRun: ShownSyncRun | null;
  resync: ResyncSource;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [requestedAt, setRequestedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The request joined a sync of this source that was already waiting (e.g. from the tag's webhook).
  const [joined, setJoined] = useState(false);

  const state = resyncState(requestedAt, latestRun);
  const waiting = state !== null;

  useEffect(() => {
    if (!waiting || state === "done") return;
    const timer = setInterval(() => router.refresh(), 1500);
    const stop = setTimeout(() => clearInterval(timer), 120_000);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [waiting, state, router]);

  return (
    <div className="flex items-center gap-2">
      <Button
        type="button"
        variant="secondary"
        disabled={pending || state === "queued" || state === "running"}
        aria-label={`Re-sync now: ${label}`}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await resync({ sourceId });
            if (!result.ok) {
              setError(result.error.message);
              return;
            }
            setJoined(result.data.state === "already-queued");
            setRequestedAt(result.data.requestedAt);
            router.refresh();
          })
        }
      >
        Re-sync now
      </Button>
      <span role="status" aria-live="polite" data-testid="resync-status" className="text-xs text-fg-muted">
        {error ?? (state ? `Sync ${state}${joined ? " (joined a sync that was already queued)" : ""}` : "")}
      </span>
    </div>
  );
}
