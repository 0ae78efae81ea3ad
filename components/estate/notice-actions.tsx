"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { OpenUpgradePullRequest, UpgradeSummary } from "@/lib/estate";
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
  return <UpgradeAction consumptionId={consumptionId} run={run} label={label} openUpgrade={null} offer />;
}

/**
 * A unit's upgrade, on its row and its notice: the open upgrade PR, linked ("Upgrade PR #12 open"
 * and the version it goes to), and "Open upgrade PR" while `offer` is set. Both live in one
 * component so that the answer of a click (say, input changes left to make) stays on screen once
 * the refreshed page shows the PR it opened.
 */
export function UpgradeAction({
  consumptionId,
  run,
  label,
  openUpgrade,
  offer,
  targetVersion,
}: {
  consumptionId: string;
  run: UpgradeRun;
  label?: string;
  openUpgrade: OpenUpgradePullRequest | null;
  /** Show the button: no PR is open, or the open one goes to an older version than `targetVersion`. */
  offer: boolean;
  /** The version the button opens the PR to, named on it when an older upgrade PR is open. */
  targetVersion?: string | null;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<({ ok: true } & UpgradeSummary) | { ok: false; message: string } | null>(null);
  // Once the page shows the PR the click opened, the answer adds only what the link does not say.
  const shown = result?.ok && result.prUrl !== null && result.prUrl === openUpgrade?.url;
  return (
    <div className="flex flex-col items-start gap-1">
      {openUpgrade ? <OpenUpgradeLink pull={openUpgrade} /> : null}
      {offer ? (
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
          {pending ? "Opening…" : openUpgrade && targetVersion ? `Open upgrade PR to ${targetVersion}` : "Open upgrade PR"}
        </Button>
      ) : null}
      {result && !(shown && result.ok && result.actions === 0) ? (
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
          ) : shown ? (
            `${result.actions} input change${result.actions === 1 ? "" : "s"} to make, listed in the PR`
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

/** "Upgrade PR #12 open", linked to the PR on GitHub, and the version it goes to. */
export function OpenUpgradeLink({ pull }: { pull: OpenUpgradePullRequest }) {
  return (
    <p className="text-sm" data-testid="open-upgrade">
      <a href={pull.url} className="underline" target="_blank" rel="noreferrer">
        Upgrade PR #{pull.number} open
      </a>{" "}
      <span className="text-xs text-fg-muted">(to {pull.targetVersion})</span>
    </p>
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
