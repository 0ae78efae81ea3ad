import type { AuditActor } from "@/lib/platform/audit";
import type { ModuleDocs } from "@/lib/modules/module-docs";
import type { ComplianceWeek, ConsumptionInterval, VersionAvailability, VersionStatusChange } from "./core/compute-compliance";
import type { ComputedNotice, Escalation, NoticeKind, VersionState } from "./core/compute-notices";
import type { ModuleReference, RepoFile } from "./core/find-module-references";
import type { CatalogueModule, ReferenceMatch } from "./core/match-reference";
import type { NormalizedSource } from "./core/normalize-module-source";
import type { ChatWebhookUrlRules } from "./core/check-chat-webhook-url";
import type { NoticePolicy } from "./core/notice-policy";
import type { OpenUpgradePullRequest } from "./core/pick-open-upgrade";
import type { NoticeChange } from "./core/reconcile-notice";
import type { Severity, VersionAdvisory } from "./core/types";

/*
 * What the estate use cases need from the outside world. Adapters (Prisma, the GitHub App, a
 * chat webhook) implement these; use-case tests pass in-memory fakes.
 *
 * Upgrade pull requests are NOT a port of their own: an upgrade is delivered as a scaffold
 * request (kind "update") through the scaffold's checkpointed delivery (`deliverScaffold` with
 * its `PullRequestPublisher`, lease and idempotency key), with the file and body that
 * `buildUpgradePlan` produced. One PR per unit and target version comes from the idempotency key
 * `upgrade:<workloadId>:<file>#<address>:<moduleVersionId>`; its merge webhook records the new
 * consumption, and the next reconcile resolves the notice. Do not write a second delivery. The
 * store reads those requests back (by that key) to show a unit's open upgrade PR.
 */

/** A catalogue version an upgrade can go to or from. */
export interface UpgradeCandidate {
  id: string;
  version: string;
  tag: string;
  status: VersionState["status"];
  docs: ModuleDocs | null;
}

/** `owner/repo` of a consumer repo, split. */
export interface RepoRef {
  owner: string;
  repo: string;
}

// ------------------------------------------------------------------ consumer repos

/** A workload whose consumer repo a scan reads. */
export interface ScanTarget {
  workloadId: string;
  slug: string;
  name: string;
  repo: RepoRef;
}

/**
 * Reads a consumer repo at one commit through the GitHub App. Every call has a timeout; errors
 * are AppErrors: NOT_FOUND when the repo or commit is gone or the App cannot see it,
 * UPSTREAM_FAILED when GitHub fails or rate-limits.
 */
export interface ConsumerRepoFiles {
  /** The default branch and the sha it points at; a scan reads that commit and no other. */
  readHead(repo: RepoRef): Promise<{ defaultBranch: string; sha: string }>;
  /**
   * Paths of the blobs at `commit` whose names end with one of `extensions` (`.tf`, `.hcl`),
   * from one recursive tree read. `truncated` is true when GitHub cut the tree short; the scan
   * then must not end consumptions it could not see.
   */
  listFiles(repo: RepoRef, options: { commit: string; extensions: readonly string[] }): Promise<{ paths: string[]; truncated: boolean }>;
  /**
   * The text of each path at `commit`, a few reads at a time. Files over the adapter's size cap,
   * binary files and paths missing at that commit are left out and listed in `skipped`.
   */
  readFiles(repo: RepoRef, options: { commit: string; paths: readonly string[] }): Promise<{ files: RepoFile[]; skipped: Array<{ path: string; reason: "too-large" | "binary" | "missing" }> }>;
}

// ------------------------------------------------------------------ store: consumptions

/** What ended a consumption. Rows are never deleted, so history and compliance can be shown. */
export type ConsumptionEndReason = "unit_removed" | "version_changed" | "source_changed" | "workload_unlinked";

/** One module reference of a workload, as a scan or a merge records it. */
export interface ConsumptionInput {
  env: string | null;
  region: string | null;
  unitPath: string;
  /** With `address`, identifies the reference within the workload's repo. */
  file: string;
  address: string;
  kind: ModuleReference["kind"];
  /** As written, credentials redacted. */
  source: string;
  normalizedSource: NormalizedSource | null;
  ref: string | null;
  versionConstraint: string | null;
  /** The catalogue match: `version` names `moduleVersionId`; `bring_your_own` is shown to admins. */
  match: ReferenceMatch["kind"];
  moduleId: string | null;
  moduleVersionId: string | null;
  /** Why no version could be named (`unknown_ref`, `unpinned`, ...), for the admin view. */
  matchProblem: string | null;
  commitSha: string;
}

export interface ConsumptionRecord extends ConsumptionInput {
  id: string;
  workloadId: string;
  recordedBy: "scaffold" | "scan" | "upgrade";
  startedAt: Date;
  endedAt: Date | null;
  endedBy: { reason: ConsumptionEndReason; commitSha: string | null; actor: string } | null;
}

export interface ApplyScanResult {
  started: number;
  ended: number;
  unchanged: number;
  /** Consumptions whose module version changed, started or ended: the ones to reconcile notices for. */
  touchedConsumptionIds: string[];
}

// ------------------------------------------------------------------ store: notices

export interface NoticeRecord extends Omit<ComputedNotice, "obligations"> {
  id: string;
  consumptionId: string;
  workloadId: string;
  moduleId: string;
  openedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  resolution: "satisfied" | "no_longer_applies" | null;
  /** The GitHub issue mirroring the notice, when the workload opted in. */
  issue: { number: number; url: string } | null;
}

export interface InboxFilter {
  escalation?: Escalation[];
  kind?: NoticeKind[];
  workloadIds?: string[];
  unreadOnly?: boolean;
}

export interface InboxItem {
  notice: NoticeRecord;
  escalation: Escalation;
  read: boolean;
  workload: { id: string; slug: string; name: string };
  module: { id: string; name: string };
  unitPath: string;
  /** The unit's open upgrade PR (`pickOpenUpgrade`), so the inbox links it instead of offering another. */
  openUpgrade: OpenUpgradePullRequest | null;
}

/** An open consumption as the estate views show it, with its open notice. */
export interface UnitView {
  consumptionId: string;
  workload: { id: string; slug: string; name: string };
  env: string | null;
  region: string | null;
  unitPath: string;
  file: string;
  address: string;
  source: string;
  ref: string | null;
  versionConstraint: string | null;
  match: ConsumptionInput["match"];
  matchProblem: string | null;
  module: { id: string; name: string } | null;
  version: { id: string; version: string; status: VersionState["status"] } | null;
  commitSha: string;
  startedAt: Date;
  notice: Pick<NoticeRecord, "id" | "kind" | "dueAt" | "targetVersion" | "requiredVersion" | "severity"> | null;
  /**
   * The unit's open upgrade PR: a request of kind "update" under the unit's upgrade key with a PR
   * number, neither merged nor closed, to a version newer than the unit's (the newest of them,
   * `pickOpenUpgrade`); null when there is none.
   */
  openUpgrade: OpenUpgradePullRequest | null;
}

// ------------------------------------------------------------------ store

/**
 * The estate's storage. Every method that changes state writes its audit event in the same
 * transaction, and is safe to repeat: applying the same scan or the same notice change twice
 * changes nothing the second time.
 */
export interface EstateStore {
  /** Catalogue modules whose source repo is one of `repos` (case-insensitive), or all when omitted; oldest first. */
  listCatalogueModules(repos?: readonly RepoRef[]): Promise<CatalogueModule[]>;
  /** Every version of a module with its id, current status, flag time, deadline and advisory. */
  listVersionStates(moduleId: string): Promise<Array<VersionState & { id: string }>>;
  /** The module a catalogue version belongs to; null when there is no such version. */
  findModuleOfVersion(versionId: string): Promise<string | null>;
  /** Workloads with a consumer repo linked: what scans read. */
  listScanTargets(filter?: { repo?: RepoRef; workloadId?: string }): Promise<ScanTarget[]>;
  /** Version availability and status changes up to `until`, for compliance over time. */
  listVersionHistory(options: { moduleIds?: readonly string[]; until: Date }): Promise<{ versions: VersionAvailability[]; changes: VersionStatusChange[] }>;

  /**
   * Records what a scan of `commitSha` found, in one transaction and under a per-workload lock
   * (scans of one repo are coalesced; a second waits or returns):
   * - a reference with no open consumption starts one;
   * - an open consumption whose module version, constraint or source changed ends
   *   (`version_changed` / `source_changed`) and a new one starts;
   * - an open consumption whose reference is gone ends (`unit_removed`), unless its file is in
   *   `unreadableFiles` (present but unparsable right now) or it started after `startedAt`
   *   (a merge the scan could not see yet).
   * Applying an older commit than the last applied one is refused with CONFLICT.
   */
  applyScan(
    options: { workloadId: string; commitSha: string; startedAt: Date; references: readonly ConsumptionInput[]; unreadableFiles: readonly string[] },
    actor: AuditActor,
  ): Promise<ApplyScanResult>;
  /** One consumption with its workload, open or ended. */
  getConsumption(id: string): Promise<(ConsumptionRecord & { workload: { id: string; slug: string; name: string } }) | null>;
  /** A module's name and its versions with their docs (changelog section, inputs, outputs), for upgrade PRs. */
  listUpgradeVersions(moduleId: string): Promise<{ name: string; versions: UpgradeCandidate[] } | null>;
  /** Open notices whose consumption has ended (a merge or a scan moved the unit): reconcile resolves them. */
  listNoticesOnEndedConsumptions(filter: { workloadId?: string; moduleId?: string }): Promise<NoticeRecord[]>;
  /** Consumptions by id within a workload, open or ended. */
  listConsumptions(filter: { workloadId: string; ids: readonly string[] }): Promise<ConsumptionRecord[]>;
  /** Open consumptions with their workload, module, version, open notice and open upgrade PR; by workload slugs, or all. */
  listUnitViews(filter: { workloadSlugs?: readonly string[] }): Promise<UnitView[]>;
  /** Open consumptions, by workload, module or module versions. */
  listOpenConsumptions(filter: { workloadId?: string; moduleId?: string; moduleVersionIds?: readonly string[] }): Promise<ConsumptionRecord[]>;
  /** Consumption intervals overlapping `[from, to]`, for compliance (bring-your-own included with a null module). */
  listConsumptionIntervals(options: { from: Date; to: Date; moduleIds?: readonly string[] }): Promise<ConsumptionInterval[]>;

  /** The open notice of each consumption, by consumption id. */
  findOpenNotices(consumptionIds: readonly string[]): Promise<Map<string, NoticeRecord>>;
  /**
   * Applies reconcile results in one transaction, each with its audit event (`estate.notice.open`,
   * `.update`, `.resolve`). A change computed against a notice that moved on since (another
   * reconcile won) is skipped and reported in `stale`, so the caller can recompute; so is every
   * change when the policy was saved again after `policyRevision`, the one the changes were
   * computed under (checked under a lock a save waits for: no due date from an older policy is
   * written after a newer one is saved).
   */
  applyNoticeChanges(
    changes: ReadonlyArray<{ consumptionId: string; expectedNoticeId: string | null; change: NoticeChange }>,
    options: { actor: AuditActor; policyRevision: number },
  ): Promise<{ opened: NoticeRecord[]; updated: NoticeRecord[]; resolved: NoticeRecord[]; stale: string[] }>;
  /** Open notices past their due date, with the workload, for the admin view, the CSV export and the chat webhook. */
  listOverdueNotices(options: { now: Date; workloadIds?: readonly string[] }): Promise<NoticeRecord[]>;

  /** A user's inbox: notices on the workloads they belong to (all of them for admins), with their unit's open upgrade PR, newest due first, paged by cursor. */
  listInbox(options: { userId: string; now: Date; filter: InboxFilter; cursor: string | null; take: number }): Promise<{ items: InboxItem[]; nextCursor: string | null }>;
  /** The unread count for the shell's badge; one indexed query. */
  countUnread(userId: string): Promise<number>;
  markRead(options: { userId: string; noticeIds: readonly string[] }): Promise<void>;

  /** The admin's policy, or the defaults when none was saved. */
  getPolicy(): Promise<NoticePolicy>;
  /** The policy with its revision and whether that revision is applied to every open notice yet. */
  getPolicyState(): Promise<NoticePolicyState>;
  /**
   * Records that `revision` is applied to every open notice: a compare-and-set that does nothing
   * when the policy was saved again since (that save stays pending). True when it was recorded.
   */
  markPolicyApplied(revision: number): Promise<boolean>;

  /** Stores computed weeks (upsert by week and scope), so the chart reads history without recomputing it. */
  saveComplianceSnapshots(scope: { moduleId: string | null }, weeks: readonly ComplianceWeek[]): Promise<void>;
  listComplianceSnapshots(options: { moduleId: string | null; from: Date; to: Date }): Promise<ComplianceWeek[]>;

  /** The policy and the chat webhook URL, as the admin screen edits them. */
  getSettings(): Promise<{ policy: NoticePolicy; chatWebhookUrl: string | null; updatedAt: Date | null; policyPending: boolean }>;
  /** Per-workload opt-in for GitHub issues; the chat webhook URL is global and admin-set. */
  getChannelSettings(workloadId: string): Promise<{ githubIssues: boolean; chatWebhookUrl: string | null }>;
  /** A workload by slug, with its consumer repo; null when there is none. */
  findWorkload(slug: string): Promise<{ id: string; slug: string; name: string; consumerRepo: string | null } | null>;
  /** Turns a workload's GitHub issues on or off (`estate.channels.update`, audited with before and after). */
  setWorkloadChannels(workloadId: string, settings: { githubIssues: boolean }, actor: AuditActor): Promise<{ changed: boolean }>;
  /**
   * Saves the policy and the chat webhook URL together (`estate.settings.update`, audited with
   * before and after; the URL is recorded with its secret path redacted). A policy different from
   * the saved one bumps the revision in the same write, so it is pending until an apply of that
   * revision is recorded (`markPolicyApplied`); a crash between the two leaves it pending, never lost.
   */
  saveSettings(settings: { policy: NoticePolicy; chatWebhookUrl: string | null }, actor: AuditActor): Promise<NoticePolicyState>;
  /**
   * Notices whose GitHub issue is behind, oldest change first: open notices of opted-in workloads
   * (with a linked repo) whose issue was never written or was written from an older version of
   * the notice, and resolved notices whose issue is still open.
   */
  listIssueDeliveries(options: { take: number }): Promise<ChannelDelivery[]>;
  /**
   * Remembers the issue that mirrors a notice, so the next delivery updates it instead of opening
   * another. `syncedAt` is the notice's `updatedAt` the issue was written from.
   */
  recordNoticeIssue(noticeId: string, issue: { number: number; url: string; state: "open" | "closed"; syncedAt?: Date }): Promise<void>;
  /**
   * Claims up to `take` open overdue notices never posted to chat, marking them posted at `now`
   * in the same statement (concurrent runs claim disjoint sets): a notice is posted at most once.
   */
  claimChatDeliveries(options: { now: Date; take: number }): Promise<ChannelDelivery[]>;
  /** Gives back a claim whose post failed, so the next run tries again. */
  releaseChatDeliveries(noticeIds: readonly string[], claimedAt: Date): Promise<void>;
}

/**
 * The saved policy and how far it is applied. `revision` goes up with every change of the policy;
 * `pending` is true while the open notices' due dates may still follow an older revision.
 */
export interface NoticePolicyState {
  policy: NoticePolicy;
  revision: number;
  pending: boolean;
}

/** A notice with what a channel message says about it. */
export interface ChannelDelivery {
  notice: NoticeRecord;
  issueState: "open" | "closed" | null;
  workload: { id: string; slug: string; name: string };
  /** The consumer repo, when linked. */
  repo: RepoRef | null;
  module: { id: string; name: string };
  unitPath: string;
  file: string;
}

// ------------------------------------------------------------------ notice channels

/** What a notice says on an outside channel; built from the notice with the escaping helpers of core. */
export interface NoticeMessage {
  noticeId: string;
  title: string;
  /** Markdown, every repo- or user-derived value escaped. Carries a hidden `<!-- bulkhead-notice:<id> -->` marker. */
  body: string;
  severity: Severity | null;
  advisory: VersionAdvisory | null;
  dueAt: Date;
  /** The notice's page in the portal. */
  url: string;
}

/**
 * Tells people about notices outside the portal. Both channels are optional and every call has
 * a timeout; failures are AppError UPSTREAM_FAILED and never undo the notice itself.
 */
export interface NoticeChannels {
  /**
   * Opens the notice's issue on the consumer repo through the App, or updates it: by `existing`
   * number when known, else by finding an issue with the notice's marker (so a crash between
   * GitHub's answer and `recordNoticeIssue` never makes a duplicate).
   */
  upsertIssue(repo: RepoRef, message: NoticeMessage, options: { existing: number | null; labels: readonly string[] }): Promise<{ number: number; url: string }>;
  /** Comments why, then closes the issue when its notice resolves. Closing a closed issue is fine. */
  closeIssue(repo: RepoRef, options: { number: number; comment: string }): Promise<void>;
  /**
   * POSTs a Slack-compatible JSON message (`{ text, blocks }`, built by `buildChatPayload`) to the
   * admin's incoming webhook, for overdue notices. The URL is checked again before the call
   * (`checkChatWebhookUrl`, and in production every resolved address must be public);
   * INVALID_INPUT when it is refused, UPSTREAM_FAILED when the tool fails or times out.
   */
  postChatMessage(options: { webhookUrl: string; payload: { text: string; blocks: ReadonlyArray<Record<string, unknown>> } }): Promise<void>;
}

// ------------------------------------------------------------------ deps

/** Everything the estate use cases take; built by the composition root in the app, by hand in tests. */
export interface EstateDeps {
  store: EstateStore;
  repos: ConsumerRepoFiles;
  channels: NoticeChannels;
  /** Injected so deadlines and escalation are testable. */
  now: () => Date;
  /**
   * Called after notices opened, changed or resolved, to queue their delivery to the channels (a
   * durable, coalesced job in the app). Best effort: the reconcile job's sweep delivers whatever
   * this missed. Omitted in tests and benches, which deliver by hand.
   */
  onNoticesChanged?: (noticeIds: readonly string[]) => Promise<void>;
  config: {
    /** The portal's public URL, for notice links in PR bodies, issues and chat. */
    publicUrl: string;
    /** Hosts of the portal's own Terraform registry, e.g. `bulkhead.example.com`. */
    registryHosts: readonly string[];
    /** First-level folders of consumer repos that are environments. */
    envs: readonly string[];
    /** Which chat webhook URLs an admin may save; defaults to production rules with no allowed hosts. */
    chatWebhook?: ChatWebhookUrlRules;
  };
}
