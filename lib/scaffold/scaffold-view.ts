import type { ScaffoldRecord } from "./ports";

/** A scaffold request as pages and API clients see it (no internal checkpoints). */
export interface ScaffoldView {
  id: string;
  kind: ScaffoldRecord["kind"];
  state: ScaffoldRecord["state"];
  workload: { slug: string; name: string; consumerRepo: string | null };
  module: { name: string; source: string };
  version: string;
  moduleVersionId: string;
  env: string;
  region: string;
  unitName: string;
  unitPath: string;
  style: ScaffoldRecord["style"];
  /**
   * False for a viewer who is not a member of the workload (nor an admin): `inputs` and `files`
   * are then empty, and the request's page is not theirs to open.
   */
  detailsVisible: boolean;
  inputs: Record<string, unknown>;
  files: Array<{ path: string; content: string }>;
  branch: string;
  prNumber: number | null;
  prUrl: string | null;
  prOpenedAt: string | null;
  mergeCommitSha: string | null;
  failedStep: string | null;
  failureMessage: string | null;
  /** Set when GitHub refused the team reviewers; the PR is open regardless. */
  reviewerWarning: string | null;
  requestedByName: string;
  createdAt: string;
  updatedAt: string;
  promotedFromId: string | null;
}

/** What createScaffold, retryScaffold and promoteUnit answer. */
export interface ScaffoldOutcome {
  id: string;
  state: ScaffoldRecord["state"];
  prUrl: string | null;
  prNumber: number | null;
  failedStep: string | null;
  failureMessage: string | null;
}

/** The request as a viewer sees it; `detailsVisible` false leaves out its inputs and files. */
export function toScaffoldView(record: ScaffoldRecord, options: { detailsVisible: boolean }): ScaffoldView {
  const source = record.moduleVersion.module.source;
  return {
    id: record.id,
    kind: record.kind,
    state: record.state,
    workload: { slug: record.workload.slug, name: record.workload.name, consumerRepo: record.workload.consumerRepo },
    module: { name: record.moduleVersion.module.name, source: `${source.owner}/${source.repo}` },
    version: record.moduleVersion.version,
    moduleVersionId: record.moduleVersion.id,
    env: record.env,
    region: record.region,
    unitName: record.unitName,
    unitPath: record.unitPath,
    style: record.style,
    detailsVisible: options.detailsVisible,
    inputs: options.detailsVisible ? record.inputs : {},
    files: options.detailsVisible ? record.files : [],
    branch: record.branch,
    prNumber: record.prNumber,
    prUrl: record.prUrl,
    prOpenedAt: record.prOpenedAt?.toISOString() ?? null,
    mergeCommitSha: record.mergeCommitSha,
    failedStep: record.failedStep,
    failureMessage: record.failureMessage,
    reviewerWarning: record.steps.reviewers?.error ?? null,
    requestedByName: record.requestedByName,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    promotedFromId: record.promotedFromId,
  };
}

export function toScaffoldOutcome(record: ScaffoldRecord): ScaffoldOutcome {
  return {
    id: record.id,
    state: record.state,
    prUrl: record.prUrl,
    prNumber: record.prNumber,
    failedStep: record.failedStep,
    failureMessage: record.failureMessage,
  };
}
