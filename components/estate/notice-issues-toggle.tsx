"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/platform/http/define-action";

export interface NoticeIssuesToggleProps {
  workload: string;
  enabled: boolean;
  /** Leads of the workload and admins; others see the state only. */
  canChange: boolean;
  repoLinked: boolean;
  set: (input: { workload: string; enabled: boolean }) => Promise<ActionResult<{ enabled: boolean }>>;
}

/** Whether the workload's update notices also open GitHub issues on its consumer repo. */
export function NoticeIssuesToggle({ workload, enabled, canChange, repoLinked, set }: NoticeIssuesToggleProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const state = enabled ? "On: each update notice opens an issue on the consumer repo, kept up to date and closed when the notice resolves." : "Off: notices show in the portal's inbox only.";
  return (
    <section aria-labelledby="notice-issues-heading" className="mt-8">
      <h2 id="notice-issues-heading" className="mb-1 text-lg font-semibold">
        GitHub issues for update notices
      </h2>
      <p className="mb-3 text-sm text-fg-muted" data-testid="notice-issues-state">
        {state}
      </p>
      {canChange ? (
        <Button
          variant="secondary"
          disabled={pending || (!enabled && !repoLinked)}
          aria-describedby={!repoLinked ? "notice-issues-no-repo" : undefined}
          onClick={() => {
            setError(null);
            startTransition(async () => {
              const outcome = await set({ workload, enabled: !enabled });
              if (!outcome.ok) setError(outcome.error.message);
              else router.refresh();
            });
          }}
        >
          {pending ? "Saving…" : enabled ? "Turn GitHub issues off" : "Turn GitHub issues on"}
        </Button>
      ) : null}
      {canChange && !repoLinked ? (
        <p id="notice-issues-no-repo" className="mt-2 text-sm text-fg-muted">
          Link a consumer repo first.
        </p>
      ) : null}
      {error ? (
        <Alert tone="error" className="mt-3">
          {error}
        </Alert>
      ) : null}
    </section>
  );
}
