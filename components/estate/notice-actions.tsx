"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/platform/http/define-action";

/** "Open upgrade PR" for one unit: opens (or finds) the PR and links to it. */
export function UpgradeButton({ consumptionId, run }: { consumptionId: string; run: (input: { consumptionId: string }) => Promise<ActionResult<{ prUrl: string | null; to: string; actions: number }>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: true; prUrl: string | null; to: string; actions: number } | { ok: false; message: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const outcome = await run({ consumptionId });
            setResult(outcome.ok ? { ok: true, ...outcome.data } : { ok: false, message: outcome.error.message });
            router.refresh();
          })
        }
      >
        {pending ? "Opening…" : "Open upgrade PR"}
      </Button>
      {result ? (
        <p role="status" className={result.ok ? "text-xs" : "text-xs text-danger"}>
          {result.ok ? (
            <>
              Upgrade to {result.to}:{" "}
              {result.prUrl ? (
                <a href={result.prUrl} className="underline" target="_blank" rel="noreferrer">
                  pull request
                </a>
              ) : (
                "pull request being opened"
              )}
              {result.actions > 0 ? ` (${result.actions} input change${result.actions === 1 ? "" : "s"} to make, listed in the PR)` : ""}
            </>
          ) : (
            result.message
          )}
        </p>
      ) : null}
    </div>
  );
}

/** Marks notices read (one, or every one on the page). */
export function MarkReadButton({ noticeIds, label, run }: { noticeIds: string[]; label: string; run: (input: { noticeIds: string[] }) => Promise<ActionResult<{ marked: number }>> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        variant="ghost"
        disabled={pending || noticeIds.length === 0}
        onClick={() =>
          startTransition(async () => {
            const outcome = await run({ noticeIds });
            setError(outcome.ok ? null : outcome.error.message);
            router.refresh();
          })
        }
      >
        {pending ? "Marking…" : label}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-danger">
          {error}
        </span>
      ) : null}
    </span>
  );
}
