// Test support (never imported by the app): the vending domain's ports in memory, so use-case
// tests run without PostgreSQL, AWS or GitHub. The store follows the core state machines as the
// Prisma store does, and keeps its audit trail (which is also the timeline).
import { randomUUID } from "node:crypto";
import type { AuditActor } from "@/lib/platform/audit";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { foldForUniqueness } from "@/lib/vending/core/account-naming";
import { activeStatuses, inFlightStatuses, isFinalStatus, transitionAccountRequest } from "@/lib/vending/core/account-request-state";
import { transitionAccountSet } from "@/lib/vending/core/account-set-state";
import { AwsOperationError, type AwsErrorFacts, type RecordError } from "@/lib/vending/core/aws-error";
import { isVendingEnv } from "@/lib/vending/core/environments";
import { deriveProvisionToken } from "@/lib/vending/core/provision-token";
import { defaultTagPolicy, tagPolicyKeysSchema, type TagMap } from "@/lib/vending/core/tag-policy";
import { defaultVendingSettings, vendingSettingsSchema, type VendingSettings } from "@/lib/vending/core/vending-settings";
import type { WorkloadStore } from "@/lib/workloads";
import type {
  AccountFactory,
  AccountRecord,
  AccountRequestRecord,
  AccountSetRecord,
  ConsumerRepoFactory,
  OrganizationAccountDetail,
  OrganizationalUnit,
  OrganizationsDirectory,
  ProvisioningRecord,
  TagPolicyRecord,
  TimelineEntry,
  VendingDeps,
  VendingEvent,
  VendingPullRequests,
  VendingSettingsRecord,
  VendingStore,
  WorkloadOption,
} from "@/lib/vending/ports";

export const fakeOus: OrganizationalUnit[] = [
  { id: "ou-7hq2-2wv6p8rt", name: "Workloads", parentId: "r-7hq2", path: ["Workloads"] },
  { id: "ou-7hq2-4nj7c1ye", name: "NonProd", parentId: "ou-7hq2-2wv6p8rt", path: ["Workloads", "NonProd"] },
  { id: "ou-7hq2-8pz3k5du", name: "Prod", parentId: "ou-7hq2-2wv6p8rt", path: ["Workloads", "Prod"] },
  { id: "ou-7hq2-9b3xn4qa", name: "Sandbox", parentId: "r-7hq2", path: ["Sandbox"] },
];

/** Settings as the demo seeds them: defaults per environment, a provider repo and a template. */
export const fakeSettings: VendingSettings = vendingSettingsSchema.parse({
  ...defaultVendingSettings,
  emailPattern: "aws+{workload}-{env}@acme.example",
  defaultOus: { dev: { id: "ou-7hq2-4nj7c1ye", name: "NonProd" }, stage: { id: "ou-7hq2-4nj7c1ye", name: "NonProd" }, prod: { id: "ou-7hq2-8pz3k5du", name: "Prod" } },
  providerRepoOwner: "acme-platform",
  providerRepoName: "aws-accounts",
  templateRepoOwner: "acme-platform",
  templateRepoName: "consumer-template",
  consumerRepoOwner: "acme-platform",
});

interface AuditRow extends TimelineEntry {
  before: unknown;
  actorId: string | null;
}

export interface FakeStoreOptions {
  now?: () => Date;
  workloads?: Array<{ slug: string; name?: string; team: string; consumerRepo?: string | null }>;
  teams?: string[];
  settings?: VendingSettings;
}

type StoredSet = Omit<AccountSetRecord, "accounts" | "workload"> & { workloadId: string | null; lease: { owner: string; until: Date } | null; accountIds: string[] };

/** The vending store in memory. `memberships`, `workloads` and `audit` are exposed for assertions. */
export function createFakeVendingStore(options: FakeStoreOptions = {}) {
  const now = options.now ?? (() => new Date());
  const teams = new Map<string, { id: string; slug: string; name: string }>();
  const teamOf = (slug: string) => {
    let team = teams.get(slug);
    if (!team) teams.set(slug, (team = { id: randomUUID(), slug, name: `${slug} team` }));
    return team;
  };
  for (const slug of options.teams ?? []) teamOf(slug);
  const workloads: Array<{ id: string; slug: string; name: string; teamId: string; consumerRepo: string | null }> = (options.workloads ?? []).map((w) => ({
    id: randomUUID(),
    slug: w.slug,
    name: w.name ?? w.slug,
    teamId: teamOf(w.team).id,
    consumerRepo: w.consumerRepo === undefined ? `acme-platform/${w.slug}-infra` : w.consumerRepo,
  }));
  const memberships: Array<{ userId: string; workloadId: string; role: "lead" | "builder"; source: "manual" | "idp" }> = [];
  const policies: TagPolicyRecord[] = [];
  let settings: VendingSettingsRecord = { settings: options.settings ?? fakeSettings, revision: 0, updatedByName: null, updatedAt: now() };
  const sets = new Map<string, StoredSet>();
  const requests = new Map<string, AccountRequestRecord & { closed: boolean }>();
  const accounts: AccountRecord[] = [];
  const audit: AuditRow[] = [];
  let seq = 0;
  /** Counts every write, as the benchmark counts database writes. */
  const writes = { count: 0 };

  const record = (actor: AuditActor, action: string, subject: { type: string; id: string }, after: unknown, before?: unknown) => {
    audit.push({ at: now(), subjectType: subject.type, subjectId: subject.id, action, actorLabel: actor.label, actorId: actor.id, after, before });
  };
  const workloadRef = (id: string | null) => {
    const w = id ? workloads.find((x) => x.id === id) : undefined;
    return w ? { id: w.id, slug: w.slug, name: w.name, teamId: w.teamId, consumerRepo: w.consumerRepo } : null;
  };
  const clone = <T>(value: T): T => structuredClone(value);
  const toSet = (stored: StoredSet): AccountSetRecord => {
    const { workloadId, lease: _lease, accountIds, ...rest } = stored;
    const workload = workloadRef(workloadId);
    return clone({
      ...rest,
      workload,
      workloadSlug: workload?.slug ?? rest.newWorkload?.slug ?? "",
      accounts: accountIds.map((id) => requests.get(id)!).map(({ closed: _closed, ...r }) => r),
    });
  };
  const toRequest = (id: string): AccountRequestRecord => {
    const { closed: _closed, ...r } = requests.get(id)!;
    return clone(r);
  };
  const openRequests = () => [...requests.values()].filter((r) => !r.closed);
  const leaseFree = (lease: { until: Date } | null) => !lease || lease.until.getTime() < now().getTime();

  const store: VendingStore = {
    async getTagPolicy() {
      const latest = policies.at(-1);
      return latest ? clone(latest) : { ...defaultTagPolicy, note: "built-in default", createdByName: null, createdAt: null };
    },
    async saveTagPolicy(input, actor) {
      const current = await store.getTagPolicy();
      if (current.version !== input.baseVersion) throw new AppError("CONFLICT", "The tag policy changed since you opened it");
      const saved: TagPolicyRecord = { version: current.version + 1, keys: tagPolicyKeysSchema.parse(input.keys), note: input.note, createdByName: actor.label, createdAt: now() };
      policies.push(saved);
      writes.count++;
      record(actor, "vending.tag_policy.update", { type: "tag_policy", id: String(saved.version) }, { version: saved.version, keys: saved.keys }, { version: current.version });
      return clone(saved);
    },
    async listTagPolicyVersions({ take }) {
      return clone([...policies].reverse().slice(0, take));
    },
    async getSettings() {
      return clone(settings);
    },
    async saveSettings(input, actor) {
      if (input.baseRevision !== settings.revision) throw new AppError("CONFLICT", "The vending settings changed since you opened them");
      const before = settings;
      settings = { settings: vendingSettingsSchema.parse(input.settings), revision: settings.revision + 1, updatedByName: actor.label, updatedAt: now() };
      writes.count++;
      record(actor, "vending.settings.update", { type: "vending_settings", id: "1" }, settings.settings, before.settings);
      return clone(settings);
    },
    async findWorkload(slug) {
      return workloadRef(workloads.find((w) => w.slug === slug)?.id ?? null);
    },
    async findTeam(slug) {
      return teams.get(slug) ?? null;
    },
    async listWorkloadOptions(slugs): Promise<WorkloadOption[]> {
      return workloads
        .filter((w) => slugs === "all" || slugs.includes(w.slug))
        .sort((a, b) => a.slug.localeCompare(b.slug))
        .map((w) => ({ id: w.id, slug: w.slug, name: w.name, consumerRepo: w.consumerRepo, team: [...teams.values()].find((t) => t.id === w.teamId)! }));
    },
    async listTeams() {
      return [...teams.values()].sort((a, b) => a.slug.localeCompare(b.slug));
    },
    async findNameConflicts({ names, emails }) {
      const n = new Set(names.map(foldForUniqueness));
      const e = new Set(emails.map(foldForUniqueness));
      const found = [];
      for (const a of accounts) {
        if (n.has(foldForUniqueness(a.name))) found.push({ field: "accountName" as const, value: a.name, holder: { kind: "account" as const, awsAccountId: a.awsAccountId } });
        if (e.has(foldForUniqueness(a.email))) found.push({ field: "accountEmail" as const, value: a.email, holder: { kind: "account" as const, awsAccountId: a.awsAccountId } });
      }
      for (const r of openRequests()) {
        if (n.has(foldForUniqueness(r.accountName))) found.push({ field: "accountName" as const, value: r.accountName, holder: { kind: "request" as const, setId: r.setId, env: r.env } });
        if (e.has(foldForUniqueness(r.accountEmail))) found.push({ field: "accountEmail" as const, value: r.accountEmail, holder: { kind: "request" as const, setId: r.setId, env: r.env } });
      }
      return found;
    },
    async listKnownUsage() {
      const tagValues: Record<string, string[]> = {};
      for (const a of accounts) for (const [k, v] of Object.entries(a.tags)) (tagValues[k] ??= []).push(v);
      return { ouIds: accounts.flatMap((a) => (a.ou ? [a.ou.id] : [])), tagValues };
    },
    async createAccountSet(input, actor) {
      const existing = [...sets.values()].find((s) => s.idempotencyKey === input.idempotencyKey);
      if (existing) {
        if (existing.requestedBy.id !== input.requestedBy.id) throw new AppError("CONFLICT", "This idempotency key belongs to another request");
        return { record: toSet(existing), created: false };
      }
      const fieldErrors: FieldError[] = [];
      const conflicts = await store.findNameConflicts({ names: input.accounts.map((a) => a.accountName), emails: input.accounts.map((a) => a.accountEmail) });
      for (const a of input.accounts) {
        for (const c of conflicts) {
          const ours = c.field === "accountName" ? a.accountName : a.accountEmail;
          if (foldForUniqueness(ours) === foldForUniqueness(c.value)) fieldErrors.push({ path: `accounts.${a.env}.${c.field}`, message: `${ours} is already used` });
        }
      }
      if ("new" in input.workload) {
        const slug = input.workload.new.slug;
        if (workloads.some((w) => w.slug === slug) || [...sets.values()].some((s) => s.newWorkload?.slug === slug && !s.workloadId && s.state !== "rejected")) {
          fieldErrors.push({ path: "workload.slug", message: `A workload "${slug}" already exists or is being requested` });
        }
      }
      if (fieldErrors.length > 0) throw new AppError("CONFLICT", "Some of the request's names are already taken", { fieldErrors });
      const id = randomUUID();
      const at = now();
      const accountIds: string[] = [];
      for (const a of input.accounts) {
        const rid = randomUUID();
        accountIds.push(rid);
        requests.set(rid, {
          id: rid,
          setId: id,
          seq: ++seq,
          env: a.env,
          accountName: a.accountName,
          accountEmail: a.accountEmail,
          ou: a.ou,
          sso: a.sso,
          tags: a.tags,
          status: "queued",
          attempt: 1,
          provisionToken: deriveProvisionToken(rid, 1),
          provisionedProductId: null,
          recordId: null,
          recordStatus: null,
          recordErrors: [],
          accountId: null,
          lastError: null,
          failedStep: null,
          pollCount: 0,
          nextPollAt: at,
          lease: null,
          steps: {},
          submittedAt: null,
          finishedAt: null,
          createdAt: at,
          updatedAt: at,
          closed: false,
        });
      }
      sets.set(id, {
        id,
        idempotencyKey: input.idempotencyKey,
        workloadId: "id" in input.workload ? input.workload.id : null,
        newWorkload: "new" in input.workload ? input.workload.new : null,
        workloadSlug: "",
        tier: input.tier,
        reason: input.reason,
        requestedBy: input.requestedBy,
        state: "requested",
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        tagPolicyVersion: input.tagPolicyVersion,
        steps: {},
        consumerRepo: null,
        providerPrUrl: null,
        consumerPrUrl: null,
        failureMessage: null,
        createdAt: at,
        updatedAt: at,
        lease: null,
        accountIds,
      });
      writes.count++;
      record(actor, "vending.set.request", { type: "account_set_request", id }, { state: "requested" });
      return { record: toSet(sets.get(id)!), created: true };
    },
    async findAccountSet(id) {
      const s = sets.get(id);
      return s ? toSet(s) : null;
    },
    async findAccountSetByIdempotencyKey(key) {
      const s = [...sets.values()].find((x) => x.idempotencyKey === key);
      return s ? toSet(s) : null;
    },
    async listAccountSets({ states, requestedById, workloadIds, visibleTo, skip, take }) {
      const rows = [...sets.values()]
        .filter((s) => !states || states.includes(s.state))
        .filter((s) => !requestedById || s.requestedBy.id === requestedById)
        .filter((s) => !workloadIds || workloadIds === "all" || (s.workloadId !== null && workloadIds.includes(s.workloadId)))
        .filter(
          (s) =>
            !visibleTo ||
            s.requestedBy.id === visibleTo.userId ||
            (s.workloadId !== null && visibleTo.workloadIds.includes(s.workloadId)) ||
            (s.workloadId === null && s.newWorkload !== null && visibleTo.teamIds.includes(s.newWorkload.teamId)),
        )
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      return { rows: rows.slice(skip, skip + take).map(toSet), total: rows.length };
    },
    async decideAccountSet(id, { decision, reason, decider }, actor) {
      const s = sets.get(id);
      if (!s) throw new AppError("NOT_FOUND", "No such account set request");
      if (s.requestedBy.id === decider.id) throw new AppError("FORBIDDEN", "four-eyes");
      s.state = transitionAccountSet(s.state, { type: decision });
      Object.assign(s, { decidedBy: decider, decidedAt: now(), decisionReason: reason, updatedAt: now() });
      if (s.state === "rejected") {
        for (const rid of s.accountIds) Object.assign(requests.get(rid)!, { status: "cancelled", closed: true });
      }
      writes.count++;
      record(actor, `vending.set.${decision}`, { type: "account_set_request", id }, { state: s.state, reason });
      return toSet(s);
    },
    async transitionAccountSet(id, event, actor, patch = {}) {
      const s = sets.get(id);
      if (!s) throw new AppError("NOT_FOUND", "No such account set request");
      s.state = transitionAccountSet(s.state, event);
      s.failureMessage = patch.failureMessage !== undefined ? patch.failureMessage : event.type === "retry" ? null : s.failureMessage;
      if (event.type === "retry") s.steps = { ...s.steps, wiringError: null };
      writes.count++;
      record(actor, event.type === "settle" ? `vending.set.${event.outcome}` : `vending.set.${event.type}`, { type: "account_set_request", id }, { state: s.state, failureMessage: s.failureMessage });
      return toSet(s);
    },
    async claimQueuedAccounts({ maxInFlight, owner, leaseMs }, actor) {
      const inFlight = [...requests.values()].filter((r) => inFlightStatuses.includes(r.status)).length;
      const room = Math.max(0, maxInFlight - inFlight);
      const queued = [...requests.values()]
        .filter((r) => r.status === "queued" && r.nextPollAt.getTime() <= now().getTime())
        .filter((r) => ["approved", "provisioning"].includes(sets.get(r.setId)!.state))
        .sort((a, b) => a.seq - b.seq)
        .slice(0, room);
      for (const r of queued) {
        Object.assign(r, { status: "submitted", lease: { owner, until: new Date(now().getTime() + leaseMs) }, submittedAt: now(), pollCount: 0, nextPollAt: now(), lastError: null });
        writes.count++;
        record(actor, "vending.account.submitted", { type: "account_request", id: r.id }, { status: "submitted" });
        const s = sets.get(r.setId)!;
        if (s.state === "approved") {
          s.state = "provisioning";
          record(actor, "vending.set.start", { type: "account_set_request", id: s.id }, { state: "provisioning" });
        }
      }
      return queued.map((r) => toRequest(r.id));
    },
    async countInFlight() {
      return [...requests.values()].filter((r) => inFlightStatuses.includes(r.status)).length;
    },
    async leaseDueAccounts({ owner, leaseMs, limit }) {
      const due = [...requests.values()]
        .filter((r) => activeStatuses.includes(r.status) && r.nextPollAt.getTime() <= now().getTime() && leaseFree(r.lease))
        .sort((a, b) => a.nextPollAt.getTime() - b.nextPollAt.getTime() || a.seq - b.seq)
        .slice(0, limit);
      for (const r of due) r.lease = { owner, until: new Date(now().getTime() + leaseMs) };
      return due.map((r) => toRequest(r.id));
    },
    async updateAccountRequest(id, update, { owner, leaseMs }, actor) {
      const r = requests.get(id);
      if (!r) throw new AppError("NOT_FOUND", "No such account request");
      if (r.lease?.owner !== owner) return false;
      const accountId = update.accountId !== undefined ? update.accountId : r.accountId;
      const next = update.event ? transitionAccountRequest({ status: r.status, accountId }, update.event) : r.status;
      const before = r.status;
      for (const key of ["recordId", "provisionedProductId", "recordStatus", "accountId", "lastError", "failedStep", "pollCount", "nextPollAt"] as const) {
        if (update[key] !== undefined) (r as unknown as Record<string, unknown>)[key] = update[key];
      }
      if (update.recordErrors !== undefined) r.recordErrors = update.recordErrors ?? [];
      if (update.steps) r.steps = { ...r.steps, ...update.steps };
      r.lease = update.releaseLease ? null : { owner, until: new Date(now().getTime() + leaseMs) };
      r.status = next;
      r.updatedAt = now();
      if (next === "queued" && before !== "queued") {
        r.attempt += 1;
        Object.assign(r, { provisionToken: deriveProvisionToken(id, r.attempt), recordId: null, recordStatus: null, provisionedProductId: null, submittedAt: null, lease: null });
      }
      if (next === "failed") Object.assign(r, { finishedAt: now(), lease: null });
      writes.count++;
      if (next !== before) record(actor, `vending.account.${next}`, { type: "account_request", id }, { status: next, lastError: r.lastError, accountId: r.accountId, recordErrors: r.recordErrors });
      return true;
    },
    async completeAccountRequest(id, { owner, steps }, actor) {
      const r = requests.get(id)!;
      if (r.lease?.owner !== owner) return false;
      const passed: Array<typeof r.status> = [];
      for (const type of ["tagged", "verified", "recorded"] as const) {
        if ((r.status === "verified" && type !== "recorded") || (r.status === "tagged" && type === "tagged")) continue;
        r.status = transitionAccountRequest({ status: r.status, accountId: r.accountId }, { type });
        passed.push(r.status);
      }
      if (steps) r.steps = { ...r.steps, ...steps };
      Object.assign(r, { finishedAt: now(), closed: true, lease: null, lastError: null, pollCount: 0 });
      const s = sets.get(r.setId)!;
      const existing = accounts.find((a) => a.awsAccountId === r.accountId);
      const w = workloadRef(s.workloadId);
      const row: AccountRecord = {
        id: existing?.id ?? randomUUID(),
        awsAccountId: r.accountId!,
        name: r.accountName,
        email: r.accountEmail,
        ou: r.ou,
        workload: w ? { id: w.id, slug: w.slug } : null,
        env: r.env,
        tags: r.tags,
        observedTags: r.steps.verify?.tags ?? r.tags,
        source: "vended",
        accountRequestId: id,
        state: "ACTIVE",
        joinedAt: now(),
        lastSeenAt: now(),
      };
      if (existing) Object.assign(existing, row);
      else accounts.push(row);
      writes.count++;
      for (const status of passed) record(actor, `vending.account.${status}`, { type: "account_request", id }, { status, accountId: r.accountId });
      return true;
    },
    async retryAccountRequest(id, actor) {
      const r = requests.get(id);
      if (!r) throw new AppError("NOT_FOUND", "No such account request");
      const next = transitionAccountRequest({ status: r.status, accountId: r.accountId }, { type: "retry" });
      Object.assign(r, { status: next, lastError: null, failedStep: null, pollCount: 0, nextPollAt: now(), finishedAt: null, lease: null });
      if (next === "queued") {
        r.attempt += 1;
        Object.assign(r, { provisionToken: deriveProvisionToken(id, r.attempt), recordId: null, recordStatus: null, recordErrors: [], provisionedProductId: null, submittedAt: null });
      }
      writes.count++;
      record(actor, "vending.account.retry", { type: "account_request", id }, { status: next });
      return toRequest(id);
    },
    async attachWorkload(setId, workloadId, actor) {
      const s = sets.get(setId)!;
      if (s.workloadId === workloadId) return;
      if (s.workloadId) throw new AppError("CONFLICT", "attached to another workload");
      s.workloadId = workloadId;
      const w = workloads.find((x) => x.id === workloadId)!;
      for (const a of accounts) if (!a.workload && a.accountRequestId && s.accountIds.includes(a.accountRequestId)) a.workload = { id: w.id, slug: w.slug };
      writes.count++;
      record(actor, "vending.set.attach_workload", { type: "account_set_request", id: setId }, { workloadId });
    },
    async findAccountRequest(id) {
      return requests.has(id) ? toRequest(id) : null;
    },
    async listTimeline(setId) {
      const ids = new Set([setId, ...(sets.get(setId)?.accountIds ?? [])]);
      return clone(audit.filter((a) => ids.has(a.subjectId)).map(({ before: _b, actorId: _a, ...entry }) => entry));
    },
    async leaseSetsToSettle({ owner, leaseMs, limit }) {
      const due = [...sets.values()]
        .filter((s) => s.state === "provisioning" && leaseFree(s.lease))
        .filter((s) => !s.steps.wiringError || new Date(s.steps.wiringError.retryAt).getTime() <= now().getTime())
        .filter((s) => s.accountIds.every((id) => ["done", "failed", "cancelled"].includes(requests.get(id)!.status)))
        .slice(0, limit);
      for (const s of due) s.lease = { owner, until: new Date(now().getTime() + leaseMs) };
      return due.map(toSet);
    },
    async saveSetSteps(id, patch, { owner, leaseMs }) {
      const s = sets.get(id)!;
      if (s.lease?.owner !== owner) return false;
      const before = s.steps;
      s.steps = clone({ ...s.steps, ...patch });
      if (patch.consumerRepo) s.consumerRepo = `${patch.consumerRepo.owner}/${patch.consumerRepo.repo}`;
      if (patch.providerPr?.pull) s.providerPrUrl = patch.providerPr.pull.url;
      if (patch.consumerPr?.pull) s.consumerPrUrl = patch.consumerPr.pull.url;
      s.lease = { owner, until: new Date(now().getTime() + leaseMs) };
      writes.count++;
      const system = { id: null, label: "system:vending" };
      if (patch.consumerRepo && !before.consumerRepo) record(system, "vending.set.consumer_repo", { type: "account_set_request", id }, patch.consumerRepo);
      for (const key of ["providerPr", "consumerPr"] as const) {
        if (patch[key]?.pull && !before[key]?.pull) record(system, "vending.set.pull_request", { type: "account_set_request", id }, patch[key]!.pull);
      }
      return true;
    },
    async settleLeasedSet(id, { outcome, failureMessage }, owner, actor) {
      const s = sets.get(id)!;
      if (s.lease?.owner !== owner || s.state !== "provisioning") return false;
      s.state = transitionAccountSet(s.state, { type: "settle", outcome });
      s.failureMessage = failureMessage;
      s.lease = null;
      writes.count++;
      record(actor, `vending.set.${outcome}`, { type: "account_set_request", id }, { state: s.state, failureMessage });
      return true;
    },
    async releaseSetLease(id, owner) {
      const s = sets.get(id)!;
      if (s.lease?.owner === owner) s.lease = null;
    },
    async findNextDueAt(scope = "all") {
      const accountTimes: number[] = [];
      const setTimes: number[] = [];
      for (const r of requests.values()) {
        if (activeStatuses.includes(r.status)) accountTimes.push(Math.max(r.nextPollAt.getTime(), r.lease?.until.getTime() ?? 0));
        if (r.status === "queued" && ["approved", "provisioning"].includes(sets.get(r.setId)!.state)) accountTimes.push(r.nextPollAt.getTime());
      }
      for (const s of sets.values()) {
        if (s.state !== "provisioning" || !s.accountIds.every((id) => isFinalStatus(requests.get(id)!.status) || requests.get(id)!.status === "failed")) continue;
        setTimes.push(Math.max(s.steps.wiringError ? new Date(s.steps.wiringError.retryAt).getTime() : 0, s.lease?.until.getTime() ?? 0, now().getTime()));
      }
      if (accountTimes.length === 0 && setTimes.length === 0) return null;
      const other = now().getTime() + 60_000;
      const pick = scope === "accounts" ? accountTimes : scope === "sets" ? setTimes : [...accountTimes, ...setTimes];
      return new Date(pick.length > 0 ? Math.min(...pick) : other);
    },

    async recordImportedAccounts(imported, { seenAt }, actor) {
      let created = 0;
      let updated = 0;
      let linked = 0;
      for (const a of imported) {
        const existing = accounts.find((x) => x.awsAccountId === a.awsAccountId);
        const w = workloads.find((x) => x.slug === a.tags.Workload);
        if (existing) {
          Object.assign(existing, { name: a.name, email: a.email, ou: a.ou, state: a.state, observedTags: a.tags, lastSeenAt: seenAt });
          existing.workload ??= w ? { id: w.id, slug: w.slug } : null;
          existing.env ??= isVendingEnv(a.tags.Environment) ? a.tags.Environment : null;
          updated++;
          if (existing.workload) linked++;
        } else {
          accounts.push({
            id: randomUUID(),
            awsAccountId: a.awsAccountId,
            name: a.name,
            email: a.email,
            ou: a.ou,
            workload: w ? { id: w.id, slug: w.slug } : null,
            env: isVendingEnv(a.tags.Environment) ? a.tags.Environment : null,
            tags: a.tags,
            observedTags: a.tags,
            source: "imported",
            accountRequestId: null,
            state: a.state,
            joinedAt: a.joinedAt,
            lastSeenAt: seenAt,
          });
          created++;
          if (w) linked++;
        }
      }
      writes.count++;
      record(actor, "vending.accounts.import", { type: "accounts", id: "organizations" }, { created, updated, linked });
      return { created, updated, linked };
    },
    async listAccounts({ search, source, env, workloadSlug, skip, take }) {
      const term = search?.toLowerCase();
      const rows = accounts
        .filter((a) => !source || a.source === source)
        .filter((a) => !env || (env === "none" ? a.env === null : a.env === env))
        .filter((a) => !workloadSlug || (workloadSlug === "none" ? a.workload === null : a.workload?.slug === workloadSlug))
        .filter((a) => !term || a.name.toLowerCase().includes(term) || a.email.toLowerCase().includes(term) || a.awsAccountId.startsWith(term))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { rows: clone(rows.slice(skip, skip + take)), total: rows.length };
    },
    async findAccount(awsAccountId) {
      return clone(accounts.find((a) => a.awsAccountId === awsAccountId) ?? null);
    },
  };
  /** The workloads domain's store, on the same rows: registration with the lead's membership. */
  const workloadStore: Pick<WorkloadStore, "findWorkload" | "createWorkload"> = {
    async findWorkload(slug) {
      const w = workloads.find((x) => x.slug === slug);
      if (!w) return null;
      const team = [...teams.values()].find((t) => t.id === w.teamId)!;
      return { id: w.id, slug: w.slug, name: w.name, description: "", consumerRepo: w.consumerRepo, team: { slug: team.slug, name: team.name, githubTeam: null } };
    },
    async createWorkload(data, actor, options = {}) {
      if (workloads.some((w) => w.slug === data.slug)) throw new AppError("CONFLICT", `A workload "${data.slug}" already exists`);
      if (workloads.some((w) => w.consumerRepo?.toLowerCase() === data.consumerRepo.toLowerCase())) throw new AppError("CONFLICT", `${data.consumerRepo} already belongs to another workload`);
      const w = { id: randomUUID(), slug: data.slug, name: data.name, teamId: data.teamId, consumerRepo: data.consumerRepo };
      workloads.push(w);
      record(actor, "workload.create", { type: "workload", id: w.id }, { slug: w.slug, consumerRepo: w.consumerRepo });
      if (options.leadUserId) {
        memberships.push({ userId: options.leadUserId, workloadId: w.id, role: "lead", source: "manual" });
        record(actor, "membership.grant", { type: "membership", id: randomUUID() }, { role: "lead" });
      }
      return (await workloadStore.findWorkload(w.slug))!;
    },
  };
  return { store, workloadStore, memberships, workloads, audit, accounts, requests, sets, writes, teamOf };
}

// --------------------------------------------------------------------- AWS

const awsError = (facts: Partial<AwsErrorFacts> & { operation: string; service: AwsErrorFacts["service"] }) => new AwsOperationError(facts);

interface FakeRecord {
  id: string;
  token: string;
  name: string;
  accountName: string;
  accountEmail: string;
  status: ProvisioningRecord["status"];
  describes: number;
  accountId: string | null;
  errors: RecordError[];
  failWith: RecordError[] | null;
  createdAt: Date;
}

/**
 * Account Factory in memory: a record goes CREATED → IN_PROGRESS → SUCCEEDED over
 * `describesToFinish` DescribeRecord calls. Scripted: throttling, "another operation in
 * progress", FAILED records, and the peak number of records in flight at once.
 */
export function createFakeAccountFactory(options: { describesToFinish?: number; maxInFlight?: number } = {}) {
  const describesToFinish = options.describesToFinish ?? 2;
  const records = new Map<string, FakeRecord>();
  const productNames = new Set<string>();
  const script = { throttle: { ProvisionProduct: 0, DescribeRecord: 0 } as Record<string, number>, busy: 0, failNext: [] as RecordError[][], busyRecordNext: 0 };
  const calls: string[] = [];
  let peak = 0;
  let nextAccount = 100000000000;
  const inFlight = () => [...records.values()].filter((r) => r.status === "CREATED" || r.status === "IN_PROGRESS").length;
  const view = (r: FakeRecord): ProvisioningRecord => ({
    recordId: r.id,
    status: r.status,
    provisionedProductId: `pp-${r.id}`,
    accountId: r.accountId,
    outputs: r.accountId ? { AccountId: r.accountId } : {},
    errors: r.errors,
    // Records here take no time (they finish after a number of DescribeRecord calls), so their
    // UpdatedTime is their CreatedTime: a worker expects the next one to be done at once.
    createdAt: r.createdAt,
    updatedAt: r.createdAt,
  });
  const throttled = (operation: string) => {
    if ((script.throttle[operation] ?? 0) > 0) {
      script.throttle[operation]!--;
      throw awsError({ service: "servicecatalog", operation, name: "ThrottlingException", httpStatus: 400, message: "Rate exceeded" });
    }
  };
  const factory: AccountFactory = {
    async resolveProduct() {
      calls.push("resolveProduct");
      return { productId: "prod-1", productName: "AWS Control Tower Account Factory", artifactId: "pa-1", artifactName: "3.3", pathId: "lpv3-1", pathName: "portfolio" };
    },
    async listManagedOus() {
      return fakeOus;
    },
    async provisionAccount(input) {
      calls.push(`ProvisionProduct ${input.provisionedProductName} ${input.provisionToken}`);
      throttled("ProvisionProduct");
      const replay = [...records.values()].find((r) => r.token === input.provisionToken);
      if (replay) return view(replay);
      if (productNames.has(input.provisionedProductName)) {
        throw awsError({ service: "servicecatalog", operation: "ProvisionProduct", name: "InvalidParametersException", httpStatus: 400, message: `A stack named ${input.provisionedProductName} already exists.` });
      }
      if (script.busy > 0 || inFlight() >= (options.maxInFlight ?? 5)) {
        if (script.busy > 0) script.busy--;
        throw awsError({
          service: "servicecatalog",
          operation: "ProvisionProduct",
          name: "InvalidParametersException",
          httpStatus: 400,
          message: "AWS Control Tower cannot provision the account because another AWS Control Tower operation is in progress. Try again later.",
        });
      }
      const failWith = script.busyRecordNext > 0 ? (script.busyRecordNext--, [{ code: "ProvisioningFailed", description: "Another AWS Control Tower operation is in progress." }]) : (script.failNext.shift() ?? null);
      const r: FakeRecord = { id: `rec-${records.size + 1}`, token: input.provisionToken, name: input.provisionedProductName, accountName: input.parameters.accountName, accountEmail: input.parameters.accountEmail, status: "CREATED", describes: 0, accountId: null, errors: [], failWith, createdAt: new Date() };
      records.set(r.id, r);
      productNames.add(input.provisionedProductName);
      peak = Math.max(peak, inFlight());
      return view(r);
    },
    async describeRecord(recordId) {
      calls.push(`DescribeRecord ${recordId}`);
      throttled("DescribeRecord");
      const r = records.get(recordId);
      if (!r) throw awsError({ service: "servicecatalog", operation: "DescribeRecord", name: "ResourceNotFoundException", httpStatus: 400, message: "no record" });
      if (r.status === "CREATED" || r.status === "IN_PROGRESS") {
        r.describes++;
        if (r.describes >= describesToFinish) {
          if (r.failWith) {
            r.status = "FAILED";
            r.errors = r.failWith;
          } else {
            r.status = "SUCCEEDED";
            r.accountId = String(nextAccount++);
            onAccountCreated?.({ id: r.accountId, name: r.accountName, email: r.accountEmail });
          }
        } else r.status = "IN_PROGRESS";
      }
      return view(r);
    },
    async findProvisionedProduct() {
      return null;
    },
  };
  let onAccountCreated: ((account: { id: string; name: string; email: string }) => void) | undefined;
  return {
    factory,
    records,
    calls,
    script,
    peak: () => peak,
    inFlight,
    onAccountCreated(fn: (account: { id: string; name: string; email: string }) => void) {
      onAccountCreated = fn;
    },
  };
}

/** Organizations in memory: accounts with parents and tags; scripted throttling and tags that do not stick. */
export function createFakeDirectory(initial: Array<{ id: string; name: string; email: string; parentId: string; tags?: TagMap }> = []) {
  const accounts = new Map(initial.map((a) => [a.id, { ...a, tags: { ...(a.tags ?? {}) } }]));
  const script = { throttleTag: 0, dropTagKeys: [] as string[], unavailable: false };
  const calls: string[] = [];
  const directory: OrganizationsDirectory = {
    async listOrganizationalUnits() {
      if (script.unavailable) throw awsError({ service: "organizations", operation: "ListRoots", name: "ServiceException", httpStatus: 500, message: "down" });
      return fakeOus;
    },
    async listAccounts(): Promise<OrganizationAccountDetail[]> {
      return [...accounts.values()].map((a) => ({
        id: a.id,
        name: a.name,
        email: a.email,
        arn: `arn:aws:organizations::318274650912:account/o-x/${a.id}`,
        state: "ACTIVE",
        joinedAt: null,
        parent: { id: a.parentId, type: a.parentId.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : "ROOT" },
        tags: { ...a.tags },
      }));
    },
    async listAccountSummaries() {
      return [...accounts.values()].map((a) => ({ id: a.id, name: a.name, email: a.email, arn: "", state: "ACTIVE" as const, joinedAt: null }));
    },
    async describeAccount(id) {
      const a = accounts.get(id);
      return a ? { id: a.id, name: a.name, email: a.email, arn: "", state: "ACTIVE", joinedAt: null } : null;
    },
    async listTags(id) {
      calls.push(`ListTagsForResource ${id}`);
      return { ...(accounts.get(id)?.tags ?? {}) };
    },
    async tagAccount(id, tags) {
      calls.push(`TagResource ${id}`);
      if (script.throttleTag > 0) {
        script.throttleTag--;
        throw awsError({ service: "organizations", operation: "TagResource", name: "TooManyRequestsException", httpStatus: 429, message: "slow down" });
      }
      const a = accounts.get(id);
      if (!a) throw awsError({ service: "organizations", operation: "TagResource", name: "TargetNotFoundException", httpStatus: 404, message: "no such account" });
      for (const [k, v] of Object.entries(tags)) if (!script.dropTagKeys.includes(k)) a.tags[k] = v;
    },
    async untagAccount(id, keys) {
      const a = accounts.get(id);
      for (const k of keys) delete a?.tags[k];
    },
  };
  return { directory, accounts, script, calls };
}

// ------------------------------------------------------------------- GitHub

interface FakePull {
  repo: string;
  number: number;
  branch: string;
  base: string;
  title: string;
  body: string;
  labels: string[];
  files: Record<string, string>;
}

/**
 * The scaffold publisher's steps in memory: commits, branches and PRs per repo. `loseAnswer`
 * makes the next call of that step do its work and then throw, as a crash right after GitHub
 * answered would; `fail` makes it throw before doing anything.
 */
export function createFakePullRequests(repos: string[] = ["acme-platform/aws-accounts"]) {
  const known = new Set(repos);
  const pulls: FakePull[] = [];
  const commits = new Map<string, Record<string, string>>();
  const branches = new Map<string, string>();
  const calls: string[] = [];
  const script = { loseAnswer: new Set<string>(), fail: new Map<string, AppError>() };
  const key = (repo: { owner: string; repo: string }) => `${repo.owner}/${repo.repo}`;
  const step = async <T>(name: string, repo: { owner: string; repo: string }, work: () => T): Promise<T> => {
    calls.push(`${name} ${key(repo)}`);
    const failure = script.fail.get(name);
    if (failure) throw failure;
    if (!known.has(key(repo))) throw new AppError("NOT_FOUND", `GitHub could not find ${key(repo)}`);
    const result = work();
    if (script.loseAnswer.delete(name)) throw new Error(`the answer to ${name} was lost`);
    return result;
  };
  const pullRequests: VendingPullRequests = {
    readBaseRef: (repo) => step("readBaseRef", repo, () => ({ branch: "main", sha: "base-sha" })),
    createCommit: (repo, { files }) =>
      step("createCommit", repo, () => {
        const sha = `commit-${commits.size + 1}`;
        commits.set(sha, Object.fromEntries(files.map((f) => [f.path, f.content])));
        return { sha, treeSha: `tree-${sha}` };
      }),
    pointBranch: (repo, { branch, sha }) =>
      step("pointBranch", repo, () => {
        const created = !branches.has(`${key(repo)}:${branch}`);
        branches.set(`${key(repo)}:${branch}`, sha);
        return { created };
      }),
    findOpenPullRequest: (repo, { branch }) =>
      step("findOpenPullRequest", repo, () => {
        const pull = pulls.find((p) => p.repo === key(repo) && p.branch === branch);
        return pull ? { number: pull.number, url: `https://github.test/${pull.repo}/pull/${pull.number}` } : null;
      }),
    openPullRequest: (repo, { branch, base, title, body }) =>
      step("openPullRequest", repo, () => {
        const sha = branches.get(`${key(repo)}:${branch}`)!;
        const pull: FakePull = { repo: key(repo), number: pulls.filter((p) => p.repo === key(repo)).length + 1, branch, base, title, body, labels: [], files: commits.get(sha) ?? {} };
        pulls.push(pull);
        return { number: pull.number, url: `https://github.test/${pull.repo}/pull/${pull.number}` };
      }),
    addLabels: (repo, { number, labels }) =>
      step("addLabels", repo, () => {
        pulls.find((p) => p.repo === key(repo) && p.number === number)!.labels.push(...labels);
      }),
    requestTeamReviewers: (repo) => step("requestTeamReviewers", repo, () => undefined),
    readPullRequest: (repo, { number }) =>
      step("readPullRequest", repo, () => {
        const pull = pulls.find((p) => p.repo === key(repo) && p.number === number)!;
        return { number, state: "open" as const, mergeCommitSha: null, headRef: pull.branch, url: `https://github.test/${pull.repo}/pull/${number}` };
      }),
  };
  return { pullRequests, pulls, calls, script, known };
}

/** Template repos in memory; generating a repo makes it known to the fake publisher. */
export function createFakeRepoFactory(onCreate: (fullName: string) => void = () => {}) {
  const created: string[] = [];
  const script = { loseAnswer: false };
  const factory: ConsumerRepoFactory = {
    async createFromTemplate({ owner, name }) {
      const fullName = `${owner}/${name}`;
      if (created.includes(fullName)) return { owner, repo: name, created: false };
      created.push(fullName);
      onCreate(fullName);
      if (script.loseAnswer) {
        script.loseAnswer = false;
        throw new Error("the answer to generate was lost");
      }
      return { owner, repo: name, created: true };
    },
  };
  return { factory, created, script };
}

export interface FakeVendingOptions extends FakeStoreOptions {
  describesToFinish?: number;
  accounts?: Array<{ id: string; name: string; email: string; parentId: string; tags?: TagMap }>;
}

/** Every port faked and wired together: accounts Account Factory creates appear in the directory. */
export function fakeVendingDeps(options: FakeVendingOptions = {}) {
  const clock = { now: options.now ?? (() => new Date()) };
  const storeParts = createFakeVendingStore({ ...options, now: () => clock.now() });
  const aws = createFakeAccountFactory({ describesToFinish: options.describesToFinish });
  const org = createFakeDirectory(options.accounts);
  aws.onAccountCreated((a) => org.accounts.set(a.id, { ...a, parentId: "ou-7hq2-4nj7c1ye", tags: {} }));
  const github = createFakePullRequests();
  const repos = createFakeRepoFactory((fullName) => github.known.add(fullName));
  for (const w of storeParts.workloads) if (w.consumerRepo) github.known.add(w.consumerRepo);
  const events: VendingEvent[] = [];
  const wakes = { count: 0 };
  const deps: VendingDeps = {
    store: storeParts.store,
    accountFactory: aws.factory,
    directory: org.directory,
    events: { publish: async (batch) => void events.push(...batch) },
    pullRequests: github.pullRequests,
    repoFactory: repos.factory,
    workloads: storeParts.workloadStore,
    config: { publicUrl: "http://portal.test" },
    wakeWorker: async () => void wakes.count++,
    timings: { pollBackoff: { initialMs: 0, factor: 1, maxMs: 0, jitter: 0 }, retryBackoff: { initialMs: 0, factor: 1, maxMs: 0, jitter: 0 }, leaseMs: 60_000, maxWiringAttempts: 3 },
    now: () => clock.now(),
    random: () => 0.5,
  };
  return { deps, ...storeParts, aws, org, github, repos, events, wakes, clock };
}
