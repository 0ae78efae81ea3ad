"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LiveStateHeading, useLiveRequest } from "@/components/shared/live-request";
import { DetailItem } from "@/components/ui/detail-item";
import { Alert } from "@/components/ui/alert";
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { ApprovalWarning } from "@/lib/vending/core/approval-warnings";
import type { AccountSetView } from "@/lib/vending/vending-views";
import { DecisionForm } from "@/components/shared/decision-form";
import { accountSetDecisionLabels } from "./decision-labels";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { SetAccounts } from "./set-accounts";
import { SetTimeline } from "./set-timeline";
import { SetStateBadge } from "./vending-badges";

export interface AccountSetStatusProps {
  initial: AccountSetView;
  load: (input: { id: string }) => Promise<ActionResult<AccountSetView>>;
  decide: (input: { id: string; decision: "approve" | "reject"; reason: string }) => Promise<ActionResult<unknown>>;
  retry: (input: { id: string; accountRequestId?: string }) => Promise<ActionResult<unknown>>;
  /** Polling period while the request waits or vends. */
  pollMs?: number;
}

/** Approval warnings, for admins deciding a request. */
export function WarningList({ warnings }: { warnings: ApprovalWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert tone="warning" role="note" title="Check before approving" data-testid="approval-warnings">
      <ul className="list-disc space-y-1 pl-5">
        {warnings.map((warning, i) => (
          <li key={`${warning.code}-${i}`}>{warning.message}</li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * A request's live status: the set's state and decision, each account's progress and id, the
 * pull requests, errors in plain words and the timeline. It polls while the request waits for
 * a decision or vends; admins decide or retry from here.
 */
export function AccountSetStatus({ initial, load, decide, retry, pollMs = 2000 }: AccountSetStatusProps) {
  const { view: s, live, refreshError, refresh, runRetry, retrying, retryError } = useLiveRequest({ kind: "account-set", initial, load, isLive: (view) => view.live, pollMs });
  const onRetry = (accountRequestId?: string) => runRetry(() => retry({ id: s.id, ...(accountRequestId ? { accountRequestId } : {}) }));

  return (
    <div className="space-y-6">
      <Card aria-labelledby="state-heading">
        <LiveStateHeading id="state-heading" badge={<SetStateBadge state={s.state} />} live={live} refreshError={refreshError} />
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
          <DetailItem term="Workload">
            {s.workload.name} <span className="font-mono text-xs text-fg-subtle">({s.workload.slug})</span>
            {s.workload.isNew ? " · new workload" : null}
          </DetailItem>
          <DetailItem term="Requested">
            by {s.requestedBy}, <time dateTime={s.createdAt}>{formatDateTime(s.createdAt)}</time>
          </DetailItem>
          <DetailItem term="Tier">{s.tier}</DetailItem>
          <DetailItem term="Reason">{s.reason || "none given"}</DetailItem>
          <DetailItem term="Decision" data-testid="decision">
            {s.decidedBy ? (
              <>
                {s.state === "rejected" ? "Rejected" : "Approved"} by {s.decidedBy}
                {s.decidedAt ? <>, <time dateTime={s.decidedAt}>{formatDateTime(s.decidedAt)}</time></> : null}
              </>
            ) : (
              "waiting for a platform admin"
            )}
          </DetailItem>
          {s.decisionReason ? (
            <DetailItem term={s.state === "rejected" ? "Why it was rejected" : "Approver's note"} data-testid="decision-reason">
              {s.decisionReason}
            </DetailItem>
          ) : null}
          <DetailItem term="Provider repo pull request">
            {s.providerPrUrl ? (
              <a href={s.providerPrUrl} className="text-accent underline break-all" data-testid="provider-pr-link">
                {s.providerPrUrl}
              </a>
            ) : (
              "opened once every account is vended"
            )}
          </DetailItem>
          <DetailItem term="Consumer repo pull request">
            {s.consumerPrUrl ? (
              <a href={s.consumerPrUrl} className="text-accent underline break-all" data-testid="consumer-pr-link">
                {s.consumerPrUrl}
              </a>
            ) : (
              "opened once every account is vended"
            )}
          </DetailItem>
          {s.consumerRepo ? (
            <DetailItem term="Consumer repo" className="font-mono text-xs break-all" data-testid="consumer-repo">
              {s.consumerRepo}
            </DetailItem>
          ) : null}
        </dl>
      </Card>

      {s.state === "rejected" ? (
        <Alert tone="error" title="This request was rejected" data-testid="rejection">
          {s.decisionReason}
        </Alert>
      ) : null}
      {s.failureMessage ? (
        <Alert tone="error" title={s.state === "failed" && s.accounts.every((a) => a.status === "done") ? "The pull requests could not be opened" : "Some accounts could not be vended"}>
          <p data-testid="failure-message">{s.failureMessage}</p>
          {s.canRetry ? (
            <Button type="button" className="mt-3" onClick={() => onRetry()} disabled={retrying}>
              {retrying ? "Retrying…" : "Retry what failed"}
            </Button>
          ) : null}
        </Alert>
      ) : null}
      {s.wiringError && !s.failureMessage ? (
        <Alert tone="warning" title="Opening the pull requests failed; retrying">
          {s.wiringError}
        </Alert>
      ) : null}
      {retryError ? <Alert tone="error">{retryError}</Alert> : null}

      {s.state === "requested" ? (
        <Card aria-labelledby="decide-heading">
          <h2 id="decide-heading" className="text-base font-semibold">
            Decision
          </h2>
          <div className="mt-3 space-y-3">
            <WarningList warnings={s.warnings} />
            {s.canDecide ? (
              <DecisionForm requestId={s.id} decide={decide} labels={accountSetDecisionLabels} onDecided={refresh} />
            ) : (
              <p className="text-sm text-fg-muted" data-testid="decide-blocked">
                {s.decideBlockedReason}
              </p>
            )}
          </div>
        </Card>
      ) : null}

      <Card aria-labelledby="accounts-heading">
        <h2 id="accounts-heading" className="mb-3 text-base font-semibold">
          Accounts
        </h2>
        <SetAccounts
          accounts={s.accounts}
          progress={s.state !== "requested"}
          retry={
            s.canRetry
              ? (accountRequestId) => (
                  <Button type="button" variant="secondary" onClick={() => onRetry(accountRequestId)} disabled={retrying}>
                    Retry this account
                  </Button>
                )
              : undefined
          }
        />
      </Card>

      <Card aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-3 text-base font-semibold">
          Timeline
        </h2>
        <SetTimeline items={s.timeline} />
      </Card>
    </div>
  );
}
