import type { AuditActor } from "@/lib/platform/audit";
import type { PullRequestState } from "@/lib/platform/github/read-pull-request-state";
import type { ConsumptionInput, RepoRef, WorkloadRecord, WorkloadsDeps } from "@/lib/workloads";
import type { VersionAdvisory, VulnerabilityAcknowledgement } from "./core/decide-vulnerable-version";
import type { ModuleVersionLink } from "./core/scaffold-links";
import type { ScaffoldVariable } from "./core/scaffold-variable";

/*
 * What the scaffold use cases need from the outside world. Adapters in ./adapters implement
 * these on Prisma and the GitHub App; tests pass in-memory fakes (see deliver-scaffold.test.ts).
 */

export interface FileToCommit {
  path: string;
  content: string;
}

export interface PullRequestRef {
  number: number;
  url: string;
}

/**
 * Delivers files as a pull request through GitHub's git data API, one call per method so that
 * the caller can checkpoint after each step and resume a half-done delivery.
 * Every method throws AppError with a message a user can act on (permission, rate limit, ...).
 */
export interface PullRequestPublisher {
  /** The repo's default branch and the sha it points at (`GET /repos`, `GET git/ref/heads/<b>`). */
  readBaseRef(repo: RepoRef): Promise<{ branch: string; sha: string }>;
  /** Blobs, a tree on top of the base commit's tree, and a commit whose parent is the base. */
  createCommit(repo: RepoRef, options: { baseSha: string; files: FileToCommit[]; message: string }): Promise<{ sha: string; treeSha: string }>;
  /** Creates `refs/heads/<branch>` at sha, or force-moves it there when it already exists. */
  pointBranch(repo: RepoRef, options: { branch: string; sha: string }): Promise<{ created: boolean }>;
  /** The open pull request from `branch`, if any (guards against a second PR after a crash). */
  findOpenPullRequest(repo: RepoRef, options: { branch: string }): Promise<PullRequestRef | null>;
  openPullRequest(repo: RepoRef, options: { branch: string; base: string; title: string; body: string }): Promise<PullRequestRef>;
  addLabels(repo: RepoRef, options: { number: number; labels: string[] }): Promise<void>;
  /** Team slugs (without org) asked to review. */
  requestTeamReviewers(repo: RepoRef, options: { number: number; teams: string[] }): Promise<void>;
  /** The PR's state on GitHub (open, merged with its merge commit, closed), for the reconcile job. */
  readPullRequest(repo: RepoRef, options: { number: number }): Promise<PullRequestState>;
}

/** A catalogue module version, as a scaffold request records it. */
export interface ScaffoldModuleVersion {
  id: string;
  version: string;
  tag: string;
  status: "active" | "deprecated" | "vulnerable" | "withdrawn";
  statusReason: string | null;
  /** Set for vulnerable versions: severity, advisory text and link, the fixing version. */
  advisory: VersionAdvisory | null;
  hasErrors: boolean;
  module: {
    id: string;
    name: string;
    /** Path in the source repo, "" for the repo root. */
    path: string;
    provider: string;
    latestVersion: string | null;
    source: RepoRef;
  };
}

/** A module version with its variables (its docs' inputs), which the form, validation and PR body use. */
export interface ModuleVersionRecord extends ScaffoldModuleVersion {
  variables: ScaffoldVariable[];
}

export type ScaffoldState = "draft" | "pr_open" | "merged" | "closed" | "failed";
export type ScaffoldKind = "create" | "update" | "promote";

/** Checkpoints of delivery steps that are done, keyed by step. */
export interface DeliverySteps {
  base?: { branch: string; sha: string };
  commit?: { sha: string; treeSha: string };
  ref?: { branch: string; sha: string; created: boolean };
  pull?: { number: number; url: string; reused: boolean };
  labels?: { labels: string[] };
  reviewers?: { teams: string[]; error: string | null };
  /**
   * A PR title and body another domain prepared (the estate's upgrade PRs, with the changelog and
   * the input diff), escaped by its author; delivery uses them instead of rendering its own.
   */
  pullRequestText?: { title: string; body: string };
  /** For promotions: the unit that was copied (kept here because `promotedFromId` may be null). */
  promotedFromPath?: string;
  /** How many times the resume job retried this request after a failure that left its PR open. */
  automaticRetries?: number;
  /** Who is delivering now; a second delivery waits instead of racing it. */
  lease?: { owner: string; until: string } | null;
}

/** What a scaffold request writes where, and who asked: shared by the stored record and a new request. */
export interface ScaffoldTarget {
  env: string;
  region: string;
  unitName: string;
  unitPath: string;
  style: "terragrunt" | "terraform";
  inputs: Record<string, unknown>;
  files: FileToCommit[];
  promotedFromId: string | null;
  requestedById: string;
  requestedByName: string;
}

export interface ScaffoldRecord extends ScaffoldTarget {
  id: string;
  idempotencyKey: string;
  kind: ScaffoldKind;
  workload: WorkloadRecord;
  moduleVersion: ScaffoldModuleVersion;
  state: ScaffoldState;
  branch: string;
  baseSha: string | null;
  commitSha: string | null;
  prNumber: number | null;
  prUrl: string | null;
  /** When the PR was recorded as opened; null until then. */
  prOpenedAt: Date | null;
  mergeCommitSha: string | null;
  steps: DeliverySteps;
  failedStep: string | null;
  failureMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What `ScaffoldStore.createScaffold` stores: a new request, before it has an id. */
export interface NewScaffoldRecord extends ScaffoldTarget {
  idempotencyKey: string;
  kind: ScaffoldKind;
  workloadId: string;
  moduleVersionId: string;
  /** Initial `steps` content (e.g. `promotedFromPath`). */
  steps?: DeliverySteps;
  /** Derived from the id, so the caller supplies a function of it. */
  branchFor: (id: string) => string;
  /**
   * The builder's confirmation that they use a vulnerable version knowingly
   * (`decideVulnerableVersion`); null when the version was not vulnerable when checked.
   */
  vulnerabilityAcknowledgement: VulnerabilityAcknowledgement | null;
}

/** The catalogue's module versions, as the scaffold reads them. */
export interface ModuleVersionReader {
  findModuleVersion(id: string): Promise<ModuleVersionRecord | null>;
  /** The id of the version a link names, or null when the catalogue has no such version. */
  findModuleVersionId(link: ModuleVersionLink): Promise<string | null>;
}

/**
 * Persistence of scaffold requests, and of the consumption a merged request records. Each
 * method that changes state records its audit event in the same transaction. Workloads and
 * consumer-repo scans are the workloads domain's (`WorkloadStore`).
 */
export interface ScaffoldStore {
  /**
   * Inserts the request (state draft) and its `scaffold.create` audit event in one transaction,
   * with `scaffold.vulnerability_acknowledged` when the request carries an acknowledgement.
   * The version's status is read again in that transaction, under a share lock: a version
   * flagged vulnerable since the caller checked it, and not acknowledged, is refused (CONFLICT)
   * and nothing is written. When the idempotency key is already taken, nothing is written and
   * the existing request is returned with `created: false`.
   */
  createScaffold(data: NewScaffoldRecord, actor: AuditActor): Promise<{ record: ScaffoldRecord; created: boolean }>;
  findScaffold(id: string): Promise<ScaffoldRecord | null>;
  findScaffoldByKey(idempotencyKey: string): Promise<ScaffoldRecord | null>;
  /** The scaffold whose PR this is, by PR number, else by head branch. */
  findScaffoldByPull(options: { repo: RepoRef; number: number; branch: string | null }): Promise<ScaffoldRecord | null>;
  /** The newest merged scaffold that wrote `unitPath` of the workload. */
  findLatestMergedScaffold(options: { workloadId: string; unitPath: string }): Promise<ScaffoldRecord | null>;
  listScaffolds(options: { workloadIds: string[] | "all"; requestedById?: string; skip: number; take: number }): Promise<{ rows: ScaffoldRecord[]; total: number }>;

  /**
   * Takes the delivery lease when it is free or expired (a conditional update, so two racing
   * deliveries cannot both win). Returns false when someone else holds it.
   */
  acquireDeliveryLease(id: string, options: { owner: string; ttlMs: number }): Promise<boolean>;
  releaseDeliveryLease(id: string, owner: string): Promise<void>;
  /**
   * Records one finished delivery step, merging it into `steps` and the matching columns, and
   * renews the lease. Writes only while `lease.owner` still holds the lease; returns false when
   * it has lost it (expired and taken by another delivery), and then nothing is written.
   */
  saveCheckpoint(id: string, steps: DeliverySteps, lease: { owner: string; ttlMs: number }): Promise<boolean>;
  /** draft|failed → draft again, clearing the failure, with `scaffold.retry` audited. */
  markRetrying(id: string, actor: AuditActor): Promise<void>;
  markPrOpen(id: string, options: { prNumber: number; prUrl: string }, actor: AuditActor): Promise<void>;
  markFailed(id: string, options: { failedStep: string; failureMessage: string }, actor: AuditActor): Promise<void>;
  /** → merged, and the consumption upserted, in one transaction with the audit event. */
  markMerged(id: string, options: { mergeCommitSha: string; consumption: ConsumptionInput }, actor: AuditActor): Promise<void>;
  markClosed(id: string, actor: AuditActor): Promise<void>;

  /** Ids of requests still in draft, untouched since `before`: deliveries a crash left behind. */
  listStalledDrafts(before: Date): Promise<string[]>;
  /**
   * Ids of failed requests whose PR exists (a later step such as labels failed), untouched since
   * `before`, retried automatically fewer than `maxAutomaticRetries` times (`steps.automaticRetries`).
   */
  listFailedWithPullRequest(options: { before: Date; maxAutomaticRetries: number }): Promise<string[]>;
  /** Requests whose PR we hold as open (pr_open, or failed after the PR was made), least recently changed first. */
  listOpenPullRequests(options: { limit: number }): Promise<ScaffoldRecord[]>;
}

/** Everything the scaffold use cases take; built by `getScaffoldDeps()` in the app, by hand in tests. */
export interface ScaffoldDeps {
  store: ScaffoldStore;
  /** Module versions from the catalogue. */
  versions: ModuleVersionReader;
  /** The workloads domain: workloads, memberships and reads of their consumer repos. */
  workloads: WorkloadsDeps;
  publisher: PullRequestPublisher;
  config: {
    /** Base of module source URLs written into new units: `<gitUrl>/<owner>/<repo>.git`. */
    gitUrl: string;
    /** The portal's public URL for links in PR bodies; null leaves links relative. */
    publicUrl: string | null;
  };
  /** How long one delivery may hold its lease before another may take over (crash recovery). */
  leaseTtlMs?: number;
}
