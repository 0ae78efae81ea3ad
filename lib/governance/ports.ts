import type { AuditActor } from "@/lib/platform/audit";
import type { OrganizationsDirectory, TagMap, TagPolicy } from "@/lib/vending";
import type { ApplyRate } from "./core/apply-plan";
import type { AuditChainHead, AuditChainRow } from "./core/audit-chain";
import type { DriftFindingStatus, DriftKind } from "./core/drift";
import type { PlannedTagChangeItem } from "./core/plan-tag-change";
import type { TagChanges } from "./core/tag-change";
import type { TagChangeItemStatus, TagChangeState } from "./core/tag-change-state";

/*
 * What the governance use cases need from the outside world. Tags are read and written through
 * vending's Organizations port (its AWS adapter, lib/vending/adapters/organizations-directory.ts,
 * maps every SDK failure to `AwsOperationError` with `retryable`); everything stored goes
 * through `GovernanceStore` (adapters/prisma-governance-store.ts), whose every state change
 * commits together with its audit event. Use-case tests pass in-memory fakes.
 */

/**
 * AWS Organizations, tags only: `ListTagsForResource` (all pages), `TagResource` (adds or
 * overwrites keys) and `UntagResource`. Each call has a timeout and throws `AwsOperationError`.
 */
export type TagDirectory = Pick<OrganizationsDirectory, "listTags" | "tagAccount" | "untagAccount">;

/** An AWS account as governance sees it. */
export interface GovernanceAccount {
  /** The portal's id (accounts.id). */
  id: string;
  awsAccountId: string;
  name: string;
  workload: { id: string; slug: string } | null;
  env: string | null;
  /** Organizations state: ACTIVE, SUSPENDED, … Only ACTIVE accounts are changed or scanned. */
  state: string;
  /** What the portal set or adopted: the reference drift is measured against. */
  tags: TagMap;
  /** What AWS reported last (import, drift scan or verification). */
  observedTags: TagMap | null;
  lastSeenAt: Date | null;
}

/** Which accounts a request names: any combination, united. */
export interface AccountSelector {
  accountIds?: string[];
  awsAccountIds?: string[];
  workloadSlugs?: string[];
  teamSlugs?: string[];
}

export type TagChangeOrigin = "request" | "policy_fix" | "drift_revert" | "drift_adopt";

export interface TagChangeItemRecord {
  id: string;
  requestId: string;
  accountId: string;
  awsAccountId: string;
  accountName: string;
  workloadSlug: string | null;
  /** The value each changed key had when requested (null: absent). */
  before: Record<string, string | null>;
  after: TagChanges;
  status: TagChangeItemStatus;
  /** The last error in plain words. */
  error: string | null;
  /** Whether the last error was throttling, a 5xx or a timeout. */
  retryable: boolean | null;
  attempts: number;
  observedTags: TagMap | null;
  appliedAt: Date | null;
  verifiedAt: Date | null;
}

export interface TagChangeRequestRecord {
  id: string;
  idempotencyKey: string;
  origin: TagChangeOrigin;
  bulk: boolean;
  changes: TagChanges;
  reason: string;
  requestedBy: { id: string; name: string };
  state: TagChangeState;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  tagPolicyVersion: number;
  applyRuns: number;
  failureMessage: string | null;
  lease: { owner: string; until: Date } | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** In account name order. */
  items: TagChangeItemRecord[];
  /** Drift findings this request settles. */
  driftFindingIds: string[];
}

export interface NewTagChangeRequest {
  /** Client-chosen: a double submit finds the first request. */
  idempotencyKey: string;
  origin: TagChangeOrigin;
  bulk: boolean;
  changes: TagChanges;
  reason: string;
  requestedBy: { id: string; name: string };
  tagPolicyVersion: number;
  items: PlannedTagChangeItem[];
  /**
   * The drift finding the request settles: it moves from open to reverting (origin drift_revert)
   * or adopting (drift_adopt) in the same transaction. A revert is stored approved: it restores
   * the value that was approved before.
   */
  driftFindingId?: string;
}

/** One step of an item's apply, written by the lease holder. */
export interface TagChangeItemProgress {
  event: "start" | "tagged" | "fail";
  /** With fail: what went wrong, in plain words. */
  error?: string;
  retryable?: boolean;
}

export interface ApplyLease {
  owner: string;
  leaseMs: number;
}

export interface DriftFindingRecord {
  id: string;
  accountId: string;
  awsAccountId: string;
  accountName: string;
  workloadSlug: string | null;
  tagKey: string;
  kind: DriftKind;
  recordedValue: string | null;
  observedValue: string | null;
  status: DriftFindingStatus;
  foundAt: Date;
  lastSeenAt: Date;
  settledBy: { id: string | null; name: string } | null;
  settledAt: Date | null;
  settleReason: string | null;
  changeRequestId: string | null;
}

export interface DriftScanOutcome {
  /** Set when nothing was written because the recorded tags changed while AWS was read (a change was applied meanwhile). */
  skipped: string | null;
  opened: number;
  refreshed: number;
  resolved: number;
}

export interface GovernanceStore {
  /** The tag policy in force (vending's newest version, or its built-in default). */
  getTagPolicy(): Promise<TagPolicy>;
  /** The accounts the selector names, in name order, each once. */
  findAccounts(selector: AccountSelector): Promise<GovernanceAccount[]>;
  /** Accounts in id order after `afterId` (keyset), for scans over the whole estate. */
  pageAccounts(options: { afterId: string | null; take: number; activeOnly: boolean }): Promise<GovernanceAccount[]>;

  /**
   * Stores the request and its items with the `governance.tag_change.request` audit event in one
   * transaction. Each open item holds its (account, key) pairs (database triggers keep
   * `tag_change_locks`), so a second open change of the same key is CONFLICT, naming the open
   * request in the message and in `details.requestId`; nothing is written then. An idempotency
   * key already used by the same requester returns that request with `created: false`; used by
   * someone else, CONFLICT.
   */
  createTagChangeRequest(input: NewTagChangeRequest, actor: AuditActor): Promise<{ record: TagChangeRequestRecord; created: boolean }>;
  findTagChangeRequest(id: string): Promise<TagChangeRequestRecord | null>;
  listTagChangeRequests(options: { states?: TagChangeState[]; requestedById?: string; accountId?: string; skip: number; take: number }): Promise<{ rows: TagChangeRequestRecord[]; total: number }>;
  /**
   * Approves or rejects a requested change, audited. A rejection cancels the items (freeing
   * their keys) and sends an adopt finding back to open. CONFLICT when no longer requested;
   * FORBIDDEN when the decider is the requester (the database's CHECK refuses it too).
   */
  decideTagChangeRequest(id: string, decision: { decision: "approve" | "reject"; reason: string; decider: { id: string; name: string } }, actor: AuditActor): Promise<TagChangeRequestRecord>;
  /** requested|approved|partially_failed|failed → cancelled: unverified items cancelled, their findings open again. Audited. */
  cancelTagChangeRequest(id: string, options: { reason: string }, actor: AuditActor): Promise<TagChangeRequestRecord>;
  /** partially_failed|failed → applying, failed items back to pending, lease cleared; audited. */
  retryTagChangeRequest(id: string, actor: AuditActor): Promise<TagChangeRequestRecord>;

  /**
   * Takes the apply lease of an approved or applying request when it is free or expired (a
   * crashed worker's), moving approved to applying (audited). Null when another worker holds
   * it or the request is in no state to apply.
   */
  acquireApplyLease(id: string, lease: ApplyLease, actor: AuditActor): Promise<TagChangeRequestRecord | null>;
  /**
   * Moves one item while `lease.owner` holds its request's lease, renewing the lease. start
   * counts an attempt; fail keeps the error. Audited (start only on the first attempt of a run).
   * False, writing nothing, when the lease was lost.
   */
  recordItemProgress(itemId: string, progress: TagChangeItemProgress, lease: ApplyLease, actor: AuditActor): Promise<boolean>;
  /**
   * applied → verified in one transaction: the account's recorded tags take the item's values,
   * its observed tags what AWS reported, the item's keys are freed, and a drift finding this
   * request settles becomes reverted or adopted. False when the lease was lost.
   */
  completeItem(itemId: string, result: { observedTags: TagMap }, lease: ApplyLease, actor: AuditActor): Promise<boolean>;
  /**
   * Settles an applying request from its items (applied, partially_failed or failed, with a
   * failure summary) and releases the lease; a request with items still to do only releases it.
   * Null when the lease was lost.
   */
  settleTagChangeRequest(id: string, lease: { owner: string }, actor: AuditActor): Promise<TagChangeRequestRecord | null>;
  /** Requests an apply run should pick up: approved, or applying with a free or expired lease. Oldest first. */
  listApplicableTagChanges(options: { limit: number }): Promise<string[]>;

  /**
   * Records one scan of one account: compares the policy's keys of the recorded tags with
   * `observedTags` (skipping keys a change is applying right now) and opens, refreshes or resolves
   * findings, each audited, and stores the observed tags, all under the account's row lock.
   * Writes nothing (returns `skipped`) when the recorded tags differ from `recordedAtRead`,
   * the tags the scan read before asking AWS: a change was verified in between.
   */
  recordDriftScan(accountId: string, scan: { policy: TagPolicy; recordedAtRead: TagMap; observedTags: TagMap; seenAt: Date }, actor: AuditActor): Promise<DriftScanOutcome>;
  findDriftFinding(id: string): Promise<DriftFindingRecord | null>;
  listDriftFindings(options: { statuses?: DriftFindingStatus[]; accountId?: string; skip: number; take: number }): Promise<{ rows: DriftFindingRecord[]; total: number }>;
  /** open → dismissed with the reason, audited. CONFLICT when it is not open. */
  dismissDriftFinding(id: string, options: { reason: string; by: { id: string; name: string } }, actor: AuditActor): Promise<DriftFindingRecord>;

  /** The trigger's chain head: the last chained row's id and hash. */
  getAuditChainHead(): Promise<AuditChainHead>;
  /** Rows with `afterId` < id ≤ `upToId`, id order, JSON in PostgreSQL's jsonb text form. */
  readAuditChain(options: { afterId: string | null; upToId: string | null; take: number }): Promise<AuditChainRow[]>;
}

/** Tunables; every field has a default (`defaultGovernanceConfig`). */
export interface GovernanceConfig {
  /** Organizations calls per second for applying and scanning. */
  applyRate: ApplyRate;
  /** TagResource attempts per account within one run when AWS says "later" (throttling, 5xx, timeouts). */
  attemptsPerRun: number;
  /** First wait before such a repeat; doubles each time. */
  retryDelayMs: number;
  /** How long an apply run holds a request before another worker may take it over. */
  leaseMs: number;
  /** Accounts read per page by scans. */
  pageSize: number;
}

export const defaultGovernanceConfig: GovernanceConfig = {
  applyRate: { callsPerSecond: 4, callsPerAccount: 2 },
  attemptsPerRun: 3,
  retryDelayMs: 2_000,
  leaseMs: 120_000,
  pageSize: 100,
};

/** Everything the governance use cases take; built in the composition root, by hand in tests. */
export interface GovernanceDeps {
  store: GovernanceStore;
  directory: TagDirectory;
  config?: Partial<GovernanceConfig>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Names this process in apply leases; a random id when absent. */
  workerId?: string;
}
