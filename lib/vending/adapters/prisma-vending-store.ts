import "server-only";
import { randomUUID } from "node:crypto";
import { AUDIT_EVENT_COLUMNS, auditEventRowsSql, recordAudit, recordAuditEvents } from "@/lib/platform/audit";
import { currentRequestId, newRequestId } from "@/lib/platform/audit/request-context";
import type { Db, DbTx } from "@/lib/platform/create-prisma-client";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { isCheckViolation, isUniqueViolation, readJsonObject, readStringMap, toJsonInput } from "@/lib/platform/prisma-store-helpers";
import { Prisma } from "@/lib/generated/prisma/client";
import { foldForUniqueness } from "../core/account-naming";
import { activeStatuses, inFlightStatuses, transitionAccountRequest, type AccountRequestEvent, type AccountRequestStatus, type RecordStatus } from "../core/account-request-state";
import { transitionAccountSet } from "../core/account-set-state";
import type { RecordError } from "../core/aws-error";
import { isVendingEnv, vendingEnvironments, type VendingEnv } from "../core/environments";
import { deriveProvisionToken } from "../core/provision-token";
import { defaultTagPolicy, tagPolicyKeysSchema } from "../core/tag-policy";
import { vendingSettingsSchema, type VendingSettings } from "../core/vending-settings";
import type {
  AccountRecord,
  AccountRequestRecord,
  AccountRequestSteps,
  AccountRequestUpdate,
  AccountSetRecord,
  AccountSetSteps,
  NameConflict,
  VendingSettingsRecord,
  VendingStore,
  WorkloadRef,
} from "../ports";

// Advisory locks (two-int form: namespace, lock). NAMES serialises requests so that two cannot
// both take one account name; CLAIM serialises the in-flight count with the claim that follows.
const LOCK_NAMESPACE = 0x42484456; // "BHDV"
const NAMES_LOCK = 1;
const CLAIM_LOCK = 2;
// Transactions wait for those locks behind other instances; keep room for that.
const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

// Status lists written into SQL from the core's closed unions (constants, never user input).
const sqlList = (values: readonly string[]) => Prisma.raw(values.map((v) => `'${v.replace(/[^a-z_]/g, "")}'`).join(", "));
const IN_FLIGHT_SQL = sqlList(inFlightStatuses);
const ACTIVE_SQL = sqlList(activeStatuses);

// An account request's columns under Prisma's field names, so that a raw statement's RETURNING
// rows read like Prisma's (one round trip instead of a write and a read).
const ACCOUNT_REQUEST_FIELDS: Array<[column: string, field: string]> = [
  ["id::text", "id"], ["seq", "seq"], ["set_id::text", "setId"], ["env", "env"], ["account_name", "accountName"], ["account_email", "accountEmail"],
  ["ou_id", "ouId"], ["ou_name", "ouName"], ["sso_first_name", "ssoFirstName"], ["sso_last_name", "ssoLastName"], ["sso_email", "ssoEmail"], ["tags", "tags"],
  ["status::text", "status"], ["attempt", "attempt"], ["provision_token", "provisionToken"], ["provisioned_product_id", "provisionedProductId"], ["record_id", "recordId"],
  ["record_status", "recordStatus"], ["record_errors", "recordErrors"], ["account_id", "accountId"], ["last_error", "lastError"], ["failed_step", "failedStep"],
  ["poll_count", "pollCount"], ["next_poll_at", "nextPollAt"], ["lease_owner", "leaseOwner"], ["lease_until", "leaseUntil"], ["steps", "steps"],
  ["submitted_at", "submittedAt"], ["finished_at", "finishedAt"], ["closed_at", "closedAt"], ["created_at", "createdAt"], ["updated_at", "updatedAt"],
];
const accountRequestColumns = (alias: string) => Prisma.raw(ACCOUNT_REQUEST_FIELDS.map(([column, field]) => `${alias}.${column} AS "${field}"`).join(", "));

// The columns an account request update may write (computeAccountUpdate's keys), for raw SQL.
const UPDATE_COLUMNS: Record<string, { column: string; cast: string }> = {
  recordId: { column: "record_id", cast: "text" },
  provisionedProductId: { column: "provisioned_product_id", cast: "text" },
  recordStatus: { column: "record_status", cast: "text" },
  recordErrors: { column: "record_errors", cast: "jsonb" },
  accountId: { column: "account_id", cast: "text" },
  lastError: { column: "last_error", cast: "text" },
  failedStep: { column: "failed_step", cast: "text" },
  pollCount: { column: "poll_count", cast: "int" },
  nextPollAt: { column: "next_poll_at", cast: "timestamptz" },
  steps: { column: "steps", cast: "jsonb" },
  leaseOwner: { column: "lease_owner", cast: "text" },
  leaseUntil: { column: "lease_until", cast: "timestamptz" },
  status: { column: "status", cast: '"AccountRequestStatus"' },
  attempt: { column: "attempt", cast: "int" },
  provisionToken: { column: "provision_token", cast: "text" },
  submittedAt: { column: "submitted_at", cast: "timestamptz" },
  finishedAt: { column: "finished_at", cast: "timestamptz" },
};

/** `SET …` of an update's data, for a raw statement; unknown keys are refused, never dropped. */
function updateSetSql(data: Prisma.AccountRequestUpdateManyMutationInput): Prisma.Sql {
  const assignments = Object.entries(data).map(([key, value]) => {
    const target = UPDATE_COLUMNS[key];
    if (!target) throw new Error(`updateSetSql does not know the account request field "${key}"`);
    const param = value === Prisma.DbNull || value === null || value === undefined ? null : target.cast === "jsonb" ? JSON.stringify(value) : value;
    return Prisma.sql`${Prisma.raw(target.column)} = ${param}::${Prisma.raw(target.cast)}`;
  });
  return Prisma.join([...assignments, Prisma.sql`updated_at = now()`]);
}

const workloadSelect = { id: true, slug: true, name: true, teamId: true, consumerRepo: true } as const;
const setInclude = {
  workload: { select: workloadSelect },
  accounts: true,
} as const;
type SetRow = Prisma.AccountSetRequestGetPayload<{ include: typeof setInclude }>;
type AccountRequestRow = Prisma.AccountRequestGetPayload<object>;
type AccountRow = Prisma.AccountGetPayload<{ include: { workload: { select: { id: true; slug: true } } } }>;

// Prisma rows become the domain's records here and nowhere else.
function toAccountRequest(row: AccountRequestRow): AccountRequestRecord {
  return {
    id: row.id,
    setId: row.setId,
    seq: Number(row.seq),
    env: row.env as VendingEnv,
    accountName: row.accountName,
    accountEmail: row.accountEmail,
    ou: { id: row.ouId, name: row.ouName },
    sso: { firstName: row.ssoFirstName, lastName: row.ssoLastName, email: row.ssoEmail },
    tags: readStringMap(row.tags),
    status: row.status,
    attempt: row.attempt,
    provisionToken: row.provisionToken,
    provisionedProductId: row.provisionedProductId,
    recordId: row.recordId,
    recordStatus: row.recordStatus as RecordStatus | null,
    recordErrors: Array.isArray(row.recordErrors) ? (row.recordErrors as unknown as RecordError[]) : [],
    accountId: row.accountId,
    lastError: row.lastError,
    failedStep: row.failedStep,
    pollCount: row.pollCount,
    nextPollAt: row.nextPollAt,
    lease: row.leaseOwner && row.leaseUntil ? { owner: row.leaseOwner, until: row.leaseUntil } : null,
    steps: readJsonObject<AccountRequestSteps>(row.steps),
    submittedAt: row.submittedAt,
    finishedAt: row.finishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const envOrder = (env: string) => vendingEnvironments.indexOf(env as VendingEnv);

function toAccountSet(row: SetRow): AccountSetRecord {
  const newWorkload = row.newWorkloadSlug && row.newWorkloadName && row.newWorkloadTeamId ? { slug: row.newWorkloadSlug, name: row.newWorkloadName, teamId: row.newWorkloadTeamId } : null;
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    workload: row.workload,
    newWorkload,
    workloadSlug: row.workload?.slug ?? newWorkload?.slug ?? "",
    tier: row.tier,
    reason: row.reason,
    requestedBy: { id: row.requestedById, name: row.requestedByName },
    state: row.state,
    decidedBy: row.decidedById ? { id: row.decidedById, name: row.decidedByName ?? "" } : null,
    decidedAt: row.decidedAt,
    decisionReason: row.decisionReason,
    tagPolicyVersion: row.tagPolicyVersion,
    steps: readJsonObject<AccountSetSteps>(row.steps),
    consumerRepo: row.consumerRepo,
    providerPrUrl: row.providerPrUrl,
    consumerPrUrl: row.consumerPrUrl,
    failureMessage: row.failureMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    accounts: [...row.accounts].sort((a, b) => envOrder(a.env) - envOrder(b.env)).map(toAccountRequest),
  };
}

function toAccount(row: AccountRow): AccountRecord {
  return {
    id: row.id,
    awsAccountId: row.awsAccountId,
    name: row.name,
    email: row.email,
    ou: row.ouId ? { id: row.ouId, name: row.ouName ?? row.ouId } : null,
    workload: row.workload,
    env: isVendingEnv(row.env) ? row.env : null,
    tags: readStringMap(row.tags),
    observedTags: row.observedTags === null ? null : readStringMap(row.observedTags),
    source: row.source,
    accountRequestId: row.accountRequestId,
    state: row.state,
    joinedAt: row.joinedAt,
    lastSeenAt: row.lastSeenAt,
  };
}

function toSettingsRecord(row: Prisma.VendingSettingsGetPayload<object>): VendingSettingsRecord {
  const parsed = vendingSettingsSchema.safeParse({
    accountNamePattern: row.accountNamePattern,
    emailPattern: row.emailPattern,
    defaultOus: row.defaultOus,
    tierEnvironments: row.tierEnvironments,
    productName: row.productName,
    productId: row.productId,
    artifactName: row.artifactName,
    artifactId: row.artifactId,
    pathName: row.pathName,
    pathId: row.pathId,
    providerRepoOwner: row.providerRepoOwner,
    providerRepoName: row.providerRepoName,
    templateRepoOwner: row.templateRepoOwner,
    templateRepoName: row.templateRepoName,
    consumerRepoOwner: row.consumerRepoOwner,
    maxInFlight: row.maxInFlight,
  });
  if (!parsed.success) {
    throw new AppError("UPSTREAM_FAILED", `The stored vending settings are invalid (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); an admin must save them again`);
  }
  return { settings: parsed.data, revision: row.revision, updatedByName: row.updatedByName, updatedAt: row.updatedAt };
}

function settingsColumns(settings: VendingSettings) {
  return {
    accountNamePattern: settings.accountNamePattern,
    emailPattern: settings.emailPattern,
    defaultOus: toJsonInput(settings.defaultOus),
    tierEnvironments: toJsonInput(settings.tierEnvironments),
    productName: settings.productName,
    productId: settings.productId,
    artifactName: settings.artifactName,
    artifactId: settings.artifactId,
    pathName: settings.pathName,
    pathId: settings.pathId,
    providerRepoOwner: settings.providerRepoOwner,
    providerRepoName: settings.providerRepoName,
    templateRepoOwner: settings.templateRepoOwner,
    templateRepoName: settings.templateRepoName,
    consumerRepoOwner: settings.consumerRepoOwner,
    maxInFlight: settings.maxInFlight,
  };
}

async function lock(tx: DbTx, id: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, ${id}::int)`;
}

async function findConflicts(tx: DbTx, names: string[], emails: string[]): Promise<NameConflict[]> {
  const foldedNames = names.map(foldForUniqueness);
  const foldedEmails = emails.map(foldForUniqueness);
  const insensitive = (values: string[]) => values.map((value) => ({ equals: value, mode: "insensitive" as const }));
  const [accounts, requests] = await Promise.all([
    tx.account.findMany({
      where: { OR: [...insensitive(names).map((name) => ({ name })), ...insensitive(emails).map((email) => ({ email }))] },
      select: { awsAccountId: true, name: true, email: true },
    }),
    tx.accountRequest.findMany({
      where: { closedAt: null, OR: [...insensitive(names).map((accountName) => ({ accountName })), ...insensitive(emails).map((accountEmail) => ({ accountEmail }))] },
      select: { setId: true, env: true, accountName: true, accountEmail: true },
    }),
  ]);
  const conflicts: NameConflict[] = [];
  for (const a of accounts) {
    const holder = { kind: "account" as const, awsAccountId: a.awsAccountId };
    if (foldedNames.includes(foldForUniqueness(a.name))) conflicts.push({ field: "accountName", value: a.name, holder });
    if (foldedEmails.includes(foldForUniqueness(a.email))) conflicts.push({ field: "accountEmail", value: a.email, holder });
  }
  for (const r of requests) {
    const holder = { kind: "request" as const, setId: r.setId, env: r.env as VendingEnv };
    if (foldedNames.includes(foldForUniqueness(r.accountName))) conflicts.push({ field: "accountName", value: r.accountName, holder });
    if (foldedEmails.includes(foldForUniqueness(r.accountEmail))) conflicts.push({ field: "accountEmail", value: r.accountEmail, holder });
  }
  return conflicts;
}

/** What an audit event shows of an account request's progress. */
const progressSnapshot = (row: Pick<AccountRequestRow, "status" | "attempt" | "recordId" | "recordStatus" | "accountId" | "lastError" | "failedStep">) => ({
  status: row.status,
  attempt: row.attempt,
  recordId: row.recordId,
  recordStatus: row.recordStatus,
  accountId: row.accountId,
  lastError: row.lastError,
  failedStep: row.failedStep,
});

// Events a lease holder may apply through updateAccountRequest; claim, recorded, retry and
// cancel have their own methods, because each writes more than the account request.
const LEASED_EVENTS = new Set<AccountRequestEvent["type"]>(["record", "requeue", "tagged", "verified", "fail"]);

/** What an update needs to know of the row it changes. */
type UpdateSnapshot = Pick<AccountRequestRow, "status" | "attempt" | "recordId" | "recordStatus" | "accountId" | "lastError" | "failedStep" | "steps" | "setId" | "env" | "recordErrors">;

/** The columns an update writes, the status it moves to, and what its audit event shows after. */
function computeAccountUpdate(id: string, current: UpdateSnapshot, update: AccountRequestUpdate, leaseMs: number) {
  const accountId = update.accountId !== undefined ? update.accountId : current.accountId;
  const next = update.event ? transitionAccountRequest({ status: current.status, accountId }, update.event) : current.status;
  const now = new Date();
  const data: Prisma.AccountRequestUpdateManyMutationInput = {
    ...(update.recordId !== undefined ? { recordId: update.recordId } : {}),
    ...(update.provisionedProductId !== undefined ? { provisionedProductId: update.provisionedProductId } : {}),
    ...(update.recordStatus !== undefined ? { recordStatus: update.recordStatus } : {}),
    ...(update.recordErrors !== undefined ? { recordErrors: update.recordErrors === null ? Prisma.DbNull : toJsonInput(update.recordErrors) } : {}),
    ...(update.accountId !== undefined ? { accountId: update.accountId } : {}),
    ...(update.lastError !== undefined ? { lastError: update.lastError } : {}),
    ...(update.failedStep !== undefined ? { failedStep: update.failedStep } : {}),
    ...(update.pollCount !== undefined ? { pollCount: update.pollCount } : {}),
    ...(update.nextPollAt !== undefined ? { nextPollAt: update.nextPollAt } : {}),
    ...(update.steps ? { steps: toJsonInput({ ...readJsonObject<AccountRequestSteps>(current.steps), ...update.steps }) } : {}),
    ...(update.releaseLease ? { leaseOwner: null, leaseUntil: null } : { leaseUntil: new Date(now.getTime() + leaseMs) }),
    status: next,
  };
  const after = {
    status: next,
    attempt: current.attempt,
    recordId: update.recordId !== undefined ? update.recordId : current.recordId,
    recordStatus: update.recordStatus !== undefined ? update.recordStatus : current.recordStatus,
    accountId,
    lastError: update.lastError !== undefined ? update.lastError : current.lastError,
    failedStep: update.failedStep !== undefined ? update.failedStep : current.failedStep,
    ...(update.recordErrors ? { recordErrors: update.recordErrors } : {}),
  };
  if (next === "queued" && current.status !== "queued") {
    // Control Tower was busy and the record failed: a new attempt with a new token. The old
    // record made no account, so a new token cannot make a second one.
    const attempt = current.attempt + 1;
    Object.assign(data, { attempt, provisionToken: deriveProvisionToken(id, attempt), recordId: null, recordStatus: null, provisionedProductId: null, submittedAt: null, leaseOwner: null, leaseUntil: null });
    Object.assign(after, { attempt, recordId: null, recordStatus: null });
  }
  if (next === "failed") Object.assign(data, { finishedAt: now, leaseOwner: null, leaseUntil: null });
  return { next, data, after };
}

/**
 * The states from `status` to done (the last one): tagged and verified on the way when the
 * worker did both steps before the write. The state machine refuses any other start.
 */
function statesToDone(status: AccountRequestStatus, accountId: string | null): AccountRequestStatus[] {
  const passed: AccountRequestStatus[] = [];
  let current = status;
  for (const event of [{ type: "tagged" }, { type: "verified" }, { type: "recorded" }] as const) {
    if ((current === "verified" && event.type !== "recorded") || (current === "tagged" && event.type === "tagged")) continue;
    current = transitionAccountRequest({ status: current, accountId }, event);
    passed.push(current);
  }
  return passed;
}

/** The vending store on Prisma. Every state change commits together with its audit event. */
export function createPrismaVendingStore(db: Db): VendingStore {
  /** Whether a claim could take anything now: a slot free and an account queued (no lock). */
  const worthClaiming = async (maxInFlight: number) => {
    const [look] = await db.$queryRaw<Array<{ worth: boolean }>>`
      SELECT (SELECT count(*) FROM account_requests WHERE status IN (${IN_FLIGHT_SQL})) < ${maxInFlight}::int
             AND EXISTS (SELECT 1 FROM account_requests r JOIN account_set_requests s ON s.id = r.set_id
                          WHERE r.status = 'queued' AND s.state IN ('approved', 'provisioning') AND r.next_poll_at <= now()) AS worth`;
    return look?.worth === true;
  };
  const findSet = async (tx: DbTx, id: string) => {
    const row = await tx.accountSetRequest.findUnique({ where: { id }, include: setInclude });
    return row ? toAccountSet(row) : null;
  };

  return {
    async getTagPolicy() {
      const row = await db.tagPolicyVersion.findFirst({ orderBy: { version: "desc" } });
      if (!row) return { ...defaultTagPolicy, note: "built-in default", createdByName: null, createdAt: null };
      return { version: row.version, keys: tagPolicyKeysSchema.parse(row.keys), note: row.note, createdByName: row.createdByName, createdAt: row.createdAt };
    },

    async saveTagPolicy(input, actor) {
      const keys = tagPolicyKeysSchema.parse(input.keys);
      try {
        return await db.$transaction(async (tx) => {
          const latest = await tx.tagPolicyVersion.findFirst({ orderBy: { version: "desc" } });
          const current = latest ? { version: latest.version, keys: latest.keys } : defaultTagPolicy;
          if (current.version !== input.baseVersion) {
            throw new AppError("CONFLICT", `The tag policy changed since you opened it (now version ${current.version}); reload it and apply your change again`);
          }
          const row = await tx.tagPolicyVersion.create({
            data: { version: current.version + 1, keys: toJsonInput(keys), note: input.note.trim(), createdById: actor.id, createdByName: actor.label },
          });
          await recordAudit(tx, {
            actor,
            action: "vending.tag_policy.update",
            subject: { type: "tag_policy", id: String(row.version) },
            before: { version: current.version, keys: current.keys },
            after: { version: row.version, keys },
            metadata: { note: row.note },
          });
          return { version: row.version, keys, note: row.note, createdByName: row.createdByName, createdAt: row.createdAt };
        });
      } catch (error) {
        // Two admins saving from the same base: the second insert of the same version loses.
        if (isUniqueViolation(error)) throw new AppError("CONFLICT", "Another admin saved the tag policy at the same moment; reload it and apply your change again");
        throw error;
      }
    },

    async listTagPolicyVersions({ take }) {
      const rows = await db.tagPolicyVersion.findMany({ orderBy: { version: "desc" }, take: Math.min(Math.max(take, 1), 100) });
      return rows.map((row) => ({ version: row.version, keys: tagPolicyKeysSchema.parse(row.keys), note: row.note, createdByName: row.createdByName, createdAt: row.createdAt }));
    },

    async getSettings() {
      const row = await db.vendingSettings.findUnique({ where: { id: 1 } });
      if (!row) throw new AppError("UPSTREAM_FAILED", "The vending settings row is missing: run the database migrations");
      return toSettingsRecord(row);
    },

    async saveSettings(input, actor) {
      const settings = vendingSettingsSchema.parse(input.settings);
      return db.$transaction(async (tx) => {
        const before = await tx.vendingSettings.findUnique({ where: { id: 1 } });
        if (!before) throw new AppError("UPSTREAM_FAILED", "The vending settings row is missing: run the database migrations");
        const { count } = await tx.vendingSettings.updateMany({
          where: { id: 1, revision: input.baseRevision },
          data: { ...settingsColumns(settings), revision: { increment: 1 }, updatedById: actor.id, updatedByName: actor.label, updatedAt: new Date() },
        });
        if (count === 0) throw new AppError("CONFLICT", `The vending settings changed since you opened them (now revision ${before.revision}); reload them and apply your change again`);
        const after = await tx.vendingSettings.findUniqueOrThrow({ where: { id: 1 } });
        await recordAudit(tx, {
          actor,
          action: "vending.settings.update",
          subject: { type: "vending_settings", id: "1" },
          before: { revision: before.revision, ...settingsColumns(toSettingsRecord(before).settings) },
          after: { revision: after.revision, ...settingsColumns(settings) },
        });
        return toSettingsRecord(after);
      });
    },

    async findWorkload(slug) {
      const row = await db.workload.findUnique({ where: { slug }, select: workloadSelect });
      return row satisfies WorkloadRef | null;
    },

    async findTeam(slug) {
      return db.team.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
    },

    async listWorkloadOptions(slugs) {
      const rows = await db.workload.findMany({
        where: slugs === "all" ? {} : { slug: { in: slugs } },
        select: { id: true, slug: true, name: true, consumerRepo: true, team: { select: { id: true, slug: true, name: true } } },
        orderBy: { slug: "asc" },
      });
      return rows;
    },

    async listTeams() {
      return db.team.findMany({ select: { id: true, slug: true, name: true }, orderBy: { slug: "asc" } });
    },

    async findNameConflicts({ names, emails }) {
      if (names.length === 0 && emails.length === 0) return [];
      return findConflicts(db, names, emails);
    },

    async listKnownUsage() {
      const [ous, values] = await Promise.all([
        db.$queryRaw<Array<{ ou_id: string }>>`SELECT DISTINCT ou_id FROM accounts WHERE ou_id IS NOT NULL`,
        db.$queryRaw<Array<{ key: string; value: string }>>`SELECT DISTINCT t.key, t.value FROM accounts a CROSS JOIN LATERAL jsonb_each_text(a.tags) AS t(key, value)`,
      ]);
      const tagValues: Record<string, string[]> = {};
      for (const { key, value } of values) (tagValues[key] ??= []).push(value);
      return { ouIds: ous.map((o) => o.ou_id), tagValues };
    },

    async createAccountSet(input, actor) {
      if (input.accounts.length === 0) throw new AppError("INVALID_INPUT", "A request needs at least one account");
      try {
        return await db.$transaction(async (tx) => {
          await lock(tx, NAMES_LOCK);
          const existing = await tx.accountSetRequest.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: setInclude });
          if (existing) {
            if (existing.requestedById !== input.requestedBy.id) throw new AppError("CONFLICT", "This idempotency key belongs to another request; generate a new one");
            return { record: toAccountSet(existing), created: false };
          }

          const fieldErrors: FieldError[] = [];
          let workloadId: string | null = null;
          if ("id" in input.workload) {
            const workload = await tx.workload.findUnique({ where: { id: input.workload.id }, select: { id: true } });
            if (!workload) throw new AppError("NOT_FOUND", "The workload does not exist");
            workloadId = workload.id;
          } else {
            const { slug, teamId } = input.workload.new;
            const [taken, pending, team] = await Promise.all([
              tx.workload.findFirst({ where: { slug: { equals: slug, mode: "insensitive" } }, select: { id: true } }),
              tx.accountSetRequest.findFirst({
                where: { newWorkloadSlug: { equals: slug, mode: "insensitive" }, workloadId: null, state: { not: "rejected" } },
                select: { id: true },
              }),
              tx.team.findUnique({ where: { id: teamId }, select: { id: true } }),
            ]);
            if (taken) fieldErrors.push({ path: "workload.slug", message: `A workload "${slug}" already exists` });
            else if (pending) fieldErrors.push({ path: "workload.slug", message: `Another open request is creating a workload "${slug}"` });
            if (!team) fieldErrors.push({ path: "workload.team", message: "No such team" });
          }

          const conflicts = await findConflicts(
            tx,
            input.accounts.map((a) => a.accountName),
            input.accounts.map((a) => a.accountEmail),
          );
          for (const account of input.accounts) {
            for (const conflict of conflicts) {
              const ours = conflict.field === "accountName" ? account.accountName : account.accountEmail;
              if (foldForUniqueness(ours) !== foldForUniqueness(conflict.value)) continue;
              const by = conflict.holder.kind === "account" ? `account ${conflict.holder.awsAccountId}` : `an open request (${conflict.holder.env} of request ${conflict.holder.setId})`;
              fieldErrors.push({ path: `accounts.${account.env}.${conflict.field}`, message: `${ours} is already used by ${by}` });
            }
          }
          if (fieldErrors.length > 0) throw new AppError("CONFLICT", "Some of the request's names are already taken", { fieldErrors });

          const setId = randomUUID();
          const accounts = input.accounts.map((account) => {
            const id = randomUUID();
            return {
              id,
              env: account.env,
              accountName: account.accountName,
              accountEmail: account.accountEmail,
              ouId: account.ou.id,
              ouName: account.ou.name,
              ssoFirstName: account.sso.firstName,
              ssoLastName: account.sso.lastName,
              ssoEmail: account.sso.email,
              tags: toJsonInput(account.tags),
              provisionToken: deriveProvisionToken(id, 1),
            };
          });
          const row = await tx.accountSetRequest.create({
            data: {
              id: setId,
              idempotencyKey: input.idempotencyKey,
              workloadId,
              ...("new" in input.workload ? { newWorkloadSlug: input.workload.new.slug, newWorkloadName: input.workload.new.name, newWorkloadTeamId: input.workload.new.teamId } : {}),
              tier: input.tier,
              reason: input.reason,
              requestedById: input.requestedBy.id,
              requestedByName: input.requestedBy.name,
              tagPolicyVersion: input.tagPolicyVersion,
              accounts: { create: accounts },
            },
            include: setInclude,
          });
          const record = toAccountSet(row);
          await recordAudit(tx, {
            actor,
            action: "vending.set.request",
            subject: { type: "account_set_request", id: setId },
            after: {
              state: record.state,
              workload: record.workloadSlug,
              newWorkload: record.newWorkload,
              tier: record.tier,
              reason: record.reason,
              tagPolicyVersion: record.tagPolicyVersion,
              accounts: record.accounts.map((a) => ({ id: a.id, env: a.env, accountName: a.accountName, accountEmail: a.accountEmail, ou: a.ou, tags: a.tags })),
            },
          });
          return { record, created: true };
        }, TX_OPTIONS);
      } catch (error) {
        // The partial unique indexes are the last line behind the locked check above.
        if (isUniqueViolation(error)) throw new AppError("CONFLICT", "An account name, email or workload slug of this request was taken at the same moment; check the names and submit again", { cause: error });
        throw error;
      }
    },

    findAccountSet: (id) => findSet(db, id),

    async findAccountSetByIdempotencyKey(key) {
      const row = await db.accountSetRequest.findUnique({ where: { idempotencyKey: key }, include: setInclude });
      return row ? toAccountSet(row) : null;
    },

    async listAccountSets({ states, requestedById, workloadIds, visibleTo, skip, take }) {
      const where: Prisma.AccountSetRequestWhereInput = {
        ...(states ? { state: { in: states } } : {}),
        ...(requestedById ? { requestedById } : {}),
        ...(workloadIds && workloadIds !== "all" ? { workloadId: { in: workloadIds } } : {}),
        ...(visibleTo
          ? {
              OR: [
                { requestedById: visibleTo.userId },
                ...(visibleTo.workloadIds.length > 0 ? [{ workloadId: { in: visibleTo.workloadIds } }] : []),
                ...(visibleTo.teamIds.length > 0 ? [{ workloadId: null, newWorkloadTeamId: { in: visibleTo.teamIds } }] : []),
              ],
            }
          : {}),
      };
      const [rows, total] = await Promise.all([
        db.accountSetRequest.findMany({ where, include: setInclude, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take: Math.min(Math.max(take, 1), 200) }),
        db.accountSetRequest.count({ where }),
      ]);
      return { rows: rows.map(toAccountSet), total };
    },

    async decideAccountSet(id, { decision, reason, decider }, actor) {
      try {
        return await db.$transaction(async (tx) => {
          const row = await tx.accountSetRequest.findUnique({ where: { id }, select: { state: true, requestedById: true } });
          if (!row) throw new AppError("NOT_FOUND", "No such account set request");
          if (row.requestedById === decider.id) throw new AppError("FORBIDDEN", "You made this request, so another admin must approve or reject it (four-eyes)");
          const next = transitionAccountSet(row.state, { type: decision });
          const now = new Date();
          const { count } = await tx.accountSetRequest.updateMany({
            where: { id, state: "requested" },
            data: { state: next, decidedById: decider.id, decidedByName: decider.name, decidedAt: now, decisionReason: reason.trim() },
          });
          if (count === 0) throw new AppError("CONFLICT", "Someone decided this request at the same moment; reload it");
          if (next === "rejected") {
            // A rejected request gives its names, emails and workload slug back.
            await tx.accountRequest.updateMany({ where: { setId: id, status: "queued" }, data: { status: "cancelled", closedAt: now, finishedAt: now } });
          }
          await recordAudit(tx, {
            actor,
            action: `vending.set.${decision}`,
            subject: { type: "account_set_request", id },
            before: { state: row.state },
            after: { state: next, reason: reason.trim(), decidedBy: decider.name },
          });
          return (await findSet(tx, id))!;
        });
      } catch (error) {
        if (isCheckViolation(error, "account_set_requests_four_eyes")) throw new AppError("FORBIDDEN", "The requester cannot decide their own request (four-eyes)", { cause: error });
        throw error;
      }
    },

    async transitionAccountSet(id, event, actor, patch = {}) {
      if (event.type === "approve" || event.type === "reject") throw new AppError("INVALID_INPUT", "Approve and reject go through decideAccountSet");
      return db.$transaction(async (tx) => {
        const row = await tx.accountSetRequest.findUnique({ where: { id }, select: { state: true, failureMessage: true, steps: true } });
        if (!row) throw new AppError("NOT_FOUND", "No such account set request");
        const next = transitionAccountSet(row.state, event);
        const failureMessage = patch.failureMessage !== undefined ? patch.failureMessage : event.type === "retry" ? null : row.failureMessage;
        // A retry starts the wiring's attempts afresh.
        const steps = event.type === "retry" ? { steps: toJsonInput({ ...readJsonObject<AccountSetSteps>(row.steps), wiringError: null }) } : {};
        const { count } = await tx.accountSetRequest.updateMany({ where: { id, state: row.state }, data: { state: next, failureMessage, ...steps } });
        if (count === 0) throw new AppError("CONFLICT", "The request changed at the same moment; reload it");
        await recordAudit(tx, {
          actor,
          action: event.type === "settle" ? `vending.set.${event.outcome}` : `vending.set.${event.type}`,
          subject: { type: "account_set_request", id },
          before: { state: row.state },
          after: { state: next, failureMessage },
        });
        return (await findSet(tx, id))!;
      });
    },

    async claimQueuedAccounts({ maxInFlight, owner, leaseMs, look = true }, actor) {
      if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new AppError("INVALID_INPUT", "maxInFlight must be a positive integer");
      // Most calls find every slot taken or nothing queued: one cheap look first, no lock. The
      // claim below decides under the lock; a look that missed a change is made up by the next.
      // A caller that just let a slot go knows one is free: the look would only delay the claim.
      if (look && !(await worthClaiming(maxInFlight))) return [];
      const requestId = currentRequestId() ?? newRequestId();
      const started = transitionAccountSet("approved", { type: "start" });
      return db.$transaction(async (tx) => {
        // Every claimer in every process takes this lock before counting, so the count it reads
        // (the next statement's snapshot) already includes every committed claim, and no claim
        // can commit between its count and its own claim. Transitions out of flight need no
        // lock: they only ever lower the count.
        await lock(tx, CLAIM_LOCK);
        // The claim, the sets that start, and their audit events (accounts in queue order, then
        // sets): one statement, so the audit chain's lock is held only until the commit.
        const claimed = await tx.$queryRaw<Array<Record<string, unknown>>>`
          WITH picked AS (
            SELECT r.id
              FROM account_requests r
              JOIN account_set_requests s ON s.id = r.set_id
             WHERE r.status = 'queued'
               AND s.state IN ('approved', 'provisioning')
               AND r.next_poll_at <= now()
             ORDER BY r.seq
             LIMIT GREATEST(0, ${maxInFlight}::int - (SELECT count(*)::int FROM account_requests WHERE status IN (${IN_FLIGHT_SQL})))
               FOR UPDATE OF r SKIP LOCKED
          ), claimed AS (
            UPDATE account_requests a
               SET status = 'submitted', lease_owner = ${owner}, lease_until = now() + ${leaseMs}::int * interval '1 millisecond',
                   submitted_at = now(), poll_count = 0, next_poll_at = now(), last_error = NULL, updated_at = now()
              FROM picked
             WHERE a.id = picked.id
         RETURNING ${accountRequestColumns("a")}
          ), started AS (
            UPDATE account_set_requests s
               SET state = ${started}::"AccountSetState", updated_at = now()
             WHERE s.id IN (SELECT "setId"::uuid FROM claimed) AND s.state = 'approved'
         RETURNING s.id::text AS id
          ), audited AS (
            INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
            SELECT e.actor_id, e.actor_label, e.action, e.subject_type, e.subject_id, e.before, e.after, e.metadata, e.request_id
              FROM (
                SELECT 0 AS part, c.seq AS ord, ${actor.id}::uuid AS actor_id, ${actor.label}::text AS actor_label, 'vending.account.submitted' AS action,
                       'account_request' AS subject_type, c.id AS subject_id, jsonb_build_object('status', 'queued') AS before,
                       jsonb_build_object('status', c.status, 'attempt', c.attempt, 'recordId', c."recordId", 'recordStatus', c."recordStatus",
                                          'accountId', c."accountId", 'lastError', c."lastError", 'failedStep', c."failedStep") AS after,
                       jsonb_build_object('setId', c."setId", 'env', c.env, 'provisionToken', c."provisionToken") AS metadata, ${requestId}::text AS request_id
                  FROM claimed c
                UNION ALL
                SELECT 1, 0, ${actor.id}::uuid, ${actor.label}::text, 'vending.set.start', 'account_set_request', st.id,
                       jsonb_build_object('state', 'approved'), jsonb_build_object('state', ${started}::text), NULL::jsonb, ${requestId}::text
                  FROM started st
              ) e
             ORDER BY e.part, e.ord, e.subject_id
         RETURNING id
          )
          SELECT c.*, (SELECT count(*) FROM audited)::int AS "auditedCount" FROM claimed c ORDER BY c.seq`;
        return claimed.map((row) => toAccountRequest(row as unknown as AccountRequestRow));
      }, TX_OPTIONS);
    },

    async countInFlight() {
      return db.accountRequest.count({ where: { status: { in: [...inFlightStatuses] } } });
    },

    async leaseDueAccounts({ owner, leaseMs, limit }) {
      const leased = await db.$queryRaw<Array<Record<string, unknown>>>`
        UPDATE account_requests a
           SET lease_owner = ${owner}, lease_until = now() + ${leaseMs}::int * interval '1 millisecond', updated_at = now()
          FROM (SELECT id FROM account_requests
                 WHERE status IN (${ACTIVE_SQL})
                   AND next_poll_at <= now()
                   AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until < now())
                 ORDER BY next_poll_at, seq
                 LIMIT ${Math.max(1, Math.floor(limit))}::int
                   FOR UPDATE SKIP LOCKED) due
         WHERE a.id = due.id
     RETURNING ${accountRequestColumns("a")}`;
      return leased
        .map((row) => toAccountRequest(row as unknown as AccountRequestRow))
        .sort((x, y) => x.nextPollAt.getTime() - y.nextPollAt.getTime() || x.seq - y.seq);
    },

    async updateAccountRequest(id, update, { owner, leaseMs }, actor) {
      if (update.event && !LEASED_EVENTS.has(update.event.type)) throw new AppError("INVALID_INPUT", `"${update.event.type}" is not applied through updateAccountRequest`);
      const write = async (tx: DbTx, current: UpdateSnapshot): Promise<boolean> => {
        const { next, data, after } = computeAccountUpdate(id, current, update, leaseMs);
        const { count } = await tx.accountRequest.updateMany({ where: { id, leaseOwner: owner, status: current.status }, data });
        if (count === 0) return false;
        // Only a change of status is a state change worth a row; another IN_PROGRESS is not.
        if (next !== current.status) {
          await recordAudit(tx, {
            actor,
            action: `vending.account.${next}`,
            subject: { type: "account_request", id },
            before: progressSnapshot(current),
            after,
            metadata: { setId: current.setId, env: current.env },
          });
        }
        return true;
      };
      const known = update.expected;
      if (known) {
        // The worker holds the row's lease and its last state: skip reading it again. The WHERE
        // on lease and status refuses the write if the row moved meanwhile.
        if (known.id !== id) throw new AppError("INVALID_INPUT", "The expected state belongs to another account request");
        const snapshot: UpdateSnapshot = { ...known, steps: known.steps as Prisma.JsonValue, recordErrors: known.recordErrors as unknown as Prisma.JsonValue };
        const changesStatus = update.event && transitionAccountRequest({ status: known.status, accountId: update.accountId !== undefined ? update.accountId : known.accountId }, update.event) !== known.status;
        if (!changesStatus) return write(db, snapshot);
        // The change and its audit event in one statement (autocommit): one round trip, and the
        // audit chain's lock is held for that statement only.
        const { next, data, after } = computeAccountUpdate(id, snapshot, update, leaseMs);
        const event = auditEventRowsSql([
          { actor, action: `vending.account.${next}`, subject: { type: "account_request", id }, before: progressSnapshot(snapshot), after, metadata: { setId: snapshot.setId, env: snapshot.env } },
        ]);
        const inserted = await db.$queryRaw<Array<{ id: bigint }>>`
          WITH changed AS (
            UPDATE account_requests SET ${updateSetSql(data)}
             WHERE id = ${id}::uuid AND lease_owner = ${owner} AND status = ${snapshot.status}::"AccountRequestStatus"
         RETURNING id
          )
          INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
          SELECT e.* FROM (${event}) e WHERE EXISTS (SELECT 1 FROM changed)
          RETURNING id`;
        return inserted.length > 0;
      }
      return db.$transaction(async (tx) => {
        const current = await tx.accountRequest.findUnique({ where: { id } });
        if (!current) throw new AppError("NOT_FOUND", "No such account request");
        if (current.leaseOwner !== owner) return false;
        return write(tx, current);
      });
    },

    async completeAccountRequest(id, { owner, steps, expected }, actor) {
      if (expected) {
        if (expected.id !== id) throw new AppError("INVALID_INPUT", "The expected state belongs to another account request");
        // The worker holds the lease and knows the row: the change, the account and the events
        // in one statement (autocommit), refused by its WHERE if the row moved meanwhile.
        const passed = statesToDone(expected.status, expected.accountId);
        let before = progressSnapshot(expected);
        const events = auditEventRowsSql(
          passed.map((next) => {
            const after = progressSnapshot({ ...expected, status: next, lastError: null });
            const event = {
              actor,
              action: `vending.account.${next}`,
              subject: { type: "account_request", id },
              before,
              after,
              metadata: next === "done" ? { setId: expected.setId, env: expected.env, awsAccountId: expected.accountId } : { setId: expected.setId, env: expected.env },
            };
            before = after;
            return event;
          }),
        );
        const inserted = await db.$queryRaw<Array<{ id: bigint }>>`
          WITH done AS (
            UPDATE account_requests r
               SET status = 'done', finished_at = now(), closed_at = now(), lease_owner = NULL, lease_until = NULL, last_error = NULL, poll_count = 0,
                   steps = r.steps || ${JSON.stringify(steps ?? {})}::jsonb, updated_at = now()
             WHERE r.id = ${id}::uuid AND r.lease_owner = ${owner} AND r.status = ${expected.status}::"AccountRequestStatus" AND r.account_id IS NOT NULL
         RETURNING r.id, r.set_id, r.account_name, r.account_email, r.ou_id, r.ou_name, r.env, r.tags, r.account_id, r.steps
          ), stored AS (
            -- The import may have found the new account first; then it becomes ours.
            INSERT INTO accounts AS a (id, aws_account_id, workload_id, name, email, ou_id, ou_name, env, tags, observed_tags, source, account_request_id, state, last_seen_at, created_at, updated_at)
            SELECT gen_random_uuid(), d.account_id, s.workload_id, d.account_name, d.account_email, d.ou_id, d.ou_name, d.env, d.tags,
                   COALESCE(d.steps->'verify'->'tags', d.tags), 'vended', d.id, 'ACTIVE', now(), now(), now()
              FROM done d JOIN account_set_requests s ON s.id = d.set_id
            ON CONFLICT (aws_account_id) DO UPDATE
               SET name = EXCLUDED.name, email = EXCLUDED.email, ou_id = EXCLUDED.ou_id, ou_name = EXCLUDED.ou_name, env = EXCLUDED.env,
                   tags = EXCLUDED.tags, observed_tags = EXCLUDED.observed_tags, source = EXCLUDED.source,
                   account_request_id = EXCLUDED.account_request_id, last_seen_at = EXCLUDED.last_seen_at,
                   workload_id = COALESCE(EXCLUDED.workload_id, a.workload_id), updated_at = now()
         RETURNING a.id::text AS id
          )
          INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
          SELECT e.actor_id, e.actor_label, e.action, e.subject_type, e.subject_id, e.before,
                 CASE WHEN e.action = 'vending.account.done' THEN e.after || jsonb_build_object('account', (SELECT id FROM stored)) ELSE e.after END,
                 e.metadata, e.request_id
            FROM (${events}) e
           WHERE EXISTS (SELECT 1 FROM done)
       RETURNING id`;
        return inserted.length > 0;
      }
      return db.$transaction(async (tx) => {
        const current = await tx.accountRequest.findUnique({ where: { id }, include: { set: { select: { workloadId: true } } } });
        if (!current) throw new AppError("NOT_FOUND", "No such account request");
        if (current.leaseOwner !== owner) return false;
        const passed = statesToDone(current.status, current.accountId);
        const status = passed[passed.length - 1]!;
        const awsAccountId = current.accountId!;
        const now = new Date();
        const mergedSteps = { ...readJsonObject<AccountRequestSteps>(current.steps), ...steps };
        const { count } = await tx.accountRequest.updateMany({
          where: { id, leaseOwner: owner, status: current.status },
          data: { status, finishedAt: now, closedAt: now, leaseOwner: null, leaseUntil: null, lastError: null, pollCount: 0, ...(steps ? { steps: toJsonInput(mergedSteps) } : {}) },
        });
        if (count === 0) return false;
        const verified = mergedSteps.verify?.tags;
        const common = {
          name: current.accountName,
          email: current.accountEmail,
          ouId: current.ouId,
          ouName: current.ouName,
          env: current.env,
          tags: current.tags as Prisma.InputJsonValue,
          observedTags: toJsonInput(verified ?? current.tags),
          source: "vended" as const,
          accountRequestId: id,
          lastSeenAt: now,
        };
        // The import may have found the new account first; then it becomes ours.
        const account = await tx.account.upsert({
          where: { awsAccountId },
          create: { awsAccountId, workloadId: current.set.workloadId, state: "ACTIVE", ...common },
          update: { ...common, ...(current.set.workloadId ? { workloadId: current.set.workloadId } : {}) },
          select: { id: true },
        });
        // One event per state passed, in one statement.
        let before = progressSnapshot(current);
        await recordAuditEvents(
          tx,
          passed.map((next) => {
            const after = progressSnapshot({ ...current, status: next, lastError: null });
            const event = {
              actor,
              action: `vending.account.${next}`,
              subject: { type: "account_request", id },
              before,
              after: next === "done" ? { ...after, account: account.id } : after,
              metadata: next === "done" ? { setId: current.setId, env: current.env, awsAccountId } : { setId: current.setId, env: current.env },
            };
            before = after;
            return event;
          }),
        );
        return true;
      });
    },

    async retryAccountRequest(id, actor) {
      return db.$transaction(async (tx) => {
        const current = await tx.accountRequest.findUnique({ where: { id } });
        if (!current) throw new AppError("NOT_FOUND", "No such account request");
        const next = transitionAccountRequest({ status: current.status, accountId: current.accountId }, { type: "retry" });
        const data: Prisma.AccountRequestUpdateManyMutationInput = {
          status: next,
          lastError: null,
          failedStep: null,
          pollCount: 0,
          nextPollAt: new Date(),
          finishedAt: null,
          leaseOwner: null,
          leaseUntil: null,
        };
        if (next === "queued") {
          const attempt = current.attempt + 1;
          Object.assign(data, { attempt, provisionToken: deriveProvisionToken(id, attempt), recordId: null, recordStatus: null, recordErrors: Prisma.DbNull, provisionedProductId: null, submittedAt: null });
        }
        const { count } = await tx.accountRequest.updateMany({ where: { id, status: "failed" }, data });
        if (count === 0) throw new AppError("CONFLICT", "The account request changed at the same moment; reload it");
        const after = await tx.accountRequest.findUniqueOrThrow({ where: { id } });
        await recordAudit(tx, {
          actor,
          action: "vending.account.retry",
          subject: { type: "account_request", id },
          before: { ...progressSnapshot(current), recordErrors: current.recordErrors },
          after: progressSnapshot(after),
          metadata: { setId: current.setId, env: current.env },
        });
        return toAccountRequest(after);
      });
    },

    async attachWorkload(setId, workloadId, actor) {
      // The attach, the accounts it links and its audit event: one statement (autocommit).
      const event = auditEventRowsSql([{ actor, action: "vending.set.attach_workload", subject: { type: "account_set_request", id: setId }, after: { workloadId } }]);
      const [row] = await db.$queryRaw<Array<{ attached: number }>>`
        WITH attached AS (
          UPDATE account_set_requests SET workload_id = ${workloadId}::uuid, updated_at = now()
           WHERE id = ${setId}::uuid AND workload_id IS NULL
       RETURNING id
        ), linked AS (
          UPDATE accounts SET workload_id = ${workloadId}::uuid, updated_at = now()
           WHERE workload_id IS NULL AND EXISTS (SELECT 1 FROM attached)
             AND account_request_id IN (SELECT r.id FROM account_requests r WHERE r.set_id = ${setId}::uuid)
       RETURNING id
        ), audited AS (
          INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
          SELECT e.actor_id, e.actor_label, e.action, e.subject_type, e.subject_id, e.before,
                 e.after || jsonb_build_object('accountsLinked', (SELECT count(*) FROM linked)::int), e.metadata, e.request_id
            FROM (${event}) e
           WHERE EXISTS (SELECT 1 FROM attached)
       RETURNING id
        )
        SELECT (SELECT count(*) FROM attached)::int AS attached, (SELECT count(*) FROM audited)::int AS audited`;
      if ((row?.attached ?? 0) > 0) return;
      const set = await db.accountSetRequest.findUnique({ where: { id: setId }, select: { workloadId: true } });
      if (!set) throw new AppError("NOT_FOUND", "No such account set request");
      if (set.workloadId === workloadId) return;
      throw new AppError("CONFLICT", "This request is already attached to another workload");
    },

    async findAccountRequest(id) {
      const row = await db.accountRequest.findUnique({ where: { id } });
      return row ? toAccountRequest(row) : null;
    },

    async listTimeline(setId) {
      const accounts = await db.accountRequest.findMany({ where: { setId }, select: { id: true } });
      const rows = await db.auditEvent.findMany({
        where: {
          OR: [
            { subjectType: "account_set_request", subjectId: setId },
            ...(accounts.length > 0 ? [{ subjectType: "account_request", subjectId: { in: accounts.map((a) => a.id) } }] : []),
          ],
        },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      });
      return rows.map((row) => ({ at: row.at, subjectType: row.subjectType, subjectId: row.subjectId, action: row.action, actorLabel: row.actorLabel, after: row.after }));
    },

    async leaseSetsToSettle({ owner, leaseMs, limit }) {
      const leased = await db.$queryRaw<Array<{ id: string }>>`
        UPDATE account_set_requests s
           SET lease_owner = ${owner}, lease_until = now() + ${leaseMs}::int * interval '1 millisecond', updated_at = now()
          FROM (SELECT c.id FROM account_set_requests c
                 WHERE c.state = 'provisioning'
                   AND (c.lease_owner IS NULL OR c.lease_until IS NULL OR c.lease_until < now())
                   AND COALESCE((c.steps->'wiringError'->>'retryAt')::timestamptz, now()) <= now()
                   AND NOT EXISTS (SELECT 1 FROM account_requests r WHERE r.set_id = c.id AND r.status NOT IN ('done', 'failed', 'cancelled'))
                 ORDER BY c.created_at
                 LIMIT ${Math.max(1, Math.floor(limit))}::int
                   FOR UPDATE SKIP LOCKED) due
         WHERE s.id = due.id
     RETURNING s.id::text AS id`;
      if (leased.length === 0) return [];
      const rows = await db.accountSetRequest.findMany({ where: { id: { in: leased.map((l) => l.id) } }, include: setInclude, orderBy: { createdAt: "asc" } });
      return rows.map(toAccountSet);
    },

    async saveSetSteps(id, patch, { owner, leaseMs }) {
      const milestone = Boolean(patch.consumerRepo || patch.providerPr?.pull || patch.consumerPr?.pull);
      if (!milestone) {
        // Lease renewals and intermediate checkpoints: one statement, steps merged in SQL.
        const count = await db.$executeRaw`
          UPDATE account_set_requests
             SET steps = steps || ${JSON.stringify(patch)}::jsonb,
                 lease_until = now() + ${leaseMs}::int * interval '1 millisecond',
                 updated_at = now()
           WHERE id = ${id}::uuid AND lease_owner = ${owner}`;
        return count > 0;
      }
      // Repos and pull requests are moments people follow on the timeline: each gets an event the
      // first time it is saved (the steps as they were, read in the same statement, tell). The
      // change and its events in one statement, so the audit chain's lock is held for it only.
      const system = { id: null, label: "system:vending" };
      const milestones: Array<{ event: Parameters<typeof auditEventRowsSql>[0][number]; unless: Prisma.Sql }> = [];
      if (patch.consumerRepo) {
        milestones.push({ event: { actor: system, action: "vending.set.consumer_repo", subject: { type: "account_set_request", id }, after: patch.consumerRepo }, unless: Prisma.sql`prev.steps ? 'consumerRepo' AND prev.steps->'consumerRepo' <> 'null'::jsonb` });
      }
      for (const key of ["providerPr", "consumerPr"] as const) {
        const pull = patch[key]?.pull;
        if (!pull) continue;
        milestones.push({
          event: { actor: system, action: "vending.set.pull_request", subject: { type: "account_set_request", id }, after: { repo: key === "providerPr" ? "provider" : "consumer", ...pull } },
          unless: Prisma.sql`jsonb_typeof(prev.steps->${key}->'pull') = 'object'`,
        });
      }
      const inserts = Prisma.join(
        milestones.map(({ event, unless }) => Prisma.sql`SELECT e.* FROM (${auditEventRowsSql([event])}) e, prev WHERE EXISTS (SELECT 1 FROM changed) AND NOT COALESCE(${unless}, false)`),
        " UNION ALL ",
      );
      const [row] = await db.$queryRaw<Array<{ changed: number }>>`
        WITH prev AS (
          SELECT steps FROM account_set_requests WHERE id = ${id}::uuid
        ), changed AS (
          UPDATE account_set_requests
             SET steps = steps || ${JSON.stringify(patch)}::jsonb,
                 consumer_repo = COALESCE(${patch.consumerRepo ? `${patch.consumerRepo.owner}/${patch.consumerRepo.repo}` : null}::text, consumer_repo),
                 provider_pr_url = COALESCE(${patch.providerPr?.pull?.url ?? null}::text, provider_pr_url),
                 consumer_pr_url = COALESCE(${patch.consumerPr?.pull?.url ?? null}::text, consumer_pr_url),
                 lease_until = now() + ${leaseMs}::int * interval '1 millisecond',
                 updated_at = now()
           WHERE id = ${id}::uuid AND lease_owner = ${owner}
       RETURNING id
        ), audited AS (
          INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS}) ${inserts}
       RETURNING id
        )
        SELECT (SELECT count(*) FROM changed)::int AS changed, (SELECT count(*) FROM audited)::int AS audited`;
      return (row?.changed ?? 0) > 0;
    },

    async settleLeasedSet(id, { outcome, failureMessage }, owner, actor) {
      const next = transitionAccountSet("provisioning", { type: "settle", outcome });
      // The settle, the lease let go and its audit event: one statement (autocommit), so the
      // audit chain's lock is held for it only.
      const event = auditEventRowsSql([
        { actor, action: `vending.set.${outcome}`, subject: { type: "account_set_request", id }, before: { state: "provisioning" }, after: { state: next, failureMessage } },
      ]);
      const inserted = await db.$queryRaw<Array<{ id: bigint }>>`
        WITH settled AS (
          UPDATE account_set_requests
             SET state = ${next}::"AccountSetState", failure_message = ${failureMessage}::text, lease_owner = NULL, lease_until = NULL, updated_at = now()
           WHERE id = ${id}::uuid AND state = 'provisioning' AND lease_owner = ${owner}
       RETURNING id
        )
        INSERT INTO audit_events (${AUDIT_EVENT_COLUMNS})
        SELECT e.* FROM (${event}) e WHERE EXISTS (SELECT 1 FROM settled)
        RETURNING id`;
      return inserted.length > 0;
    },

    async releaseSetLease(id, owner) {
      await db.accountSetRequest.updateMany({ where: { id, leaseOwner: owner }, data: { leaseOwner: null, leaseUntil: null } });
    },

    async findNextDueAt(scope = "all") {
      const [row] = await db.$queryRaw<Array<{ accounts: Date | null; sets: Date | null }>>`
        SELECT LEAST(
                 (SELECT min(GREATEST(next_poll_at, COALESCE(lease_until, next_poll_at))) FROM account_requests WHERE status IN (${ACTIVE_SQL})),
                 -- Queued accounts are due only while a slot is free (else the in-flight ones come first).
                 (SELECT min(r.next_poll_at) FROM account_requests r JOIN account_set_requests s ON s.id = r.set_id
                   WHERE r.status = 'queued' AND s.state IN ('approved', 'provisioning')
                     AND (SELECT count(*) FROM account_requests WHERE status IN (${IN_FLIGHT_SQL}))
                         < COALESCE((SELECT max_in_flight FROM vending_settings WHERE id = 1), 1))
               ) AS accounts,
               (SELECT min(GREATEST(COALESCE((s.steps->'wiringError'->>'retryAt')::timestamptz, now()), COALESCE(s.lease_until, now())))
                  FROM account_set_requests s
                 WHERE s.state = 'provisioning'
                   AND NOT EXISTS (SELECT 1 FROM account_requests r WHERE r.set_id = s.id AND r.status NOT IN ('done', 'failed', 'cancelled'))) AS sets`;
      const accounts = row?.accounts ?? null;
      const sets = row?.sets ?? null;
      if (!accounts && !sets) return null;
      // A loop with nothing of its own to do still waits while the other has work (it may make some).
      const other = new Date(Date.now() + 60_000);
      if (scope === "accounts") return accounts ?? other;
      if (scope === "sets") return sets ?? other;
      return [accounts, sets].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    },

    async recordImportedAccounts(accounts, { seenAt }, actor) {
      const rows = accounts
        .filter((a) => /^\d{12}$/.test(a.awsAccountId))
        .map((a) => ({
          aws_account_id: a.awsAccountId,
          name: a.name,
          email: a.email,
          ou_id: a.ou?.id ?? null,
          ou_name: a.ou?.name ?? null,
          workload_slug: a.tags.Workload ?? null,
          env: isVendingEnv(a.tags.Environment) ? a.tags.Environment : null,
          tags: a.tags,
          state: a.state,
          joined_at: a.joinedAt?.toISOString() ?? null,
        }));
      if (rows.length === 0) return { created: 0, updated: 0, linked: 0 };
      return db.$transaction(async (tx) => {
        // One statement for the whole estate: hundreds of accounts, one round trip.
        const result = await tx.$queryRaw<Array<{ inserted: boolean; linked: boolean }>>`
          INSERT INTO accounts (id, aws_account_id, name, email, ou_id, ou_name, workload_id, env, tags, observed_tags, source, state, joined_at, last_seen_at, created_at, updated_at)
          SELECT gen_random_uuid(), x.aws_account_id, x.name, x.email, x.ou_id, x.ou_name, w.id, x.env, x.tags, x.tags, 'imported', x.state, x.joined_at, ${seenAt}, now(), now()
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                 AS x(aws_account_id text, name text, email text, ou_id text, ou_name text, workload_slug text, env text, tags jsonb, state text, joined_at timestamptz)
            LEFT JOIN workloads w ON w.slug = x.workload_slug
          ON CONFLICT (aws_account_id) DO UPDATE
             SET name = EXCLUDED.name, email = EXCLUDED.email, ou_id = EXCLUDED.ou_id, ou_name = EXCLUDED.ou_name,
                 state = EXCLUDED.state, joined_at = EXCLUDED.joined_at, observed_tags = EXCLUDED.observed_tags,
                 last_seen_at = EXCLUDED.last_seen_at, updated_at = now(),
                 workload_id = COALESCE(accounts.workload_id, EXCLUDED.workload_id),
                 env = COALESCE(accounts.env, EXCLUDED.env)
          RETURNING (xmax = 0) AS inserted, workload_id IS NOT NULL AS linked`;
        const summary = {
          created: result.filter((r) => r.inserted).length,
          updated: result.filter((r) => !r.inserted).length,
          linked: result.filter((r) => r.linked).length,
        };
        await recordAudit(tx, { actor, action: "vending.accounts.import", subject: { type: "accounts", id: "organizations" }, after: { ...summary, seen: rows.length, seenAt } });
        return summary;
      }, TX_OPTIONS);
    },

    async listAccounts({ workloadIds, search, source, env, workloadSlug, skip, take }) {
      const term = search?.trim();
      const where: Prisma.AccountWhereInput = {
        ...(workloadIds && workloadIds !== "all" ? { workloadId: { in: workloadIds } } : {}),
        ...(source ? { source } : {}),
        ...(env === "none" ? { env: null } : env ? { env } : {}),
        ...(workloadSlug === "none" ? { workloadId: null } : workloadSlug ? { workload: { slug: workloadSlug } } : {}),
        ...(term
          ? {
              OR: [
                { name: { contains: term, mode: "insensitive" as const } },
                { email: { contains: term, mode: "insensitive" as const } },
                { awsAccountId: { startsWith: term } },
              ],
            }
          : {}),
      };
      const [rows, total] = await Promise.all([
        db.account.findMany({ where, include: { workload: { select: { id: true, slug: true } } }, orderBy: [{ name: "asc" }, { awsAccountId: "asc" }], skip, take: Math.min(Math.max(take, 1), 500) }),
        db.account.count({ where }),
      ]);
      return { rows: rows.map(toAccount), total };
    },

    async findAccount(awsAccountId) {
      const row = await db.account.findUnique({ where: { awsAccountId }, include: { workload: { select: { id: true, slug: true } } } });
      return row ? toAccount(row) : null;
    },
  };
}

