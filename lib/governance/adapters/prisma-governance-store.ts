import "server-only";
import { randomUUID } from "node:crypto";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit, type AuditActor, type RecordAuditOptions } from "@/lib/platform/audit";
import type { Db, DbTx } from "@/lib/platform/create-prisma-client";
import { isCheckViolation, isUniqueViolation, readStringMap, toJsonInput } from "@/lib/platform/prisma-store-helpers";
import { defaultTagPolicy, tagPolicyKeysSchema, type TagMap, type TagPolicy } from "@/lib/vending";
import type { AuditChainRow } from "../core/audit-chain";
import { compareTags, reconcileDrift, unsettledDriftStatuses, type DriftFindingStatus } from "../core/drift";
import { applyTagChanges, type TagChanges } from "../core/tag-change";
import { summarizeTagChangeOutcome, transitionTagChange, transitionTagChangeItem, type TagChangeItemStatus } from "../core/tag-change-state";
import type {
  AccountSelector,
  ApplyLease,
  DriftFindingRecord,
  GovernanceAccount,
  GovernanceStore,
  NewTagChangeRequest,
  TagChangeItemRecord,
  TagChangeRequestRecord,
} from "../ports";

// Transactions may wait behind the audit chain's head lock and other instances.
const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Writes a transaction's audit events after its other writes: the first audit insert takes the
 * chain head's lock until commit, so a row locked after it could deadlock with a transaction that
 * holds that row and waits for the chain.
 */
async function writeAuditEvents(tx: DbTx, events: RecordAuditOptions[]): Promise<void> {
  for (const event of events) await recordAudit(tx, event);
}

const accountInclude = { workload: { select: { id: true, slug: true } } } as const;
type AccountRow = Prisma.AccountGetPayload<{ include: typeof accountInclude }>;

const requestInclude = {
  items: { include: { account: { select: { name: true, workload: { select: { slug: true } } } } } },
  driftFindings: { select: { id: true } },
} as const;
type RequestRow = Prisma.TagChangeRequestGetPayload<{ include: typeof requestInclude }>;

const findingInclude = { account: { select: { name: true, workload: { select: { slug: true } } } } } as const;
type FindingRow = Prisma.DriftFindingGetPayload<{ include: typeof findingInclude }>;

/** { key: string | null } maps (changes, before, after). */
function readValueMap(value: unknown): Record<string, string | null> {
  const map: Record<string, string | null> = {};
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) if (typeof item === "string" || item === null) map[key] = item;
  }
  return map;
}

// Prisma rows become the domain's records here and nowhere else.
function toAccount(row: AccountRow): GovernanceAccount {
  return {
    id: row.id,
    awsAccountId: row.awsAccountId,
    name: row.name,
    workload: row.workload,
    env: row.env,
    state: row.state,
    tags: readStringMap(row.tags),
    observedTags: row.observedTags === null ? null : readStringMap(row.observedTags),
    lastSeenAt: row.lastSeenAt,
  };
}

function toItem(row: RequestRow["items"][number]): TagChangeItemRecord {
  return {
    id: row.id,
    requestId: row.requestId,
    accountId: row.accountId,
    awsAccountId: row.awsAccountId,
    accountName: row.account.name,
    workloadSlug: row.account.workload?.slug ?? null,
    before: readValueMap(row.before),
    after: readValueMap(row.after),
    status: row.status,
    error: row.error,
    retryable: row.retryable,
    attempts: row.attempts,
    observedTags: row.observedTags === null ? null : readStringMap(row.observedTags),
    appliedAt: row.appliedAt,
    verifiedAt: row.verifiedAt,
  };
}

function toRequest(row: RequestRow): TagChangeRequestRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    origin: row.origin,
    bulk: row.bulk,
    changes: readValueMap(row.changes),
    reason: row.reason,
    requestedBy: { id: row.requestedById, name: row.requestedByName },
    state: row.state,
    decidedBy: row.decidedById ? { id: row.decidedById, name: row.decidedByName ?? "" } : null,
    decidedAt: row.decidedAt,
    decisionReason: row.decisionReason,
    tagPolicyVersion: row.tagPolicyVersion,
    applyRuns: row.applyRuns,
    failureMessage: row.failureMessage,
    lease: row.leaseOwner && row.leaseUntil ? { owner: row.leaseOwner, until: row.leaseUntil } : null,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    items: [...row.items].sort((a, b) => a.account.name.localeCompare(b.account.name) || a.awsAccountId.localeCompare(b.awsAccountId)).map(toItem),
    driftFindingIds: row.driftFindings.map((f) => f.id),
  };
}

function toFinding(row: FindingRow): DriftFindingRecord {
  return {
    id: row.id,
    accountId: row.accountId,
    awsAccountId: row.awsAccountId,
    accountName: row.account.name,
    workloadSlug: row.account.workload?.slug ?? null,
    tagKey: row.tagKey,
    kind: row.kind,
    recordedValue: row.recordedValue,
    observedValue: row.observedValue,
    status: row.status,
    foundAt: row.foundAt,
    lastSeenAt: row.lastSeenAt,
    settledBy: row.settledByName ? { id: row.settledById, name: row.settledByName } : null,
    settledAt: row.settledAt,
    settleReason: row.settleReason,
    changeRequestId: row.changeRequestId,
  };
}

/** What an audit event shows of an item. */
const itemSnapshot = (row: { status: string; attempts: number; error: string | null; retryable: boolean | null }) => ({
  status: row.status,
  attempts: row.attempts,
  error: row.error,
  retryable: row.retryable,
});

interface HeldKey {
  account_id: string;
  aws_account_id: string;
  name: string;
  tag_key: string;
  request_id: string;
}

/** The (account, key) pairs of `items` that an open change already holds. */
async function findHeldKeys(db: DbTx, items: NewTagChangeRequest["items"]): Promise<HeldKey[]> {
  const pairs = items.flatMap((item) => Object.keys(item.after).map((key) => ({ account_id: item.accountId, tag_key: key })));
  if (pairs.length === 0) return [];
  return db.$queryRaw<HeldKey[]>`
    SELECT l.account_id::text AS account_id, a.aws_account_id, a.name, l.tag_key, l.request_id::text AS request_id
      FROM tag_change_locks l
      JOIN jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS x(account_id uuid, tag_key text)
        ON x.account_id = l.account_id AND x.tag_key = l.tag_key
      JOIN accounts a ON a.id = l.account_id
     ORDER BY a.name, l.tag_key`;
}

function conflictError(held: HeldKey[]): AppError {
  if (held.length === 0) return new AppError("CONFLICT", "Another change of the same tags was requested at the same moment; reload and try again");
  const first = held[0]!;
  const fieldErrors: FieldError[] = held.map((h) => ({
    path: `changes.${h.tag_key}`,
    message: `${h.tag_key} of ${h.name} (${h.aws_account_id}) already has an open change request ${h.request_id}`,
  }));
  const more = held.length > 1 ? ` (and ${held.length - 1} more key${held.length > 2 ? "s" : ""})` : "";
  return new AppError(
    "CONFLICT",
    `${first.tag_key} of ${first.name} (${first.aws_account_id}) already has an open change request ${first.request_id}${more}; wait for it to finish or cancel it first`,
    { fieldErrors, details: { requestId: first.request_id, conflicts: held.map((h) => ({ requestId: h.request_id, awsAccountId: h.aws_account_id, tagKey: h.tag_key })) } },
  );
}

/** The policy keys' values only: what drift compares. */
function policyProjection(policy: TagPolicy, tags: TagMap): string {
  return JSON.stringify(policy.keys.map(({ key }) => (Object.hasOwn(tags, key) ? tags[key] : null)));
}

/** The governance store on Prisma. Every state change commits together with its audit event. */
export function createPrismaGovernanceStore(db: Db): GovernanceStore {
  const findRequest = async (tx: DbTx, id: string) => {
    const row = await tx.tagChangeRequest.findUnique({ where: { id }, include: requestInclude });
    return row ? toRequest(row) : null;
  };
  const requireRequest = async (tx: DbTx, id: string) => {
    const record = await findRequest(tx, id);
    if (!record) throw new AppError("NOT_FOUND", "No such tag change request");
    return record;
  };

  /** Renews the lease while `owner` holds it on an applying request; false when it was lost. */
  const renewLease = async (tx: DbTx, requestId: string, lease: ApplyLease): Promise<boolean> => {
    const renewed = await tx.$executeRaw`
      UPDATE tag_change_requests SET lease_until = now() + ${lease.leaseMs}::int * interval '1 millisecond', updated_at = now()
       WHERE id = ${requestId}::uuid AND lease_owner = ${lease.owner} AND state = 'applying'`;
    return renewed > 0;
  };

  /** Sends the findings a closed-without-effect request was settling back to open; returns their audit events. */
  const reopenFindings = async (tx: DbTx, requestId: string, actor: AuditActor, why: string): Promise<RecordAuditOptions[]> => {
    const findings = await tx.driftFinding.findMany({ where: { changeRequestId: requestId, status: { in: ["reverting", "adopting"] } } });
    const events: RecordAuditOptions[] = [];
    for (const finding of findings) {
      await tx.driftFinding.update({ where: { id: finding.id }, data: { status: "open", changeRequestId: null, settledById: null, settledByName: null, settleReason: null } });
      events.push({
        actor,
        action: "governance.drift.reopen",
        subject: { type: "drift_finding", id: finding.id },
        before: { status: finding.status, changeRequestId: requestId },
        after: { status: "open" },
        metadata: { awsAccountId: finding.awsAccountId, tagKey: finding.tagKey, why },
      });
    }
    return events;
  };

  return {
    async getTagPolicy() {
      const row = await db.tagPolicyVersion.findFirst({ orderBy: { version: "desc" } });
      return row ? { version: row.version, keys: tagPolicyKeysSchema.parse(row.keys) } : defaultTagPolicy;
    },

    async findAccounts(selector: AccountSelector) {
      const or: Prisma.AccountWhereInput[] = [];
      if (selector.accountIds?.length) or.push({ id: { in: selector.accountIds } });
      if (selector.awsAccountIds?.length) or.push({ awsAccountId: { in: selector.awsAccountIds } });
      if (selector.workloadSlugs?.length) or.push({ workload: { slug: { in: selector.workloadSlugs } } });
      if (selector.teamSlugs?.length) or.push({ workload: { team: { slug: { in: selector.teamSlugs } } } });
      if (or.length === 0) return [];
      const rows = await db.account.findMany({ where: { OR: or }, include: accountInclude, orderBy: [{ name: "asc" }, { awsAccountId: "asc" }] });
      return rows.map(toAccount);
    },

    async pageAccounts({ afterId, take, activeOnly }) {
      const rows = await db.account.findMany({
        where: { ...(afterId ? { id: { gt: afterId } } : {}), ...(activeOnly ? { state: "ACTIVE" } : {}) },
        include: accountInclude,
        orderBy: { id: "asc" },
        take: Math.min(Math.max(take, 1), 1_000),
      });
      return rows.map(toAccount);
    },

    async createTagChangeRequest(input, actor) {
      if (input.items.length === 0) throw new AppError("INVALID_INPUT", "A tag change request needs at least one account to change");
      const existing = async (tx: DbTx) => {
        const row = await tx.tagChangeRequest.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: requestInclude });
        if (!row) return null;
        if (row.requestedById !== input.requestedBy.id) throw new AppError("CONFLICT", "This idempotency key belongs to another request; generate a new one");
        return { record: toRequest(row), created: false };
      };
      try {
        return await db.$transaction(async (tx) => {
          const found = await existing(tx);
          if (found) return found;
          // The readable refusal; the locks' primary key is the guarantee when two requests race.
          const held = await findHeldKeys(tx, input.items);
          if (held.length > 0) throw conflictError(held);

          const revert = input.origin === "drift_revert";
          const settling = input.origin === "drift_revert" || input.origin === "drift_adopt";
          if (settling !== (input.driftFindingId !== undefined)) throw new AppError("INVALID_INPUT", "A drift revert or adopt names its finding, and only those do");
          const finding = input.driftFindingId ? await tx.driftFinding.findUnique({ where: { id: input.driftFindingId } }) : null;
          if (input.driftFindingId) {
            if (!finding) throw new AppError("NOT_FOUND", "No such drift finding");
            if (finding.status !== "open") throw new AppError("CONFLICT", `The drift finding is ${finding.status}, not open`);
            if (input.items.length !== 1 || input.items[0]!.accountId !== finding.accountId) throw new AppError("INVALID_INPUT", "A drift settlement changes the finding's account only");
          }

          const now = new Date();
          const id = randomUUID();
          await tx.tagChangeRequest.create({
            data: {
              id,
              idempotencyKey: input.idempotencyKey,
              origin: input.origin,
              bulk: input.bulk,
              changes: toJsonInput(input.changes),
              reason: input.reason,
              requestedById: input.requestedBy.id,
              requestedByName: input.requestedBy.name,
              tagPolicyVersion: input.tagPolicyVersion,
              // A revert restores the approved value, so it needs no second approval.
              ...(revert ? { state: "approved" as const, decidedAt: now, decisionReason: "Revert to the recorded value (drift)" } : {}),
            },
          });
          await tx.tagChangeItem.createMany({
            data: input.items.map((item) => ({ requestId: id, accountId: item.accountId, awsAccountId: item.awsAccountId, before: toJsonInput(item.before), after: toJsonInput(item.after) })),
          });
          const events: RecordAuditOptions[] = [
            {
              actor,
              action: "governance.tag_change.request",
              subject: { type: "tag_change_request", id },
              after: {
                state: revert ? "approved" : "requested",
                origin: input.origin,
                bulk: input.bulk,
                changes: input.changes,
                reason: input.reason,
                accounts: input.items.map((item) => ({ awsAccountId: item.awsAccountId, before: item.before, after: item.after })),
              },
              metadata: { tagPolicyVersion: input.tagPolicyVersion, ...(finding ? { driftFindingId: finding.id } : {}) },
            },
          ];
          if (finding) {
            const status = revert ? "reverting" : "adopting";
            await tx.driftFinding.update({
              where: { id: finding.id },
              data: { status, changeRequestId: id, settledById: input.requestedBy.id, settledByName: input.requestedBy.name, settleReason: input.reason },
            });
            events.push({
              actor,
              action: revert ? "governance.drift.revert" : "governance.drift.adopt",
              subject: { type: "drift_finding", id: finding.id },
              before: { status: finding.status },
              after: { status, changeRequestId: id, reason: input.reason },
              metadata: { awsAccountId: finding.awsAccountId, tagKey: finding.tagKey },
            });
          }
          await writeAuditEvents(tx, events);
          return { record: await requireRequest(tx, id), created: true };
        }, TX_OPTIONS);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Lost a race: either the same key was submitted twice at once, or another request took
        // one of the tags between our check and our insert.
        const found = await existing(db);
        if (found) return found;
        throw conflictError(await findHeldKeys(db, input.items));
      }
    },

    async findTagChangeRequest(id) {
      return findRequest(db, id);
    },

    async listTagChangeRequests({ states, requestedById, accountId, skip, take }) {
      const where: Prisma.TagChangeRequestWhereInput = {
        ...(states?.length ? { state: { in: states } } : {}),
        ...(requestedById ? { requestedById } : {}),
        ...(accountId ? { items: { some: { accountId } } } : {}),
      };
      const [rows, total] = await Promise.all([
        db.tagChangeRequest.findMany({ where, include: requestInclude, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip, take: Math.min(Math.max(take, 1), 200) }),
        db.tagChangeRequest.count({ where }),
      ]);
      return { rows: rows.map(toRequest), total };
    },

    async decideTagChangeRequest(id, { decision, reason, decider }, actor) {
      try {
        return await db.$transaction(async (tx) => {
          const current = await tx.tagChangeRequest.findUnique({ where: { id } });
          if (!current) throw new AppError("NOT_FOUND", "No such tag change request");
          if (current.requestedById.toLowerCase() === decider.id.toLowerCase()) {
            throw new AppError("FORBIDDEN", "You asked for this change, so another admin must approve or reject it (four-eyes)");
          }
          const next = transitionTagChange(current.state, { type: decision });
          const now = new Date();
          const { count } = await tx.tagChangeRequest.updateMany({
            where: { id, state: current.state },
            data: { state: next, decidedById: decider.id, decidedByName: decider.name, decidedAt: now, decisionReason: reason, ...(next === "rejected" ? { closedAt: now } : {}) },
          });
          if (count === 0) throw new AppError("CONFLICT", "The request changed at the same moment; reload it");
          const events: RecordAuditOptions[] = [
            {
              actor,
              action: `governance.tag_change.${decision === "approve" ? "approve" : "reject"}`,
              subject: { type: "tag_change_request", id },
              before: { state: current.state },
              after: { state: next, reason, decidedBy: decider.name },
            },
          ];
          if (next === "rejected") {
            await tx.tagChangeItem.updateMany({ where: { requestId: id, status: { in: ["pending", "failed"] } }, data: { status: "cancelled", closedAt: now } });
            events.push(...(await reopenFindings(tx, id, actor, "the adopt request was rejected")));
          }
          await writeAuditEvents(tx, events);
          return requireRequest(tx, id);
        }, TX_OPTIONS);
      } catch (error) {
        if (isCheckViolation(error, "tag_change_requests_four_eyes")) throw new AppError("FORBIDDEN", "The requester cannot decide their own request (four-eyes)");
        throw error;
      }
    },

    async cancelTagChangeRequest(id, { reason }, actor) {
      return db.$transaction(async (tx) => {
        const current = await tx.tagChangeRequest.findUnique({ where: { id } });
        if (!current) throw new AppError("NOT_FOUND", "No such tag change request");
        const next = transitionTagChange(current.state, { type: "cancel" });
        const now = new Date();
        const { count } = await tx.tagChangeRequest.updateMany({
          where: { id, state: current.state },
          data: { state: next, closedAt: now, leaseOwner: null, leaseUntil: null },
        });
        if (count === 0) throw new AppError("CONFLICT", "The request changed at the same moment; reload it");
        const cancelled = await tx.tagChangeItem.updateMany({ where: { requestId: id, status: { in: ["pending", "failed"] } }, data: { status: "cancelled", closedAt: now } });
        const reopened = await reopenFindings(tx, id, actor, "the request was cancelled");
        await writeAuditEvents(tx, [
          {
            actor,
            action: "governance.tag_change.cancel",
            subject: { type: "tag_change_request", id },
            before: { state: current.state },
            after: { state: next, reason, accountsCancelled: cancelled.count },
          },
          ...reopened,
        ]);
        return requireRequest(tx, id);
      }, TX_OPTIONS);
    },

    async retryTagChangeRequest(id, actor) {
      return db.$transaction(async (tx) => {
        const current = await tx.tagChangeRequest.findUnique({ where: { id } });
        if (!current) throw new AppError("NOT_FOUND", "No such tag change request");
        const next = transitionTagChange(current.state, { type: "retry" });
        const { count } = await tx.tagChangeRequest.updateMany({
          where: { id, state: current.state },
          data: { state: next, applyRuns: { increment: 1 }, failureMessage: null, leaseOwner: null, leaseUntil: null },
        });
        if (count === 0) throw new AppError("CONFLICT", "The request changed at the same moment; reload it");
        const failed = await tx.tagChangeItem.findMany({ where: { requestId: id, status: "failed" }, select: { id: true, awsAccountId: true, error: true } });
        await tx.tagChangeItem.updateMany({ where: { requestId: id, status: "failed" }, data: { status: "pending" } });
        await recordAudit(tx, {
          actor,
          action: "governance.tag_change.retry",
          subject: { type: "tag_change_request", id },
          before: { state: current.state, failureMessage: current.failureMessage },
          after: { state: next, accounts: failed.map((f) => ({ awsAccountId: f.awsAccountId, lastError: f.error })) },
        });
        return requireRequest(tx, id);
      }, TX_OPTIONS);
    },

    async acquireApplyLease(id, lease, actor) {
      return db.$transaction(async (tx) => {
        const [current] = await tx.$queryRaw<Array<{ state: string; lease_owner: string | null; free: boolean }>>`
          SELECT state::text AS state, lease_owner, (lease_owner IS NULL OR lease_until IS NULL OR lease_until < now() OR lease_owner = ${lease.owner}) AS free
            FROM tag_change_requests WHERE id = ${id}::uuid FOR UPDATE`;
        if (!current) throw new AppError("NOT_FOUND", "No such tag change request");
        if (!current.free || (current.state !== "approved" && current.state !== "applying")) return null;
        const starting = current.state === "approved";
        const next = starting ? transitionTagChange("approved", { type: "start" }) : "applying";
        await tx.$executeRaw`
          UPDATE tag_change_requests
             SET lease_owner = ${lease.owner}, lease_until = now() + ${lease.leaseMs}::int * interval '1 millisecond',
                 state = ${next}::"TagChangeState", apply_runs = apply_runs + ${starting ? 1 : 0}::int, updated_at = now()
           WHERE id = ${id}::uuid`;
        if (starting) {
          await recordAudit(tx, { actor, action: "governance.tag_change.apply", subject: { type: "tag_change_request", id }, before: { state: "approved" }, after: { state: "applying" } });
        } else if (current.lease_owner && current.lease_owner !== lease.owner) {
          // A crashed worker's run: worth a row, since its TagResource calls may be repeated.
          await recordAudit(tx, { actor, action: "governance.tag_change.apply_resume", subject: { type: "tag_change_request", id }, after: { state: "applying", previousWorker: current.lease_owner } });
        }
        return requireRequest(tx, id);
      }, TX_OPTIONS);
    },

    async recordItemProgress(itemId, progress, lease, actor) {
      return db.$transaction(async (tx) => {
        const ref = await tx.tagChangeItem.findUnique({ where: { id: itemId }, select: { requestId: true } });
        if (!ref) throw new AppError("NOT_FOUND", "No such tag change item");
        // The renewal locks the request's row: the item is read after it, by the lease holder only.
        if (!(await renewLease(tx, ref.requestId, lease))) return false;
        const item = await tx.tagChangeItem.findUniqueOrThrow({ where: { id: itemId } });
        const next = transitionTagChangeItem(item.status, { type: progress.event });
        const now = new Date();
        const data: Prisma.TagChangeItemUpdateInput =
          progress.event === "start"
            ? { status: next, attempts: { increment: 1 } }
            : progress.event === "tagged"
              ? { status: next, appliedAt: now, error: null, retryable: null }
              : { status: next, error: progress.error ?? "Failed without a message", retryable: progress.retryable ?? false };
        const after = await tx.tagChangeItem.update({ where: { id: itemId }, data });
        // A repeat within one run (applying again) is not a new state.
        if (next !== item.status) {
          await recordAudit(tx, {
            actor,
            action: `governance.tag_change.account_${next}`,
            subject: { type: "account", id: item.awsAccountId },
            before: itemSnapshot(item),
            after: { ...itemSnapshot(after), ...(next === "applied" ? { tags: after.after } : {}) },
            metadata: { tagChangeRequestId: item.requestId, itemId },
          });
        }
        return true;
      }, TX_OPTIONS);
    },

    async completeItem(itemId, { observedTags }, lease, actor) {
      return db.$transaction(async (tx) => {
        const ref = await tx.tagChangeItem.findUnique({ where: { id: itemId }, select: { requestId: true } });
        if (!ref) throw new AppError("NOT_FOUND", "No such tag change item");
        if (!(await renewLease(tx, ref.requestId, lease))) return false;
        const item = await tx.tagChangeItem.findUniqueOrThrow({ where: { id: itemId }, include: { request: { select: { origin: true } } } });
        const next = transitionTagChangeItem(item.status, { type: "verified" });
        // The account's row lock orders this against a drift scan of the same account.
        const [account] = await tx.$queryRaw<Array<{ tags: unknown }>>`SELECT tags FROM accounts WHERE id = ${item.accountId}::uuid FOR UPDATE`;
        if (!account) throw new AppError("NOT_FOUND", "The account of this change no longer exists");
        const recordedBefore = readStringMap(account.tags);
        const after = readValueMap(item.after) as TagChanges;
        const recorded = applyTagChanges(recordedBefore, after);
        const now = new Date();
        await tx.account.update({ where: { id: item.accountId }, data: { tags: toJsonInput(recorded), observedTags: toJsonInput(observedTags), lastSeenAt: now } });
        await tx.tagChangeItem.update({ where: { id: itemId }, data: { status: next, verifiedAt: now, closedAt: now, observedTags: toJsonInput(observedTags), error: null, retryable: null } });
        const events: RecordAuditOptions[] = [];
        events.push({
          actor,
          action: "governance.tag_change.account_verified",
          subject: { type: "account", id: item.awsAccountId },
          // What the change replaced: the recorded value, or for a drift revert the value found in AWS.
          before: { tags: readValueMap(item.before) },
          after: { tags: after },
          metadata: {
            tagChangeRequestId: item.requestId,
            itemId,
            origin: item.request.origin,
            recordedBefore: Object.fromEntries(Object.keys(after).map((key) => [key, Object.hasOwn(recordedBefore, key) ? recordedBefore[key] : null])),
          },
        });
        const settling = await tx.driftFinding.findMany({ where: { changeRequestId: item.requestId, accountId: item.accountId, status: { in: ["reverting", "adopting"] } } });
        for (const finding of settling) {
          const settled: DriftFindingStatus = finding.status === "reverting" ? "reverted" : "adopted";
          await tx.driftFinding.update({ where: { id: finding.id }, data: { status: settled, settledAt: now } });
          events.push({
            actor,
            action: `governance.drift.${settled}`,
            subject: { type: "drift_finding", id: finding.id },
            before: { status: finding.status },
            after: { status: settled, value: Object.hasOwn(recorded, finding.tagKey) ? recorded[finding.tagKey] : null },
            metadata: { awsAccountId: finding.awsAccountId, tagKey: finding.tagKey, tagChangeRequestId: item.requestId },
          });
        }
        await writeAuditEvents(tx, events);
        return true;
      }, TX_OPTIONS);
    },

    async settleTagChangeRequest(id, { owner }, actor) {
      return db.$transaction(async (tx) => {
        const [current] = await tx.$queryRaw<Array<{ state: string; lease_owner: string | null }>>`
          SELECT state::text AS state, lease_owner FROM tag_change_requests WHERE id = ${id}::uuid FOR UPDATE`;
        if (!current) throw new AppError("NOT_FOUND", "No such tag change request");
        if (current.lease_owner !== owner || current.state !== "applying") return null;
        const items = await tx.tagChangeItem.findMany({ where: { requestId: id }, select: { status: true, error: true, awsAccountId: true } });
        const outcome = summarizeTagChangeOutcome(items.map((i) => i.status as TagChangeItemStatus));
        if (outcome === "applying") {
          await tx.tagChangeRequest.update({ where: { id }, data: { leaseOwner: null, leaseUntil: null } });
          return requireRequest(tx, id);
        }
        const next = transitionTagChange("applying", { type: "settle", outcome });
        const failed = items.filter((i) => i.status === "failed");
        const failureMessage =
          failed.length === 0 ? null : `${failed.length} of ${items.filter((i) => i.status !== "cancelled").length} accounts failed; first: ${failed[0]!.awsAccountId}: ${failed[0]!.error ?? "no message"}`;
        const now = new Date();
        await tx.tagChangeRequest.update({ where: { id }, data: { state: next, failureMessage, leaseOwner: null, leaseUntil: null, ...(next === "applied" ? { closedAt: now } : {}) } });
        await recordAudit(tx, {
          actor,
          action: `governance.tag_change.${next}`,
          subject: { type: "tag_change_request", id },
          before: { state: "applying" },
          after: {
            state: next,
            verified: items.filter((i) => i.status === "verified").length,
            failed: failed.map((f) => ({ awsAccountId: f.awsAccountId, error: f.error })),
          },
        });
        return requireRequest(tx, id);
      }, TX_OPTIONS);
    },

    async listApplicableTagChanges({ limit }) {
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT id::text AS id FROM tag_change_requests
         WHERE state = 'approved' OR (state = 'applying' AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until < now()))
         ORDER BY created_at, id
         LIMIT ${Math.min(Math.max(Math.floor(limit), 1), 1_000)}::int`;
      return rows.map((r) => r.id);
    },

    async recordDriftScan(accountId, { policy, recordedAtRead, observedTags, seenAt }, actor) {
      return db.$transaction(async (tx) => {
        const [account] = await tx.$queryRaw<Array<{ tags: unknown; aws_account_id: string }>>`
          SELECT tags, aws_account_id FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
        if (!account) throw new AppError("NOT_FOUND", "No such account");
        const recorded = readStringMap(account.tags);
        if (policyProjection(policy, recorded) !== policyProjection(policy, recordedAtRead)) {
          return { skipped: "The recorded tags changed while AWS was read; the next scan compares again", opened: 0, refreshed: 0, resolved: 0 };
        }
        const [locks, unsettled, dismissedRows] = await Promise.all([
          // Keys a change is applying right now: AWS and the record differ on purpose until it is verified.
          tx.tagChangeLock.findMany({ where: { accountId, item: { status: { in: ["applying", "applied"] } } }, select: { tagKey: true } }),
          tx.driftFinding.findMany({ where: { accountId, status: { in: [...unsettledDriftStatuses] } } }),
          tx.driftFinding.findMany({ where: { accountId, status: "dismissed" }, orderBy: { settledAt: "desc" }, take: 200 }),
        ]);
        // Only the latest dismissal of a key counts.
        const dismissed = [...new Map(dismissedRows.reverse().map((d) => [d.tagKey, d])).values()].map((d) => ({ key: d.tagKey, recordedValue: d.recordedValue, observedValue: d.observedValue }));
        const skippedKeys = locks.map((l) => l.tagKey);
        const differences = compareTags(policy, recorded, observedTags, { skipKeys: skippedKeys });
        const plan = reconcileDrift(
          differences,
          unsettled.map((f) => ({ id: f.id, key: f.tagKey, status: f.status, recordedValue: f.recordedValue, observedValue: f.observedValue })),
          dismissed,
          { skippedKeys },
        );
        const events: RecordAuditOptions[] = [];
        for (const difference of plan.open) {
          const finding = await tx.driftFinding.create({
            data: {
              accountId,
              awsAccountId: account.aws_account_id,
              tagKey: difference.key,
              kind: difference.kind,
              recordedValue: difference.recordedValue,
              observedValue: difference.observedValue,
              foundAt: seenAt,
              lastSeenAt: seenAt,
            },
          });
          events.push({
            actor,
            action: "governance.drift.found",
            subject: { type: "drift_finding", id: finding.id },
            before: { [difference.key]: difference.recordedValue },
            after: { [difference.key]: difference.observedValue },
            metadata: { awsAccountId: account.aws_account_id, tagKey: difference.key, kind: difference.kind },
          });
        }
        for (const { findingId, difference } of plan.refresh) {
          const before = unsettled.find((f) => f.id === findingId)!;
          await tx.driftFinding.update({
            where: { id: findingId },
            data: { kind: difference.kind, recordedValue: difference.recordedValue, observedValue: difference.observedValue, lastSeenAt: seenAt },
          });
          events.push({
            actor,
            action: "governance.drift.changed",
            subject: { type: "drift_finding", id: findingId },
            before: { kind: before.kind, recordedValue: before.recordedValue, observedValue: before.observedValue },
            after: difference,
            metadata: { awsAccountId: account.aws_account_id, tagKey: difference.key },
          });
        }
        for (const findingId of plan.resolved) {
          await tx.driftFinding.update({
            where: { id: findingId },
            data: { status: "dismissed", settledById: actor.id, settledByName: actor.label, settledAt: seenAt, settleReason: "AWS shows the recorded value again", lastSeenAt: seenAt },
          });
          events.push({
            actor,
            action: "governance.drift.resolved",
            subject: { type: "drift_finding", id: findingId },
            before: { status: "open" },
            after: { status: "dismissed", reason: "AWS shows the recorded value again" },
            metadata: { awsAccountId: account.aws_account_id },
          });
        }
        if (plan.seen.length > 0) await tx.driftFinding.updateMany({ where: { id: { in: plan.seen } }, data: { lastSeenAt: seenAt } });
        await tx.account.update({ where: { id: accountId }, data: { observedTags: toJsonInput(observedTags), lastSeenAt: seenAt } });
        await writeAuditEvents(tx, events);
        return { skipped: null, opened: plan.open.length, refreshed: plan.refresh.length, resolved: plan.resolved.length };
      }, TX_OPTIONS);
    },

    async findDriftFinding(id) {
      const row = await db.driftFinding.findUnique({ where: { id }, include: findingInclude });
      return row ? toFinding(row) : null;
    },

    async listDriftFindings({ statuses, accountId, skip, take }) {
      const where: Prisma.DriftFindingWhereInput = { ...(statuses?.length ? { status: { in: statuses } } : {}), ...(accountId ? { accountId } : {}) };
      const [rows, total] = await Promise.all([
        db.driftFinding.findMany({ where, include: findingInclude, orderBy: [{ foundAt: "desc" }, { id: "asc" }], skip, take: Math.min(Math.max(take, 1), 500) }),
        db.driftFinding.count({ where }),
      ]);
      return { rows: rows.map(toFinding), total };
    },

    async dismissDriftFinding(id, { reason, by }, actor) {
      return db.$transaction(async (tx) => {
        const current = await tx.driftFinding.findUnique({ where: { id } });
        if (!current) throw new AppError("NOT_FOUND", "No such drift finding");
        const { count } = await tx.driftFinding.updateMany({
          where: { id, status: "open" },
          data: { status: "dismissed", settledById: by.id, settledByName: by.name, settledAt: new Date(), settleReason: reason },
        });
        if (count === 0) throw new AppError("CONFLICT", `The drift finding is ${current.status}, not open`);
        await recordAudit(tx, {
          actor,
          action: "governance.drift.dismiss",
          subject: { type: "drift_finding", id },
          before: { status: current.status },
          after: { status: "dismissed", reason },
          metadata: { awsAccountId: current.awsAccountId, tagKey: current.tagKey },
        });
        const row = await tx.driftFinding.findUniqueOrThrow({ where: { id }, include: findingInclude });
        return toFinding(row);
      });
    },

    async getAuditChainHead() {
      const head = await db.auditChainHead.findUnique({ where: { id: 1 } });
      if (!head) throw new AppError("UPSTREAM_FAILED", "The audit chain head is missing: run the database migrations");
      return { lastId: head.lastId === null ? null : head.lastId.toString(), lastHash: head.lastHash };
    },

    async readAuditChain({ afterId, upToId, take }) {
      if (upToId === null) return [];
      const rows = await db.$queryRaw<AuditChainRow[]>`
        SELECT e.id::text AS id, at, actor_id::text AS "actorId", actor_label AS "actorLabel", action, subject_type AS "subjectType",
               subject_id AS "subjectId", before::text AS before, after::text AS after, metadata::text AS metadata,
               request_id AS "requestId", prev_hash AS "prevHash", hash
          FROM audit_events e
         WHERE e.id > ${afterId ?? "0"}::bigint AND e.id <= ${upToId}::bigint
         ORDER BY e.id
         LIMIT ${Math.min(Math.max(Math.floor(take), 1), 10_000)}::int`;
      return rows;
    },
  };
}
