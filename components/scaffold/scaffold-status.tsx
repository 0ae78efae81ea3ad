"use client";

import Link from "next/link";
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { ScaffoldDetail, ScaffoldOutcome } from "@/lib/scaffold";
import { describeDeliveryStep } from "@/lib/scaffold/core/delivery-steps";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LiveStateHeading, useLiveRequest } from "@/components/shared/live-request";
import { FileContent } from "./file-diff";
import { ScaffoldStateBadge } from "./scaffold-state-badge";
import { DetailItem } from "@/components/ui/detail-item";
import { formatDateTime } from "@/lib/platform/format-date-time";

export interface ScaffoldStatusProps {
  initial: ScaffoldDetail;
  load: (input: { id: string }) => Promise<ActionResult<ScaffoldDetail>>;
  retry: (input: { id: string }) => Promise<ActionResult<ScaffoldOutcome>>;
  /** Polling period while the request is draft or pr_open. */
  pollMs?: number;
}


/**
 * A scaffold request's state, PR, files and inputs. It polls while the request is in flight
 * (draft, pr_open) so a merge or close shows up without a reload; failed requests offer Retry.
 */
export function ScaffoldStatus({ initial, load, retry, pollMs = 3000 }: ScaffoldStatusProps) {
  const { view: s, live, refreshError, runRetry, retrying, retryError } = useLiveRequest({
    kind: "scaffold",
    initial,
    load,
    isLive: (view) => view.state === "draft" || view.state === "pr_open",
    pollMs,
  });
  const onRetry = () => runRetry(() => retry({ id: s.id }));

  const timeline = [
    { label: `Requested by ${s.requestedByName}`, at: s.createdAt },
    ...(s.prUrl ? [{ label: `Pull request #${s.prNumber} opened`, at: s.prOpenedAt }] : []),
    ...(s.state === "merged" ? [{ label: `Merged${s.mergeCommitSha ? ` as ${s.mergeCommitSha.slice(0, 7)}` : ""}; consumption recorded`, at: s.updatedAt }] : []),
    ...(s.state === "closed" ? [{ label: "Closed without merging", at: s.updatedAt }] : []),
    ...(s.state === "failed" ? [{ label: `Failed while ${describeDeliveryStep(s.failedStep)}`, at: s.updatedAt }] : []),
  ];

  return (
    <div className="space-y-6">
      <Card aria-labelledby="status-heading">
        <LiveStateHeading id="status-heading" badge={<ScaffoldStateBadge state={s.state} />} live={live} refreshError={refreshError} />
        <dl className="mt-4 grid gap-3 text-sm sm:grid-cols-2">
          <DetailItem term="Pull request">
            {s.prUrl ? (
              <a href={s.prUrl} className="text-accent underline" data-testid="pr-link">
                #{s.prNumber} in {s.workload.consumerRepo}
              </a>
            ) : (
              "not opened yet"
            )}
          </DetailItem>
          <DetailItem term="Branch" className="font-mono text-xs break-all">{s.branch}</DetailItem>
          <DetailItem term="Workload">
            <Link href={`/workloads/${s.workload.slug}`} className="underline">
              {s.workload.name}
            </Link>
          </DetailItem>
          <DetailItem term="Module">
            {s.module.name} {s.version} <span className="font-mono text-xs text-fg-subtle">({s.module.source})</span>
          </DetailItem>
          <DetailItem term="Unit" className="font-mono text-xs break-all">{s.unitPath}</DetailItem>
          <DetailItem term="Kind">
            {s.kind}
            {s.promotedFromId ? (
              <>
                {" "}
                (from{" "}
                <Link href={`/scaffold/${s.promotedFromId}`} className="underline">
                  an earlier request
                </Link>
                )
              </>
            ) : null}
          </DetailItem>
        </dl>
        {s.reviewerWarning ? <p className="mt-3 text-sm text-warning">Reviewers: {s.reviewerWarning}</p> : null}
      </Card>

      {s.state === "failed" ? (
        <div role="alert" className="rounded-md border border-danger-line bg-danger-soft p-4 text-sm text-danger">
          <p className="font-semibold">Failed while {describeDeliveryStep(s.failedStep)}</p>
          <p className="mt-1" data-testid="failure-message">
            {s.failureMessage ?? "No details were recorded."}
          </p>
          {s.canRetry ? (
            <Button type="button" className="mt-3" onClick={onRetry} disabled={retrying}>
              {retrying ? "Retrying…" : "Retry"}
            </Button>
          ) : null}
          {retryError ? <p className="mt-2">{retryError}</p> : null}
        </div>
      ) : null}

      <Card aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="text-base font-semibold">
          Timeline
        </h2>
        <ol className="mt-3 space-y-2 border-l border-line pl-4 text-sm">
          {timeline.map((entry) => (
            <li key={entry.label}>
              {entry.label}
              {entry.at ? <time className="ml-2 text-xs text-fg-subtle" dateTime={entry.at}>{formatDateTime(entry.at, { seconds: true })}</time> : null}
            </li>
          ))}
        </ol>
      </Card>

      <Card aria-labelledby="inputs-heading">
        <h2 id="inputs-heading" className="text-base font-semibold">
          Inputs
        </h2>
        {Object.keys(s.inputs).length === 0 ? (
          <p className="mt-2 text-sm text-fg-muted">Every input is left at its default.</p>
        ) : (
          <FileContent content={JSON.stringify(s.inputs, null, 2)} label="Inputs as JSON" />
        )}
      </Card>

      <Card aria-labelledby="files-heading">
        <h2 id="files-heading" className="text-base font-semibold">
          Files
        </h2>
        <div className="mt-3 space-y-3">
          {s.files.map((file) => (
            <div key={file.path}>
              <h3 className="mb-1 font-mono text-xs">{file.path}</h3>
              <FileContent content={file.content} label={`Content of ${file.path}`} />
            </div>
          ))}
        </div>
      </Card>
    </div>
  );
}
