import type { AuditActor } from "@/lib/platform/audit";
import type { ScaffoldDeps } from "@/lib/scaffold";
import type { RepoRef, WorkloadStore } from "@/lib/workloads";
import type { AccountRequestEvent, AccountRequestStatus, RecordStatus } from "./core/account-request-state";
import type { AccountSetEvent, AccountSetState, SetOutcome } from "./core/account-set-state";
import type { KnownUsage } from "./core/approval-warnings";
import type { BackoffPolicy } from "./core/poll-backoff";
import type { RecordError } from "./core/aws-error";
import type { VendingEnv } from "./core/environments";
import type { OuRef } from "./core/organizational-unit";
import type { PlannedAccount, SsoUser } from "./core/plan-account-set";
import type { TagMap, TagPolicy, TagPolicyKey } from "./core/tag-policy";
import type { VendingSettings } from "./core/vending-settings";

/*
 * What the vending use cases need from the outside world. Adapters in ./adapters implement them
 * on the AWS SDK (Service Catalog, Organizations, EventBridge) and Prisma; use-case tests pass
 * in-memory fakes.
 *
 * Pull requests reuse the scaffold domain's GitHub delivery: `VendingPullRequests` names the
 * publisher methods vending calls (the composition root passes the scaffold's publisher), and
 * each step runs under the platform's checkpoint runner with the checkpoints in the set's
 * `steps`. Only creating a consumer repo from the template is new (`ConsumerRepoFactory`).
 *
 * Every AWS method throws `AwsOperationError` (core/aws-error.ts) on failure, whose `retryable`
 * says whether to wait and try again (throttling, 5xx, timeouts, "another Control Tower
 * operation is in progress") or to report a failure. Every call has a timeout.
 */

// ------------------------------------------------------------ Account Factory

/** How admins pointed at the Account Factory product: ids win over names. */
export interface AccountFactoryLookup {
  productId: string | null;
  productName: string;
  artifactId: string | null;
  artifactName: string | null;
  pathId: string | null;
  pathName: string | null;
}

/** The product, provisioning artifact and launch path ProvisionProduct will use. */
export interface AccountFactoryProduct {
  productId: string;
  productName: string;
  artifactId: string;
  artifactName: string;
  pathId: string;
  pathName: string;
}

/** Account Factory's provisioning parameters, in the domain's words. */
export interface AccountFactoryParameters {
  accountName: string;
  accountEmail: string;
  sso: SsoUser;
  /** Passed as `Name (ou-xxxx-xxxxxxxx)`. */
  ou: OuRef;
}

export interface ProvisionAccountInput {
  product: AccountFactoryProduct;
  /** Unique among provisioned products; Account Factory uses the account name. */
  provisionedProductName: string;
  /** From `deriveProvisionToken`: a replay returns the first call's record. */
  provisionToken: string;
  parameters: AccountFactoryParameters;
}

/** A Service Catalog record (ProvisionProduct's answer, or DescribeRecord's). */
export interface ProvisioningRecord {
  recordId: string;
  status: RecordStatus;
  provisionedProductId: string | null;
  /** `AccountId` from RecordOutputs, once SUCCEEDED. */
  accountId: string | null;
  /** Every RecordOutput, e.g. AccountEmail, SSOUserPortal. */
  outputs: Record<string, string>;
  errors: RecordError[];
  /** When Account Factory created the record (its clock): with `updatedAt`, how long it took. */
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ProvisionedProductSummary {
  id: string;
  name: string;
  /** AVAILABLE | UNDER_CHANGE | TAINTED | ERROR | PLAN_IN_PROGRESS */
  status: string;
  lastRecordId: string | null;
}

/** Control Tower Account Factory, reached through AWS Service Catalog. */
export interface AccountFactory {
  /**
   * Finds the product, artifact and launch path: by id when configured, else by name
   * (`SearchProducts`, `ListProvisioningArtifacts`, `ListLaunchPaths`). Without an artifact
   * name the newest active, non-deprecated artifact is taken; without a path name, the only
   * path. NOT_FOUND (as AwsOperationError or AppError) when something is missing or ambiguous.
   */
  resolveProduct(lookup: AccountFactoryLookup): Promise<AccountFactoryProduct>;
  /** The OUs Account Factory accepts (`DescribeProvisioningParameters`, ManagedOrganizationalUnit). */
  listManagedOus(product: AccountFactoryProduct): Promise<OuRef[]>;
  /** One `ProvisionProduct`. Returns the record to poll; status CREATED on a first call. */
  provisionAccount(input: ProvisionAccountInput): Promise<ProvisioningRecord>;
  /** `DescribeRecord`, with its outputs and errors. */
  describeRecord(recordId: string): Promise<ProvisioningRecord>;
  /** The provisioned product of that exact name (`SearchProvisionedProducts`), to recover after a lost answer. */
  findProvisionedProduct(name: string): Promise<ProvisionedProductSummary | null>;
}

// -------------------------------------------------------------- Organizations

export interface OrganizationalUnit extends OuRef {
  parentId: string;
  /** Names from the root down, this OU last, e.g. ["Workloads", "NonProd"]. */
  path: string[];
}

export type AccountState = "ACTIVE" | "SUSPENDED" | "PENDING_ACTIVATION" | "PENDING_CLOSURE" | "CLOSED";

export interface OrganizationAccount {
  id: string;
  name: string;
  email: string;
  arn: string;
  state: AccountState;
  joinedAt: Date | null;
}

/** An account with where it sits and its tags, as the import reads it. */
export interface OrganizationAccountDetail extends OrganizationAccount {
  parent: { id: string; type: "ROOT" | "ORGANIZATIONAL_UNIT" } | null;
  tags: TagMap;
}

/** AWS Organizations, read and tag. */
export interface OrganizationsDirectory {
  /** Every OU under every root, recursively (`ListRoots`, `ListOrganizationalUnitsForParent`). */
  listOrganizationalUnits(): Promise<OrganizationalUnit[]>;
  /**
   * Every account with its parent and tags (`ListAccounts`, then `ListParents` and
   * `ListTagsForResource` per account with bounded concurrency: estates have hundreds).
   */
  listAccounts(): Promise<OrganizationAccountDetail[]>;
  /** `ListAccounts` alone, every page: names and emails for the uniqueness check of a request. */
  listAccountSummaries(): Promise<OrganizationAccount[]>;
  /** `DescribeAccount`; null when Organizations has no such account. */
  describeAccount(accountId: string): Promise<OrganizationAccount | null>;
  /** `ListTagsForResource`, all pages. */
  listTags(accountId: string): Promise<TagMap>;
  /** `TagResource`: adds or overwrites these keys. */
  tagAccount(accountId: string, tags: TagMap): Promise<void>;
  /** `UntagResource`. */
  untagAccount(accountId: string, keys: string[]): Promise<void>;
}

// --------------------------------------------------------------------- events

export const vendingEventTypes = ["requested", "approved", "rejected", "provisioning", "vended", "failed"] as const;
export type VendingEventType = (typeof vendingEventTypes)[number];

/** What other automation may react to; the audit log records the same moments. */
export interface VendingEvent {
  type: VendingEventType;
  setId: string;
  /** Set for events about one account (provisioning, vended, failed). */
  accountRequestId: string | null;
  workloadSlug: string;
  env: VendingEnv | null;
  accountName: string | null;
  accountId: string | null;
  at: Date;
  /** Extra facts (reason, errors); must be JSON. */
  detail: Record<string, unknown>;
}

/**
 * Publishes vending events (EventBridge `PutEvents`, source `bulkhead.vending`, one detail-type
 * per event type, when a bus is configured; otherwise nothing). Publishing is best effort after
 * the state change commits: the audit log is the record, the bus a notification.
 */
export interface VendingEvents {
  publish(events: VendingEvent[]): Promise<void>;
  /** False when no bus is configured: the worker then does not even build its events. */
  readonly enabled?: boolean;
}

// ------------------------------------------------------------------- GitHub

export type { RepoRef };

/**
 * The scaffold domain's GitHub pull-request publisher, one method per step of the git data API
 * sequence. Vending runs those steps under the platform's checkpoint runner, as the scaffold's
 * delivery does, so both pull requests of a set resume after a crash without a second PR.
 */
export type VendingPullRequests = ScaffoldDeps["publisher"];

/** Creates a workload's consumer repo from the template (`POST /repos/{owner}/{repo}/generate`). */
export interface ConsumerRepoFactory {
  /**
   * Idempotent: when `owner/name` already exists (a retry after a lost answer) it is returned
   * with `created: false`. Throws AppError with a message an admin can act on.
   */
  createFromTemplate(options: { template: RepoRef; owner: string; name: string; description: string; private: boolean }): Promise<{ owner: string; repo: string; created: boolean }>;
}

// ---------------------------------------------------------------------- store

export interface TagPolicyRecord extends TagPolicy {
  note: string;
  createdByName: string | null;
  createdAt: Date | null;
}

export interface VendingSettingsRecord {
  settings: VendingSettings;
  /** Bumped by each save; a save names the revision it edited. */
  revision: number;
  updatedByName: string | null;
  updatedAt: Date;
}

export interface WorkloadRef {
  id: string;
  slug: string;
  name: string;
  teamId: string;
  consumerRepo: string | null;
}

export interface NewWorkload {
  slug: string;
  name: string;
  teamId: string;
}

/** A workload a request may name, with its owning team. */
export interface WorkloadOption {
  id: string;
  slug: string;
  name: string;
  consumerRepo: string | null;
  team: { id: string; slug: string; name: string };
}

/** Checkpoints of one pull request of a set, saved by the checkpoint runner step by step. */
export interface PullRequestSteps {
  base?: { branch: string; sha: string };
  commit?: { sha: string; treeSha: string };
  ref?: { branch: string; sha: string; created: boolean };
  pull?: { number: number; url: string; reused: boolean };
  labels?: { labels: string[] };
}

/** Checkpoints of a set's external steps (consumer repo, provider PR, consumer PR). */
export interface AccountSetSteps {
  consumerRepo?: { owner: string; repo: string; created: boolean };
  /** The new workload, created once the consumer repo exists. */
  workload?: { id: string; slug: string };
  providerPr?: PullRequestSteps;
  consumerPr?: PullRequestSteps;
  /** The last wiring failure; the worker waits until `retryAt` before trying again. */
  wiringError?: { message: string; at: string; attempts: number; retryAt: string } | null;
  [step: string]: unknown;
}

/** Checkpoints of one account's external steps. */
export interface AccountRequestSteps {
  provision?: { recordId: string; attempt: number; at: string };
  tag?: { at: string };
  verify?: { at: string; tags: TagMap };
  [step: string]: unknown;
}

export interface AccountRequestRecord {
  id: string;
  setId: string;
  /** Queue position: lower goes first. */
  seq: number;
  env: VendingEnv;
  accountName: string;
  accountEmail: string;
  ou: OuRef;
  sso: SsoUser;
  tags: TagMap;
  status: AccountRequestStatus;
  attempt: number;
  provisionToken: string;
  provisionedProductId: string | null;
  recordId: string | null;
  recordStatus: RecordStatus | null;
  recordErrors: RecordError[];
  accountId: string | null;
  lastError: string | null;
  failedStep: string | null;
  pollCount: number;
  nextPollAt: Date;
  lease: { owner: string; until: Date } | null;
  steps: AccountRequestSteps;
  submittedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountSetRecord {
  id: string;
  idempotencyKey: string;
  /** Null until a new workload is created at vend. */
  workload: WorkloadRef | null;
  newWorkload: NewWorkload | null;
  /** The workload's slug either way, for names and tags. */
  workloadSlug: string;
  tier: number;
  reason: string;
  requestedBy: { id: string; name: string };
  state: AccountSetState;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  tagPolicyVersion: number;
  steps: AccountSetSteps;
  consumerRepo: string | null;
  providerPrUrl: string | null;
  consumerPrUrl: string | null;
  failureMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** In environment order. */
  accounts: AccountRequestRecord[];
}

export interface NewAccountSet {
  /** Client-chosen: a double submit finds the first request. */
  idempotencyKey: string;
  workload: { id: string } | { new: NewWorkload };
  tier: number;
  reason: string;
  requestedBy: { id: string; name: string };
  tagPolicyVersion: number;
  accounts: PlannedAccount[];
}

/** Who already holds a name or email. */
export interface NameConflict {
  field: "accountName" | "accountEmail";
  value: string;
  holder: { kind: "account"; awsAccountId: string } | { kind: "request"; setId: string; env: VendingEnv };
}

/** A change to one account request. With `event`, the status moves (checked by the core state machine and audited). */
export interface AccountRequestUpdate {
  event?: AccountRequestEvent;
  recordId?: string | null;
  provisionedProductId?: string | null;
  recordStatus?: RecordStatus | null;
  recordErrors?: RecordError[] | null;
  accountId?: string | null;
  lastError?: string | null;
  failedStep?: string | null;
  pollCount?: number;
  nextPollAt?: Date;
  /** Merged into the stored checkpoints. */
  steps?: AccountRequestSteps;
  /** Let go of the lease in the same write (the row waits for its next poll). */
  releaseLease?: boolean;
  /**
   * The row as the lease holder last saw it: the store then writes without reading it first
   * (the write still checks lease and status). Left out, the store reads the row.
   */
  expected?: AccountRequestRecord;
}

export interface AccountRecord {
  id: string;
  awsAccountId: string;
  name: string;
  email: string;
  ou: OuRef | null;
  workload: { id: string; slug: string } | null;
  env: VendingEnv | null;
  /** What the portal set or adopted. */
  tags: TagMap;
  /** What AWS reported at the last import. */
  observedTags: TagMap | null;
  source: "vended" | "imported";
  accountRequestId: string | null;
  state: string;
  joinedAt: Date | null;
  lastSeenAt: Date | null;
}

/** An account as the import found it; the OU is null when the account sits at a root. */
export interface ImportedAccount {
  awsAccountId: string;
  name: string;
  email: string;
  ou: OuRef | null;
  state: string;
  joinedAt: Date | null;
  tags: TagMap;
}

export interface TimelineEntry {
  at: Date;
  /** account_set_request or account_request. */
  subjectType: string;
  subjectId: string;
  action: string;
  actorLabel: string;
  after: unknown;
}

/**
 * Persistence of the vending domain. Every method that changes state records its audit event
 * in the same transaction (the audit log doubles as the per-account timeline).
 */
export interface VendingStore {
  /** The newest policy version, or the built-in default (version 0) before the first save. */
  getTagPolicy(): Promise<TagPolicyRecord>;
  /** Inserts version `baseVersion + 1`; CONFLICT when someone saved since `baseVersion`. Audited with before/after. */
  saveTagPolicy(input: { keys: TagPolicyKey[]; baseVersion: number; note: string }, actor: AuditActor): Promise<TagPolicyRecord>;
  listTagPolicyVersions(options: { take: number }): Promise<TagPolicyRecord[]>;

  getSettings(): Promise<VendingSettingsRecord>;
  /** CONFLICT when the settings changed since `baseRevision`. Audited with before/after. */
  saveSettings(input: { settings: VendingSettings; baseRevision: number }, actor: AuditActor): Promise<VendingSettingsRecord>;

  findWorkload(slug: string): Promise<WorkloadRef | null>;
  findTeam(slug: string): Promise<{ id: string; slug: string; name: string } | null>;
  /** Workloads by slug (or all), ordered by slug, with their teams. */
  listWorkloadOptions(slugs: string[] | "all"): Promise<WorkloadOption[]>;
  /** Every team, ordered by slug. */
  listTeams(): Promise<Array<{ id: string; slug: string; name: string }>>;
  /** Who holds any of these names or emails (case-insensitive): stored accounts and open requests. */
  findNameConflicts(options: { names: string[]; emails: string[] }): Promise<NameConflict[]>;
  /** OUs and tag values the stored accounts already use (for approval warnings). */
  listKnownUsage(): Promise<KnownUsage>;

  /**
   * Stores the set and its accounts (status queued, tokens derived from their ids) with the
   * `vending.set.request` audit event, in one transaction serialised with every other request,
   * so two requests cannot both take a name. CONFLICT with field errors when a name, email or
   * new-workload slug is taken; nothing is written then. An idempotency key already used by the
   * same requester returns that request with `created: false`.
   */
  createAccountSet(input: NewAccountSet, actor: AuditActor): Promise<{ record: AccountSetRecord; created: boolean }>;
  findAccountSet(id: string): Promise<AccountSetRecord | null>;
  /** The request stored under this idempotency key, if any (a double submit). */
  findAccountSetByIdempotencyKey(key: string): Promise<AccountSetRecord | null>;
  /**
   * Newest first. `visibleTo` keeps the sets a person may see: their own requests and those of
   * the workloads (or, for new workloads, the teams) they belong to.
   */
  listAccountSets(options: {
    states?: AccountSetState[];
    requestedById?: string;
    workloadIds?: string[] | "all";
    visibleTo?: { userId: string; workloadIds: string[]; teamIds: string[] };
    skip: number;
    take: number;
  }): Promise<{ rows: AccountSetRecord[]; total: number }>;
  /**
   * Approves or rejects a requested set with the decider and reason, audited. A rejection
   * cancels its accounts, freeing their names. CONFLICT when it is no longer requested;
   * FORBIDDEN when the decider is the requester (the database refuses it too).
   */
  decideAccountSet(id: string, decision: { decision: "approve" | "reject"; reason: string; decider: { id: string; name: string } }, actor: AuditActor): Promise<AccountSetRecord>;
  /** start, settle or retry a set (approve/reject go through `decideAccountSet`), audited. A retry also clears the last wiring error. */
  transitionAccountSet(id: string, event: AccountSetEvent, actor: AuditActor, patch?: { failureMessage?: string | null }): Promise<AccountSetRecord>;

  /**
   * Claims up to `maxInFlight` minus the accounts in flight, oldest queued first, moving them
   * to `submitted` with a lease for `owner`. The count and the claim run under one advisory
   * lock in one transaction, so the cap holds across every worker process sharing the database.
   * Only accounts of approved or provisioning sets are claimed; their sets move to provisioning.
   * A lock-free look first skips the lock when every slot is taken or nothing is queued;
   * `look: false` (the caller just let a slot go) goes straight to the claim.
   */
  claimQueuedAccounts(options: { maxInFlight: number; owner: string; leaseMs: number; look?: boolean }, actor: AuditActor): Promise<AccountRequestRecord[]>;
  /** Accounts holding an in-flight slot now (submitted or in progress). */
  countInFlight(): Promise<number>;
  /**
   * Leases up to `limit` active accounts whose next poll is due and whose lease is free or
   * expired (a crashed worker's), soonest first; `FOR UPDATE SKIP LOCKED`, so two workers never
   * get the same row.
   */
  leaseDueAccounts(options: { owner: string; leaseMs: number; limit: number }): Promise<AccountRequestRecord[]>;
  /**
   * Applies `update` while `owner` holds the lease, renewing it (or releasing it). Returns false,
   * writing nothing, when the lease was taken over. A status change is checked by the state
   * machine (CONFLICT when illegal) and audited; moving back to queued starts a new attempt with
   * a new provision token.
   */
  updateAccountRequest(id: string, update: AccountRequestUpdate, lease: { owner: string; leaseMs: number }, actor: AuditActor): Promise<boolean>;
  /**
   * → done, and the account stored (source vended, linked to the workload) with the tags it was
   * given, in one transaction. From succeeded or tagged it passes through tagged and verified on
   * the way (the worker tagged and read the tags back before this write; both are idempotent, so
   * a crash before it only repeats them), one audit event per state, with `steps` merged into
   * the checkpoints. Returns false when the lease was lost. `expected`, the row as the lease
   * holder last saw it, spares the store reading it first (as in `updateAccountRequest`).
   */
  completeAccountRequest(id: string, lease: { owner: string; steps?: AccountRequestSteps; expected?: AccountRequestRecord }, actor: AuditActor): Promise<boolean>;
  /**
   * failed → queued (new attempt, new token) or → succeeded (the account exists: tag again), by
   * an admin, audited. The claim only takes accounts of approved or provisioning sets, so a
   * settled set must be moved back with `transitionAccountSet(id, { type: "retry" })` as well.
   */
  retryAccountRequest(id: string, actor: AuditActor): Promise<AccountRequestRecord>;
  /**
   * Records the workload created for a request's new workload, and links the accounts already
   * vended for it. Idempotent for the same workload; CONFLICT for another.
   */
  attachWorkload(setId: string, workloadId: string, actor: AuditActor): Promise<void>;
  findAccountRequest(id: string): Promise<AccountRequestRecord | null>;

  /**
   * Leases up to `limit` provisioning sets whose accounts have all stopped moving (done, failed
   * or cancelled), whose lease is free or expired and whose wiring is not waiting for a retry:
   * the sets to wire up and settle. `FOR UPDATE SKIP LOCKED`, so two workers never get one set.
   */
  leaseSetsToSettle(options: { owner: string; leaseMs: number; limit: number }): Promise<AccountSetRecord[]>;
  /**
   * Merges `patch` into the set's checkpoints (and the matching columns: consumer repo, PR
   * URLs) and renews the lease, while `owner` holds it. False, writing nothing, when the lease
   * was taken over.
   */
  saveSetSteps(id: string, patch: AccountSetSteps, lease: { owner: string; leaseMs: number }): Promise<boolean>;
  /**
   * provisioning → `outcome` (vended, partially failed or failed) with its failure message, while
   * `owner` holds the set's lease, which the same write lets go: the worker's last write of a set,
   * audited. False, writing nothing, when the lease was taken over or the set is no longer
   * provisioning.
   */
  settleLeasedSet(id: string, settle: { outcome: SetOutcome; failureMessage: string | null }, owner: string, actor: AuditActor): Promise<boolean>;
  releaseSetLease(id: string, owner: string): Promise<void>;
  /**
   * The earliest moment vending work is due, or null when there is none at all. `scope`
   * "accounts" counts polls and queued accounts (while a slot is free), "sets" the sets waiting to be wired; either
   * way null means nothing is left anywhere, so a worker may stop.
   */
  findNextDueAt(scope?: "accounts" | "sets" | "all"): Promise<Date | null>;
  /** Every state change of the set and its accounts, oldest first, from the audit log. */
  listTimeline(setId: string): Promise<TimelineEntry[]>;

  /**
   * Upserts accounts found in Organizations: new ones as imported (their tags become the
   * recorded tags), known ones get name, email, OU, state and observed tags refreshed. Links an
   * unlinked account to the workload named by its Workload tag and its Environment tag.
   * One summary audit event per run.
   */
  recordImportedAccounts(accounts: ImportedAccount[], options: { seenAt: Date }, actor: AuditActor): Promise<{ created: number; updated: number; linked: number }>;
  /** Ordered by name. `search` matches name, email or account id (case-insensitive). */
  listAccounts(options: {
    workloadIds?: string[] | "all";
    search?: string;
    source?: "vended" | "imported";
    env?: VendingEnv | "none";
    workloadSlug?: string | "none";
    skip: number;
    take: number;
  }): Promise<{ rows: AccountRecord[]; total: number }>;
  findAccount(awsAccountId: string): Promise<AccountRecord | null>;
}

/** How fast the worker polls and how long it holds its leases; tests and the benchmark shorten them. */
export interface VendingTimings {
  /** DescribeRecord polling (default: 15 s growing to 2 min). */
  pollBackoff: BackoffPolicy;
  /** Throttling, 5xx, "another operation in progress" (default: 5 s growing to 5 min). */
  retryBackoff: BackoffPolicy;
  /** Lease on an account or set while a worker moves it; renewed by every write. */
  leaseMs: number;
  /** Wiring failures (GitHub) tried again this many times before the set is settled as failed. */
  maxWiringAttempts: number;
}

export interface VendingConfig {
  /** The portal's public URL, for links in pull request bodies; null leaves them relative. */
  publicUrl: string | null;
}

/** Everything the vending use cases take; built by `getVendingDeps()` in the app, by hand in tests. */
export interface VendingDeps {
  store: VendingStore;
  accountFactory: AccountFactory;
  directory: OrganizationsDirectory;
  events: VendingEvents;
  pullRequests: VendingPullRequests;
  repoFactory: ConsumerRepoFactory;
  /**
   * The workloads domain's store: a new workload is registered there (with the requester as its
   * manual lead, in one transaction) once its consumer repo exists.
   */
  workloads: Pick<WorkloadStore, "findWorkload" | "createWorkload">;
  config: VendingConfig;
  /** Asks the background worker to run now (after an approval or a retry); resolves once queued. */
  wakeWorker: () => Promise<void>;
  timings?: Partial<VendingTimings>;
  now?: () => Date;
  random?: () => number;
}
