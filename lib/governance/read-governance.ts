import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { driftFindingStatuses, type DriftFindingStatus } from "./core/drift";
import { assertAdmin, type GovernanceActor } from "./core/tag-change-access";
import { tagChangeItemStatuses, tagChangeStates, type TagChangeItemStatus, type TagChangeState } from "./core/tag-change-state";
import type { AccountGovernanceView, ChangeableKeyView, DriftFindingView, TagChangeRequestView } from "./governance-views";
import { listNonCompliantAccounts } from "./list-non-compliant-accounts";
import type { DriftFindingRecord, GovernanceDeps, TagChangeRequestRecord } from "./ports";
import type { TagPolicy } from "@/lib/vending";

/*
 * The read side of governance for pages and routes: who sees what, and the records as views.
 * Accounts and their recorded tags are visible to everyone signed in (as on /accounts); a tag
 * change request to its requester, the members of its accounts' workloads and admins (others get
 * NOT_FOUND); drift findings and the approval queue's decisions to admins.
 */

/** The person acting, as the governance use cases see them. */
export function governanceActorOf(viewer: Viewer): GovernanceActor {
  return {
    id: viewer.id,
    name: viewer.name || viewer.username,
    isAdmin: viewer.role === "admin",
    leadOf: viewer.workloads.filter((w) => w.role === "lead").map((w) => w.slug),
  };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toTagChangeRequestView(record: TagChangeRequestRecord): TagChangeRequestView {
  const counts = Object.fromEntries(tagChangeItemStatuses.map((s) => [s, 0])) as Record<TagChangeItemStatus, number>;
  for (const item of record.items) counts[item.status] += 1;
  return {
    id: record.id,
    origin: record.origin,
    bulk: record.bulk,
    changes: record.changes,
    reason: record.reason,
    requestedBy: record.requestedBy,
    state: record.state,
    decidedBy: record.decidedBy,
    decidedAt: iso(record.decidedAt),
    decisionReason: record.decisionReason,
    failureMessage: record.failureMessage,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    counts,
    items: record.items.map((item) => ({
      id: item.id,
      accountId: item.accountId,
      awsAccountId: item.awsAccountId,
      accountName: item.accountName,
      workloadSlug: item.workloadSlug,
      before: item.before,
      after: item.after,
      status: item.status,
      error: item.error,
      retryable: item.retryable,
      attempts: item.attempts,
      verifiedAt: iso(item.verifiedAt),
    })),
    driftFindingIds: record.driftFindingIds,
  };
}

export function toDriftFindingView(finding: DriftFindingRecord): DriftFindingView {
  return {
    id: finding.id,
    accountId: finding.accountId,
    awsAccountId: finding.awsAccountId,
    accountName: finding.accountName,
    workloadSlug: finding.workloadSlug,
    tagKey: finding.tagKey,
    kind: finding.kind,
    recordedValue: finding.recordedValue,
    observedValue: finding.observedValue,
    status: finding.status,
    foundAt: finding.foundAt.toISOString(),
    lastSeenAt: finding.lastSeenAt.toISOString(),
    settledBy: finding.settledBy?.name ?? null,
    settledAt: iso(finding.settledAt),
    settleReason: finding.settleReason,
    changeRequestId: finding.changeRequestId,
  };
}

/** Whether `viewer` may read this request: its requester, a member of one of its accounts' workloads, or an admin. */
function mayRead(viewer: Viewer, record: TagChangeRequestRecord): boolean {
  if (viewer.role === "admin" || record.requestedBy.id === viewer.id) return true;
  const slugs = new Set(viewer.workloads.map((w) => w.slug));
  return record.items.some((item) => item.workloadSlug !== null && slugs.has(item.workloadSlug));
}

/** The policy's keys as a change form offers them to `actor`, each with why it is locked, if it is. */
function changeableKeys(policy: TagPolicy, actor: GovernanceActor): ChangeableKeyView[] {
  return policy.keys.map((k) => ({
    key: k.key,
    description: k.description,
    required: k.required,
    allowedValues: k.allowedValues ?? null,
    pattern: k.pattern ?? null,
    lockedReason:
      k.source === "derived"
        ? `Derived by the portal from the ${k.derivedFrom}`
        : k.whoMayChange === "nobody"
          ? "The tag policy lets nobody change it after vend"
          : k.whoMayChange === "admin" && !actor.isAdmin
            ? "Only platform admins may change it"
            : null,
  }));
}

export interface GovernanceAdminView {
  policyVersion: number;
  keys: ChangeableKeyView[];
  /** Active accounts whose recorded tags break the policy in force, with each broken key. */
  nonCompliant: Array<{ accountId: string; awsAccountId: string; name: string; workloadSlug: string | null; violations: Array<{ key: string; problem: string }> }>;
}

/** Admin → Governance: the keys a bulk change may set, and the accounts that break the tag policy. */
export async function getGovernanceAdmin(deps: GovernanceDeps, viewer: Viewer): Promise<GovernanceAdminView> {
  const actor = governanceActorOf(viewer);
  const { policyVersion, accounts } = await listNonCompliantAccounts(deps, actor);
  const policy = await deps.store.getTagPolicy();
  return {
    policyVersion,
    keys: changeableKeys(policy, actor),
    nonCompliant: accounts.map((n) => ({ accountId: n.account.accountId, awsAccountId: n.account.awsAccountId, name: n.account.name, workloadSlug: n.account.workloadSlug, violations: n.violations })),
  };
}

export const awsAccountIdSchema = z.string().regex(/^\d{12}$/, "An AWS account id is 12 digits");

/** An account's page: recorded tags, what the viewer may change, its tag change requests, and (for admins) its drift. */
export async function getAccountGovernance(deps: GovernanceDeps, viewer: Viewer, awsAccountId: string): Promise<AccountGovernanceView> {
  const id = awsAccountIdSchema.parse(awsAccountId);
  const [account] = await deps.store.findAccounts({ awsAccountIds: [id] });
  if (!account) throw new AppError("NOT_FOUND", `No account ${id}`);
  const actor = governanceActorOf(viewer);
  const policy = await deps.store.getTagPolicy();
  const slug = account.workload?.slug ?? null;
  const isLead = slug !== null && actor.leadOf.includes(slug);
  const mayRequestReason = actor.isAdmin
    ? null
    : account.state !== "ACTIVE"
      ? `The account is ${account.state.toLowerCase()}; tags change on active accounts only`
      : !slug
        ? "This account belongs to no workload, so only platform admins can change its tags"
        : isLead
          ? null
          : `Only a lead of ${slug} or a platform admin can ask to change these tags`;
  const keys = changeableKeys(policy, actor);
  const [requests, drift] = await Promise.all([
    deps.store.listTagChangeRequests({ accountId: account.id, skip: 0, take: 20 }),
    actor.isAdmin ? deps.store.listDriftFindings({ accountId: account.id, statuses: ["open", "reverting", "adopting"], skip: 0, take: 50 }) : Promise.resolve({ rows: [], total: 0 }),
  ]);
  return {
    account: {
      id: account.id,
      awsAccountId: account.awsAccountId,
      name: account.name,
      workloadSlug: slug,
      env: account.env,
      state: account.state,
      tags: account.tags,
      observedTags: account.observedTags,
      lastSeenAt: iso(account.lastSeenAt),
    },
    policyVersion: policy.version,
    keys,
    mayRequest: mayRequestReason === null && account.state === "ACTIVE",
    mayRequestReason: actor.isAdmin && account.state !== "ACTIVE" ? `The account is ${account.state.toLowerCase()}; tags change on active accounts only` : mayRequestReason,
    requests: requests.rows.map(toTagChangeRequestView),
    drift: drift.rows.map(toDriftFindingView),
  };
}

export const tagChangeIdSchema = z.object({ id: z.uuid() });

/** One request with each account's status; NOT_FOUND for people who may not read it. */
export async function getTagChangeRequest(deps: GovernanceDeps, viewer: Viewer, input: { id: string }): Promise<TagChangeRequestView> {
  const { id } = tagChangeIdSchema.parse(input);
  const record = await deps.store.findTagChangeRequest(id);
  if (!record || !mayRead(viewer, record)) throw new AppError("NOT_FOUND", "No such tag change request");
  return toTagChangeRequestView(record);
}

export const listTagChangesInputSchema = z.object({
  state: z.enum(tagChangeStates).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

/** Tag change requests: all for admins, one's own for everyone else; newest first. */
export async function listTagChanges(deps: GovernanceDeps, viewer: Viewer, input: z.input<typeof listTagChangesInputSchema>): Promise<{ rows: TagChangeRequestView[]; total: number }> {
  const parsed = listTagChangesInputSchema.parse(input);
  const { rows, total } = await deps.store.listTagChangeRequests({
    ...(parsed.state ? { states: [parsed.state] } : {}),
    ...(viewer.role === "admin" ? {} : { requestedById: viewer.id }),
    skip: (parsed.page - 1) * parsed.pageSize,
    take: parsed.pageSize,
  });
  return { rows: rows.map(toTagChangeRequestView), total };
}

const followStates: TagChangeState[] = ["approved", "applying", "partially_failed", "failed"];

/**
 * The approval queue's tag changes: waiting for a decision (admins see all, others their own),
 * and for admins the ones under way or failed, to follow per account and retry.
 */
export async function listTagChangeApprovals(deps: GovernanceDeps, viewer: Viewer): Promise<{ waiting: TagChangeRequestView[]; waitingTotal: number; inFlight: TagChangeRequestView[] }> {
  const admin = viewer.role === "admin";
  const [waiting, inFlight] = await Promise.all([
    deps.store.listTagChangeRequests({ states: ["requested"], ...(admin ? {} : { requestedById: viewer.id }), skip: 0, take: 50 }),
    admin ? deps.store.listTagChangeRequests({ states: followStates, skip: 0, take: 50 }) : Promise.resolve({ rows: [], total: 0 }),
  ]);
  return { waiting: waiting.rows.map(toTagChangeRequestView).reverse(), waitingTotal: waiting.total, inFlight: inFlight.rows.map(toTagChangeRequestView) };
}

export const listDriftInputSchema = z.object({
  status: z.enum([...driftFindingStatuses, "unsettled", "all"]).default("unsettled"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/** Drift findings for admins, newest first; `unsettled` (the default) is open, reverting and adopting. */
export async function listDriftFindingViews(deps: GovernanceDeps, viewer: Viewer, input: z.input<typeof listDriftInputSchema>): Promise<{ rows: DriftFindingView[]; total: number; page: number; pageSize: number }> {
  assertAdmin(governanceActorOf(viewer), "see drift findings");
  const { status, page } = listDriftInputSchema.parse(input);
  const statuses: DriftFindingStatus[] | undefined = status === "all" ? undefined : status === "unsettled" ? ["open", "reverting", "adopting"] : [status];
  const pageSize = 50;
  const { rows, total } = await deps.store.listDriftFindings({ ...(statuses ? { statuses } : {}), skip: (page - 1) * pageSize, take: pageSize });
  return { rows: rows.map(toDriftFindingView), total, page, pageSize };
}
