"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { formatDateTime } from "@/lib/platform/format-date-time";
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { DriftFindingView } from "@/lib/governance/governance-views";
import { newIdempotencyKey } from "./action-types";
import { GovernanceStateBadge } from "./tag-change-badges";

export type SettleDriftFn = (input: { findingId: string; action: "revert" | "adopt" | "dismiss"; reason: string; idempotencyKey: string }) => Promise<
  ActionResult<{ findingId: string; status: string; requestId: string | null; requestState: string | null }>
>;
export type DetectDriftFn = () => Promise<ActionResult<{ queued: true } | { queued: false; accounts: number; opened: number; refreshed: number; resolved: number; skipped: number; errors: number }>>;

const kindText = { changed: "changed in AWS", removed: "removed in AWS", added: "added in AWS" } as const;

/** One finding: recorded against found, and (while open) revert, adopt or dismiss with a reason. */
function FindingCard({ finding, settle }: { finding: DriftFindingView; settle: SettleDriftFn }) {
  const router = useRouter();
  const [key] = useState(() => newIdempotencyKey("drift"));
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ text: string; requestId: string | null } | null>(null);
  const [pending, startTransition] = useTransition();
  const fieldId = `drift-${finding.id}-reason`;

  function run(action: "revert" | "adopt" | "dismiss") {
    if (!reason.trim()) {
      setError("Give a reason: it goes on the record");
      document.getElementById(fieldId)?.focus();
      return;
    }
    setError(null);
    startTransition(async () => {
      const result = await settle({ findingId: finding.id, action, reason: reason.trim(), idempotencyKey: key });
      if (!result.ok) {
        setError(result.error.fieldErrors?.[0]?.message ?? result.error.message);
        return;
      }
      const text = action === "revert" ? "Reverting: the recorded value is being written back and verified." : action === "adopt" ? "Adoption requested: another admin approves it on Approvals." : "Dismissed.";
      setDone({ text, requestId: result.data.requestId });
      router.refresh();
    });
  }

  return (
    <Card data-testid="drift-finding" data-key={finding.tagKey} data-account={finding.awsAccountId} data-status={finding.status} aria-labelledby={`df-${finding.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 id={`df-${finding.id}`} className="text-base font-semibold">
          <span className="font-mono">{finding.tagKey}</span> {kindText[finding.kind]} on{" "}
          <Link prefetch={false} href={`/accounts/${finding.awsAccountId}`} className="underline">
            {finding.accountName}
          </Link>
        </h3>
        <GovernanceStateBadge state={finding.status} />
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-2 text-sm">
        <div>
          <dt className="text-fg-muted">Recorded (before)</dt>
          <dd className="font-mono" data-testid="drift-recorded">
            {finding.recordedValue ?? "(none)"}
          </dd>
        </div>
        <div>
          <dt className="text-fg-muted">In AWS (after)</dt>
          <dd className="font-mono" data-testid="drift-observed">
            {finding.observedValue ?? "(none)"}
          </dd>
        </div>
      </dl>
      <p className="mt-1 text-xs text-fg-muted">
        Found {formatDateTime(finding.foundAt)}, last seen {formatDateTime(finding.lastSeenAt)}
        {finding.workloadSlug ? ` · ${finding.workloadSlug}` : ""}
      </p>
      {finding.settledBy ? (
        <p className="mt-1 text-sm">
          {finding.status} by {finding.settledBy}
          {finding.settleReason ? `: ${finding.settleReason}` : ""}
        </p>
      ) : null}
      {finding.changeRequestId ? (
        <Link prefetch={false} href={`/tag-changes/${finding.changeRequestId}`} className="mt-1 inline-block text-sm underline">
          The change that settles it
        </Link>
      ) : null}
      {finding.status === "open" && !done ? (
        <form
          className="mt-3 space-y-2"
          noValidate
          aria-label={`Settle the drift of ${finding.tagKey} on ${finding.accountName}`}
          onSubmit={(e) => {
            e.preventDefault();
            run("revert");
          }}
        >
          <Field id={fieldId} label="Reason" error={error} required>
            {(control) => <Input {...control} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />}
          </Field>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending}>
              Revert to {finding.recordedValue ?? "(none)"}
            </Button>
            <Button type="button" variant="secondary" disabled={pending} onClick={() => run("adopt")}>
              Adopt {finding.observedValue ?? "(none)"}
            </Button>
            <Button type="button" variant="ghost" disabled={pending} onClick={() => run("dismiss")}>
              Dismiss
            </Button>
          </div>
        </form>
      ) : null}
      {done ? (
        <Alert tone="success" className="mt-3">
          {done.text}{" "}
          {done.requestId ? (
            <Link prefetch={false} href={`/tag-changes/${done.requestId}`} className="font-medium underline">
              Follow it
            </Link>
          ) : null}
        </Alert>
      ) : null}
    </Card>
  );
}

export function DriftFindings({ findings, settle }: { findings: DriftFindingView[]; settle: SettleDriftFn }) {
  return (
    <div className="space-y-4">
      {findings.map((f) => (
        <FindingCard key={f.id} finding={f} settle={settle} />
      ))}
    </div>
  );
}

/** Runs the drift scan now and says what it found. */
export function DetectDriftButton({ detect }: { detect: DetectDriftFn }) {
  const router = useRouter();
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [watchUntil, setWatchUntil] = useState(0);
  // A queued scan reports through the findings: reload them for a while.
  useEffect(() => {
    if (watchUntil === 0) return;
    const timer = setInterval(() => {
      if (Date.now() > watchUntil) {
        setWatchUntil(0);
        setResult("The scan has had time to finish; reload to see later findings.");
      } else router.refresh();
    }, 2_000);
    return () => clearInterval(timer);
  }, [watchUntil, router]);
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const outcome = await detect();
            if (!outcome.ok) {
              setError(outcome.error.message);
              return;
            }
            const r = outcome.data;
            if (r.queued) {
              setResult("Scan started: new findings appear below as it reads each account.");
              setWatchUntil(Date.now() + 60_000);
              return;
            }
            setResult(`Scanned ${r.accounts} accounts: ${r.opened} new, ${r.refreshed} still open, ${r.resolved} resolved${r.errors ? `, ${r.errors} could not be read` : ""}.`);
            router.refresh();
          })
        }
      >
        {pending ? "Scanning…" : "Scan for drift now"}
      </Button>
      {result ? (
        <p role="status" className="text-sm" data-testid="drift-scan-result">
          {result}
        </p>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
    </div>
  );
}
