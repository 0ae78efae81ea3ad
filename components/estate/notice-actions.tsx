"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { UpgradeSummary } from "@/lib/estate";
import type { ActionResult } from "@/lib/platform/http/define-action";

/** The "Open upgrade PR" server action, as the buttons and the inputs form call it. */
export type UpgradeRun = (input: {
  consumptionId: string;
  toVersionId?: string | null;
  inputs?: Record<string, unknown>;
  references?: string[];
  skipInputs?: boolean;
}) => Promise<ActionResult<UpgradeSummary>>;

/** "Open upgrade PR" for one unit: opens (or finds) the PR and links to it, or leads to the form for the target version's new required inputs. */
export function UpgradeButton({ consumptionId, run, label }: { consumptionId: string; run: UpgradeRun; label?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<({ ok: true } & UpgradeSummary) | { ok: false; message: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        aria-label={label}
        onClick={() =>
          startTransition(async () => {
            const outcome = await run({ consumptionId });
            setResult(outcome.ok ? { ok: true, ...outcome.data } : { ok: false, message: outcome.error.message });
            if (outcome.ok && outcome.data.status === "inputs_required" && outcome.data.formUrl) router.push(outcome.data.formUrl);
            else router.refresh();
          })
        }
      >
        {pending ? "Opening…" : "Open upgrade PR"}
      </Button>
      {result ? (
        <p role="status" className={result.ok ? "text-xs" : "text-xs text-danger"}>
          {!result.ok ? (
            result.message
          ) : result.status === "inputs_required" ? (
            <>
              {result.to} requires {result.requiredInputs.join(", ")}:{" "}
              <Link href={result.formUrl ?? "#"} className="underline">
                fill {result.requiredInputs.length === 1 ? "it" : "them"} in
              </Link>
            </>
          ) : (
            <>
              Upgrade to {result.to}:{" "}
              {result.prUrl ? (
                <a href={result.prUrl} className="underline" target="_blank" rel="noreferrer">
                  pull request
                </a>
              ) : (
                "pull request being opened"
              )}
              {result.status === "already_open" ? " (already open)" : ""}
              {result.actions > 0 ? ` (${result.actions} input change${result.actions === 1 ? "" : "s"} to make, listed in the PR)` : ""}
            </>
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
