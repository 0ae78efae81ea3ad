import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, recordAuditEvents } from "@/lib/platform/audit";
import type { Db, DbTx } from "@/lib/platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import { moduleDocsSchema } from "@/lib/modules/module-docs";
import type { ComplianceWeek, ConsumptionInterval, VersionStatusChange } from "../core/compute-compliance";
import type { ComputedNotice, Escalation, VersionState } from "../core/compute-notices";
import type { CatalogueModule } from "../core/match-reference";
import type { NormalizedSource } from "../core/normalize-module-source";
import { DAY_MS, parseNoticePolicy, type NoticePolicy } from "../core/notice-policy";
import { pickOpenUpgrade, type OpenUpgradePullRequest } from "../core/pick-open-upgrade";
import { unitKeyOfUpgrade, upgradeUnitKey } from "../core/upgrade-key";
import type { VersionAdvisory } from "../core/types";
import type { ApplyScanResult, ChannelDelivery, ConsumptionEndReason, ConsumptionInput, ConsumptionRecord, EstateStore, InboxFilter, InboxItem, NoticePolicyState, NoticeRecord, ScanTarget, UnitView, UpgradeCandidate } from "../ports";

/*
 * The estate's storage on PostgreSQL. Consumptions are intervals: a scan ends rows instead of
 * deleting them. At most one open consumption per workload, file and address, and one open notice
 * per consumption (partial unique indexes in the migration). Scans of one workload take a
 * transaction-scoped advisory lock, so two scans of one repo never interleave.
 */

const consumptionKey = (c: { file: string; address: string }) => `${c.file}#${c.address}`;

type ConsumptionRow = Prisma.ConsumptionGetPayload<object>;
type NoticeRow = Prisma.EstateNoticeGetPayload<object>;

function toConsumption(row: ConsumptionRow): ConsumptionRecord {
  return {
    id: row.id,
    workloadId: row.workloadId,
    env: row.env || null,
    region: row.region || null,
    unitPath: row.unitPath,
    file: row.file,
    address: row.address,
    kind: row.kind === "module" ? "module" : "terragrunt",
    source: row.source,
    normalizedSource: (row.normalizedSource as NormalizedSource | null) ?? null,
    ref: row.ref,
    versionConstraint: row.versionConstraint,
    match: (row.matchKind ?? (row.moduleVersionId ? "version" : "bring_your_own")) as ConsumptionRecord["match"],
    moduleId: row.moduleId,
    moduleVersionId: row.moduleVersionId,
    matchProblem: row.matchProblem,
    commitSha: row.commitSha,
    recordedBy: row.recordedBy === "scaffold" ? "scaffold" : row.recordedBy === "upgrade" ? "upgrade" : "scan",
    startedAt: row.recordedAt,
    endedAt: row.endedAt,
    endedBy: row.endedAt ? { reason: (row.endedReason ?? "unit_removed") as ConsumptionEndReason, commitSha: row.endedCommitSha, actor: row.endedBy ?? "" } : null,
  };
}

function toNotice(row: NoticeRow): NoticeRecord {
  return {
    id: row.id,
    consumptionId: row.consumptionId,
    workloadId: row.workloadId,
    moduleId: row.moduleId,
    kind: row.kind,
    fromVersion: row.fromVersion,
    requiredVersion: row.requiredVersion,
    targetVersion: row.targetVersion,
    level: (row.level as ComputedNotice["level"]) ?? null,
    triggeredAt: row.triggeredAt,
    dueAt: row.dueAt,
    severity: row.severity,
    advisory: (row.advisory as VersionAdvisory | null) ?? null,
    openedAt: row.openedAt,
    updatedAt: row.updatedAt,
    resolvedAt: row.resolvedAt,
    resolution: row.resolution === "satisfied" || row.resolution === "no_longer_applies" ? row.resolution : null,
    issue: row.issueNumber !== null && row.issueUrl ? { number: row.issueNumber, url: row.issueUrl } : null,
  };
}

function consumptionData(workloadId: string, input: ConsumptionInput, recordedBy: string, at: Date): Prisma.ConsumptionCreateManyInput {
  return {
    id: randomUUID(),
    workloadId,
    env: input.env ?? "",
    region: input.region ?? "",
    unitPath: input.unitPath,
    file: input.file,
    address: input.address,
    kind: input.kind,
    source: input.source,
    normalizedSource: input.normalizedSource ? (input.normalizedSource as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
    ref: input.ref,
    versionConstraint: input.versionConstraint,
    matchKind: input.match,
    moduleId: input.moduleId,
    moduleVersionId: input.moduleVersionId,
    matchProblem: input.matchProblem,
    commitSha: input.commitSha,
    recordedBy,
    recordedAt: at,
  };
}

function noticeData(notice: ComputedNotice) {
  return {
    kind: notice.kind,
    fromVersion: notice.fromVersion,
    requiredVersion: notice.requiredVersion,
    targetVersion: notice.targetVersion,
    level: notice.level,
    triggeredAt: notice.triggeredAt,
    dueAt: notice.dueAt,
    severity: notice.severity,
    advisory: notice.advisory ? (notice.advisory as unknown as Prisma.InputJsonValue) : Prisma.DbNull,
  };
}

function advisoryOf(row: { status: string; statusReason: string | null; severity: VersionAdvisory["severity"] | null; advisoryUrl: string | null; fixedIn: string | null }): VersionAdvisory | null {
  if (row.status !== "vulnerable") return null;
  return { severity: row.severity ?? "high", summary: row.statusReason ?? "", reference: row.advisoryUrl, fixedIn: row.fixedIn };
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([0-9a-f-]{36})$/;

/** The workloads a user sees notices of, and whether they are an admin. */
async function scopeOf(db: Db, userId: string): Promise<{ admin: boolean; workloadIds: string[] }> {
  const rows = await db.membership.findMany({ where: { userId }, select: { role: true, workloadId: true } });
  return { admin: rows.some((r) => r.role === "admin"), workloadIds: [...new Set(rows.flatMap((r) => (r.workloadId ? [r.workloadId] : [])))] };
}

/**
 * The notices a user sees: every open notice on the workloads they belong to (the team sees
 * due-soon ones highlighted), and for admins every overdue one on any workload (escalation).
 */
function visibleSql(scope: { admin: boolean; workloadIds: string[] }, now: Date): Prisma.Sql {
  const mine = scope.workloadIds.length > 0 ? Prisma.sql`n.workload_id IN (${Prisma.join(scope.workloadIds.map((id) => Prisma.sql`${id}::uuid`))})` : Prisma.sql`false`;
  return scope.admin ? Prisma.sql`(${mine} OR n.due_at < ${now})` : mine;
}

/**
 * Inserts notices on consumptions that are still open and catalogued, skipping any consumption
 * that already has an open notice, in one statement per 5,000 rows (column arrays through
 * `unnest`, so the parameter count stays fixed). Returns what was written, built from the input
 * and the rows' workload and module: a fan-out to thousands of units reads nothing back.
 */
async function insertNotices(tx: DbTx, creates: ReadonlyArray<{ id: string; consumptionId: string; notice: ComputedNotice }>, now: Date): Promise<NoticeRecord[]> {
  const out: NoticeRecord[] = [];
  for (let i = 0; i < creates.length; i += 5_000) {
    const chunk = creates.slice(i, i + 5_000);
    const col = <T,>(pick: (c: (typeof chunk)[number]) => T) => chunk.map(pick);
    const rows = await tx.$queryRaw<Array<{ id: string; consumption_id: string; workload_id: string; module_id: string }>>`
      INSERT INTO estate_notices (id, consumption_id, workload_id, module_id, kind, from_version, required_version, target_version, level,
                                  triggered_at, due_at, severity, advisory, opened_at, updated_at)
      SELECT v.id, v.consumption_id, c.workload_id, c.module_id, v.kind::"NoticeKind", v.from_version, v.required_version, v.target_version, v.level,
             v.triggered_at, v.due_at, v.severity::"AdvisorySeverity", v.advisory::jsonb, ${now}, ${now}
        FROM unnest(${col((c) => c.id)}::uuid[], ${col((c) => c.consumptionId)}::uuid[], ${col((c) => c.notice.kind)}::text[],
                    ${col((c) => c.notice.fromVersion)}::text[], ${col((c) => c.notice.requiredVersion)}::text[], ${col((c) => c.notice.targetVersion)}::text[],
                    ${col((c) => c.notice.level)}::text[], ${col((c) => c.notice.triggeredAt.toISOString())}::timestamptz[], ${col((c) => c.notice.dueAt.toISOString())}::timestamptz[],
                    ${col((c) => c.notice.severity)}::text[], ${col((c) => (c.notice.advisory ? JSON.stringify(c.notice.advisory) : null))}::text[])
             AS v(id, consumption_id, kind, from_version, required_version, target_version, level, triggered_at, due_at, severity, advisory)
        JOIN consumptions c ON c.id = v.consumption_id AND c.ended_at IS NULL AND c.module_id IS NOT NULL
      ON CONFLICT DO NOTHING
      RETURNING id, consumption_id, workload_id, module_id`;
    const byId = new Map(chunk.map((c) => [c.id, c]));
    for (const row of rows) {
      const { notice } = byId.get(row.id)!;
      out.push({
        id: row.id,
        consumptionId: row.consumption_id,
        workloadId: row.workload_id,
        moduleId: row.module_id,
        kind: notice.kind,
        fromVersion: notice.fromVersion,
        requiredVersion: notice.requiredVersion,
        targetVersion: notice.targetVersion,
        level: notice.level,
        triggeredAt: notice.triggeredAt,
        dueAt: notice.dueAt,
        severity: notice.severity,
        advisory: notice.advisory,
        openedAt: now,
        updatedAt: now,
        resolvedAt: null,
        resolution: null,
        issue: null,
      });
    }
  }
  return out;
}

/** The secret part of an incoming-webhook URL (its path and query) is never written to the audit log. */
function redactWebhookUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return "(not a URL)";
  }
}

type SettingsRow = Prisma.EstateSettingsGetPayload<object>;

function toPolicyState(row: SettingsRow | null): NoticePolicyState {
  return { policy: parseNoticePolicy(row?.policy ?? {}), revision: row?.policyRevision ?? 0, pending: (row?.policyRevision ?? 0) > (row?.appliedPolicyRevision ?? 0) };
}

/**
 * Writes the settings row under its row lock (taken first, so two saves cannot both read the same
 * before): a policy different from the stored one bumps `policy_revision` in the same write, which
 * leaves it pending until `markPolicyApplied`. Returns the row before and after.
 */
async function writeSettings(tx: DbTx, data: { policy: NoticePolicy; chatWebhookUrl: string | null }): Promise<{ before: SettingsRow | null; after: SettingsRow }> {
  await tx.$queryRaw`SELECT id FROM estate_settings WHERE id = 1 FOR UPDATE`;
  const before = await tx.estateSettings.findUnique({ where: { id: 1 } });
  const changed = JSON.stringify(parseNoticePolicy(before?.policy ?? {})) !== JSON.stringify(data.policy);
  const after = await tx.estateSettings.upsert({
    where: { id: 1 },
    create: { id: 1, ...data, policyRevision: changed ? 1 : 0 },
    update: { ...data, updatedAt: new Date(), ...(changed ? { policyRevision: { increment: 1 } } : {}) },
  });
  return { before, after };
}

type DeliveryRow = NoticeRow & { workload_slug: string; workload_name: string; consumer_repo: string | null; module_name: string; unit_path: string; file: string };

// The notice columns under the names Prisma gives them, with what a channel message names.
/** A notice row's columns (alias `n`) under the names Prisma gives them, for raw reads that `toNotice` takes. */
const noticeColumns = Prisma.sql`n.id, n.consumption_id AS "consumptionId", n.workload_id AS "workloadId", n.module_id AS "moduleId", n.kind::text AS kind,
               n.from_version AS "fromVersion", n.required_version AS "requiredVersion", n.target_version AS "targetVersion", n.level,
               n.triggered_at AS "triggeredAt", n.due_at AS "dueAt", n.severity::text AS severity, n.advisory, n.opened_at AS "openedAt",
               n.updated_at AS "updatedAt", n.resolved_at AS "resolvedAt", n.resolution, n.issue_number AS "issueNumber",
               n.issue_url AS "issueUrl", n.issue_state AS "issueState", n.issue_synced_at AS "issueSyncedAt", n.chat_posted_at AS "chatPostedAt"`;

const deliverySelect = (source: "estate_notices" | "claimed") => Prisma.sql`SELECT ${noticeColumns},
               w.slug AS workload_slug, w.name AS workload_name, w.consumer_repo, m.name AS module_name, c.unit_path, c.file
          FROM ${Prisma.raw(source)} n
          JOIN consumptions c ON c.id = n.consumption_id
          JOIN workloads w ON w.id = n.workload_id
          JOIN modules m ON m.id = n.module_id`;

function toDelivery(row: DeliveryRow): ChannelDelivery {
  const [owner, repo] = (row.consumer_repo ?? "").split("/");
  return {
    notice: toNotice(row),
    issueState: row.issueState === "open" || row.issueState === "closed" ? row.issueState : null,
    workload: { id: row.workloadId, slug: row.workload_slug, name: row.workload_name },
    repo: owner && repo ? { owner, repo } : null,
    module: { id: row.moduleId, name: row.module_name },
    unitPath: row.unit_path || row.file,
    file: row.file,
  };
}

/**
 * The open upgrade PRs of some workloads, in one query, by the unit they upgrade
 * (`upgradeUnitKey`): scaffold requests of kind "update" under an upgrade key that have a PR
 * number and are neither merged nor closed (the `pull_request` webhook and the reconcile job
 * record those). A request still in delivery, or failed after its PR step, counts: its PR is open.
 */
async function listOpenUpgrades(db: Db, workloads: Prisma.ScaffoldRequestWhereInput): Promise<Map<string, OpenUpgradePullRequest[]>> {
  const rows = await db.scaffoldRequest.findMany({
    where: { ...workloads, kind: "update", state: { notIn: ["merged", "closed"] }, prNumber: { not: null }, prUrl: { not: null }, idempotencyKey: { startsWith: "upgrade:" } },
    select: { idempotencyKey: true, prNumber: true, prUrl: true, moduleVersion: { select: { id: true, version: true } } },
  });
  const byUnit = new Map<string, OpenUpgradePullRequest[]>();
  for (const row of rows) {
    const unit = unitKeyOfUpgrade(row.idempotencyKey, row.moduleVersion.id);
    if (!unit || row.prNumber === null || row.prUrl === null) continue;
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), { number: row.prNumber, url: row.prUrl, targetVersion: row.moduleVersion.version }]);
  }
  return byUnit;
}

export function createPrismaEstateStore(db: Db): EstateStore {
  async function lockWorkload(tx: DbTx, workloadId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`estate-scan:${workloadId}`}, 0))`;
  }

  const store: EstateStore = {
    async listCatalogueModules(repos) {
      const where: Prisma.ModuleWhereInput | undefined = repos
        ? { OR: repos.map((r) => ({ source: { owner: { equals: r.owner, mode: "insensitive" as const }, repo: { equals: r.repo, mode: "insensitive" as const } } })) }
        : undefined;
      if (repos && repos.length === 0) return [];
      const rows = await db.module.findMany({
        where,
        orderBy: { createdAt: "asc" },
        include: { source: { select: { owner: true, repo: true, layout: true } }, versions: { select: { id: true, version: true, tag: true, status: true } } },
      });
      return rows.map(
        (row): CatalogueModule => ({
          id: row.id,
          name: row.name,
          provider: row.provider,
          source: { owner: row.source.owner, repo: row.source.repo },
          path: row.path,
          layout: row.source.layout,
          versions: row.versions,
        }),
      );
    },

    async listVersionStates(moduleId) {
      const rows = await db.moduleVersion.findMany({
        where: { moduleId },
        select: { id: true, version: true, ingestedAt: true, status: true, statusReason: true, severity: true, advisoryUrl: true, fixedIn: true, upgradeDeadline: true },
      });
      const changes = await db.moduleVersionStatusChange.findMany({ where: { moduleVersionId: { in: rows.map((r) => r.id) } }, orderBy: { at: "asc" } });
      const since = new Map<string, Date>();
      for (const change of changes) since.set(change.moduleVersionId, change.at);
      return rows.map(
        (row): VersionState & { id: string } => ({
          id: row.id,
          version: row.version,
          availableAt: row.ingestedAt,
          status: row.status,
          statusSince: row.status === "active" ? null : (since.get(row.id) ?? row.ingestedAt),
          deadline: row.upgradeDeadline,
          advisory: advisoryOf(row),
        }),
      );
    },

    async findModuleOfVersion(versionId) {
      if (!/^[0-9a-f-]{36}$/i.test(versionId)) return null;
      return (await db.moduleVersion.findUnique({ where: { id: versionId }, select: { moduleId: true } }))?.moduleId ?? null;
    },

    async listScanTargets(filter = {}) {
      const rows = await db.workload.findMany({
        where: {
          consumerRepo: filter.repo ? { equals: `${filter.repo.owner}/${filter.repo.repo}`, mode: "insensitive" } : { not: null },
          ...(filter.workloadId ? { id: filter.workloadId } : {}),
        },
        select: { id: true, slug: true, name: true, consumerRepo: true },
        orderBy: { slug: "asc" },
      });
      return rows.flatMap((row): ScanTarget[] => {
        const [owner, repo] = (row.consumerRepo ?? "").split("/");
        return owner && repo ? [{ workloadId: row.id, slug: row.slug, name: row.name, repo: { owner, repo } }] : [];
      });
    },

    async listVersionHistory({ moduleIds, until }) {
      const rows = await db.moduleVersion.findMany({
        where: { ...(moduleIds ? { moduleId: { in: [...moduleIds] } } : {}), ingestedAt: { lte: until } },
        select: { id: true, moduleId: true, version: true, ingestedAt: true },
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const changes = await db.moduleVersionStatusChange.findMany({ where: { moduleVersionId: { in: rows.map((r) => r.id) }, at: { lte: until } }, orderBy: { at: "asc" } });
      return {
        versions: rows.map((r) => ({ moduleId: r.moduleId, version: r.version, availableAt: r.ingestedAt })),
        changes: changes.flatMap((c): VersionStatusChange[] => {
          const version = byId.get(c.moduleVersionId);
          return version ? [{ moduleId: version.moduleId, version: version.version, status: c.status, at: c.at, deadline: c.deadline }] : [];
        }),
      };
    },

    async applyScan({ workloadId, commitSha, startedAt, references, unreadableFiles }, actor) {
      return db.$transaction(
        async (tx): Promise<ApplyScanResult> => {
          await lockWorkload(tx, workloadId);
          const state = await tx.estateScanState.findUnique({ where: { workloadId } });
          if (state && state.startedAt.getTime() > startedAt.getTime() && state.commitSha !== commitSha) {
            throw new AppError("CONFLICT", `A newer scan of this workload (commit ${state.commitSha.slice(0, 7)}) was applied already`);
          }
          const open = await tx.consumption.findMany({ where: { workloadId, endedAt: null } });
          const current = new Map(open.map((row) => [consumptionKey(row), row]));
          const now = new Date();
          const unreadable = new Set(unreadableFiles);
          const toEnd: Array<{ id: string; reason: ConsumptionEndReason }> = [];
          const toCreate: Prisma.ConsumptionCreateManyInput[] = [];
          let unchanged = 0;
          const seen = new Set<string>();
          for (const reference of references) {
            const key = consumptionKey(reference);
            if (seen.has(key)) continue;
            seen.add(key);
            const row = current.get(key);
            current.delete(key);
            if (row) {
              const sameVersion = row.moduleVersionId === reference.moduleVersionId && row.versionConstraint === reference.versionConstraint;
              const sameSource = row.source === reference.source && row.ref === reference.ref;
              if (sameVersion && sameSource) {
                unchanged += 1;
                continue;
              }
              toEnd.push({ id: row.id, reason: sameVersion ? "source_changed" : "version_changed" });
            }
            toCreate.push(consumptionData(workloadId, reference, "scan", now));
          }
          for (const row of current.values()) {
            // A merge recorded after the scan read the repo, or a file present but unreadable now, stays.
            if (row.recordedAt.getTime() > startedAt.getTime() || unreadable.has(row.file)) continue;
            toEnd.push({ id: row.id, reason: "unit_removed" });
          }
          for (const reason of ["unit_removed", "version_changed", "source_changed"] as const) {
            const ids = toEnd.filter((e) => e.reason === reason).map((e) => e.id);
            if (ids.length > 0) {
              await tx.consumption.updateMany({ where: { id: { in: ids }, endedAt: null }, data: { endedAt: now, endedReason: reason, endedBy: actor.label, endedCommitSha: commitSha } });
            }
          }
          if (toCreate.length > 0) await tx.consumption.createMany({ data: toCreate });
          await tx.estateScanState.upsert({ where: { workloadId }, create: { workloadId, commitSha, startedAt }, update: { commitSha, startedAt, appliedAt: now } });
          if (toEnd.length > 0 || toCreate.length > 0) {
            await recordAudit(tx, {
              actor,
              action: "estate.scan.apply",
              subject: { type: "workload", id: workloadId },
              after: { commitSha, started: toCreate.length, ended: toEnd.length, unchanged },
              metadata: { ended: toEnd.map((e) => e.id) },
            });
          }
          return {
            started: toCreate.length,
            ended: toEnd.length,
            unchanged,
            touchedConsumptionIds: [...toCreate.map((c) => c.id!), ...toEnd.map((e) => e.id)],
          };
        },
        { timeout: 30_000 },
      );
    },

    async getConsumption(id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const row = await db.consumption.findUnique({ where: { id }, include: { workload: { select: { id: true, slug: true, name: true } } } });
      return row ? { ...toConsumption(row), workload: row.workload } : null;
    },

    async listUpgradeVersions(moduleId) {
      const row = await db.module.findUnique({
        where: { id: moduleId },
        select: { name: true, versions: { select: { id: true, version: true, tag: true, status: true, docs: true } } },
      });
      if (!row) return null;
      return {
        name: row.name,
        versions: row.versions.map((v): UpgradeCandidate => {
          const docs = moduleDocsSchema.safeParse(v.docs);
          return { id: v.id, version: v.version, tag: v.tag, status: v.status, docs: docs.success ? docs.data : null };
        }),
      };
    },

    async listNoticesOnEndedConsumptions({ workloadId, moduleId }) {
      const rows = await db.estateNotice.findMany({
        where: { resolvedAt: null, consumption: { endedAt: { not: null } }, ...(workloadId ? { workloadId } : {}), ...(moduleId ? { moduleId } : {}) },
      });
      return rows.map(toNotice);
    },

    async listConsumptions({ workloadId, ids }) {
      const rows = await db.consumption.findMany({ where: { workloadId, id: { in: [...ids] } } });
      return rows.map(toConsumption);
    },

    async listUnitViews({ workloadSlugs }) {
      if (workloadSlugs && workloadSlugs.length === 0) return [];
      const inWorkloads = workloadSlugs ? { workload: { slug: { in: [...workloadSlugs] } } } : {};
      const [rows, upgrades] = await Promise.all([
        db.consumption.findMany({
          where: { endedAt: null, matchKind: { notIn: ["local"] }, ...inWorkloads },
          include: {
            workload: { select: { id: true, slug: true, name: true } },
            moduleVersion: { select: { id: true, version: true, status: true, module: { select: { id: true, name: true } } } },
            notices: { where: { resolvedAt: null }, select: { id: true, kind: true, dueAt: true, targetVersion: true, requiredVersion: true, severity: true } },
          },
          orderBy: [{ workload: { slug: "asc" } }, { file: "asc" }, { address: "asc" }],
        }),
        listOpenUpgrades(db, inWorkloads),
      ]);
      const moduleIds = [...new Set(rows.filter((r) => r.moduleId && !r.moduleVersion).map((r) => r.moduleId!))];
      const names = new Map((await db.module.findMany({ where: { id: { in: moduleIds } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
      return rows.map(
        (r): UnitView => ({
          consumptionId: r.id,
          workload: r.workload,
          env: r.env || null,
          region: r.region || null,
          unitPath: r.unitPath,
          file: r.file,
          address: r.address,
          source: r.source,
          ref: r.ref,
          versionConstraint: r.versionConstraint,
          match: (r.matchKind ?? (r.moduleVersionId ? "version" : "bring_your_own")) as UnitView["match"],
          matchProblem: r.matchProblem,
          module: r.moduleVersion ? r.moduleVersion.module : r.moduleId ? { id: r.moduleId, name: names.get(r.moduleId) ?? "unknown" } : null,
          version: r.moduleVersion ? { id: r.moduleVersion.id, version: r.moduleVersion.version, status: r.moduleVersion.status } : null,
          commitSha: r.commitSha,
          startedAt: r.recordedAt,
          notice: r.notices[0] ?? null,
          openUpgrade: pickOpenUpgrade(upgrades.get(upgradeUnitKey(r)) ?? [], r.moduleVersion?.version ?? null),
        }),
      );
    },

    async listOpenConsumptions(filter) {
      const rows = await db.consumption.findMany({
        where: {
          endedAt: null,
          ...(filter.workloadId ? { workloadId: filter.workloadId } : {}),
          ...(filter.moduleId ? { moduleId: filter.moduleId } : {}),
          ...(filter.moduleVersionIds ? { moduleVersionId: { in: [...filter.moduleVersionIds] } } : {}),
        },
        orderBy: [{ file: "asc" }, { address: "asc" }],
      });
      return rows.map(toConsumption);
    },

    async listConsumptionIntervals({ from, to, moduleIds }) {
      const rows = await db.consumption.findMany({
        where: {
          recordedAt: { lte: to },
          OR: [{ endedAt: null }, { endedAt: { gte: from } }],
          ...(moduleIds ? { moduleId: { in: [...moduleIds] } } : {}),
          matchKind: { notIn: ["local", "unresolved"] },
        },
        select: { moduleId: true, recordedAt: true, endedAt: true, moduleVersion: { select: { version: true } } },
      });
      return rows.map((r): ConsumptionInterval => ({ moduleId: r.moduleId, version: r.moduleVersion?.version ?? null, startedAt: r.recordedAt, endedAt: r.endedAt }));
    },

    async findOpenNotices(consumptionIds) {
      const result = new Map<string, NoticeRecord>();
      // One array parameter instead of one bind per id: a module's fan-out asks about thousands.
      for (let i = 0; i < consumptionIds.length; i += 20_000) {
        const chunk = consumptionIds.slice(i, i + 20_000).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
        const rows = await db.$queryRaw<NoticeRow[]>`SELECT ${noticeColumns} FROM estate_notices n WHERE n.consumption_id = ANY(${chunk}::uuid[]) AND n.resolved_at IS NULL`;
        for (const row of rows) result.set(row.consumptionId, toNotice(row));
      }
      return result;
    },

    async applyNoticeChanges(changes, { actor, policyRevision }) {
      const opened: NoticeRecord[] = [];
      const updated: NoticeRecord[] = [];
      const resolved: NoticeRecord[] = [];
      const stale: string[] = [];
      if (changes.length === 0) return { opened, updated, resolved, stale };
      // The caller computed every change from the consumptions and open notices it just read, so
      // they are not read again here: each write checks its own precondition instead. An update or
      // resolve names the notice it expects to be open (no row changed: another reconcile moved it
      // on, stale); an open inserts only on an open consumption and skips one that already has an
      // open notice (the partial unique index), which is stale too. The due dates follow the policy
      // at `policyRevision`: the settings row is locked FOR SHARE until commit, so a save waits for
      // these writes, or they see its newer revision and are all stale (recomputed by the caller).
      return db.$transaction(
        async (tx) => {
          const [settings] = await tx.$queryRaw<Array<{ revision: number }>>`SELECT policy_revision AS revision FROM estate_settings WHERE id = 1 FOR SHARE`;
          if ((settings?.revision ?? 0) !== policyRevision) {
            return { opened, updated, resolved, stale: changes.filter((c) => c.change.action !== "none").map((c) => c.consumptionId) };
          }
          const now = new Date();
          const creates: Array<{ id: string; consumptionId: string; notice: ComputedNotice }> = [];
          for (const { consumptionId, expectedNoticeId, change } of changes) {
            if (change.action === "none") continue;
            if (change.action === "open") {
              if (expectedNoticeId !== null) stale.push(consumptionId);
              else creates.push({ id: randomUUID(), consumptionId, notice: change.notice });
              continue;
            }
            if (expectedNoticeId === null) {
              stale.push(consumptionId);
              continue;
            }
            const data = change.action === "update" ? { ...noticeData(change.notice), updatedAt: now } : { resolvedAt: now, resolution: change.reason, updatedAt: now };
            const rows = await tx.estateNotice.updateManyAndReturn({ where: { id: expectedNoticeId, consumptionId, resolvedAt: null }, data });
            const row = rows[0];
            if (!row) {
              stale.push(consumptionId);
              continue;
            }
            if (change.action === "update") {
              updated.push(toNotice(row));
            } else {
              resolved.push(toNotice(row));
              if (change.next) creates.push({ id: randomUUID(), consumptionId, notice: change.next });
            }
          }
          if (creates.length > 0) opened.push(...(await insertNotices(tx, creates, now)));
          const settled = new Set([...opened, ...resolved].map((n) => n.consumptionId));
          for (const c of creates) {
            // Skipped: the consumption ended, left the catalogue, or got an open notice meanwhile.
            if (!settled.has(c.consumptionId)) stale.push(c.consumptionId);
          }
          // One audit event per action, naming every notice and workload, in one statement: a
          // fan-out to thousands of units stays a handful of chained audit rows. The subject is the
          // module (or the one workload).
          const events = (
            [
              ["estate.notice.open", opened],
              ["estate.notice.update", updated],
              ["estate.notice.resolve", resolved],
            ] as const
          ).flatMap(([action, notices]) => {
            if (notices.length === 0) return [];
            const moduleIds = [...new Set(notices.map((n) => n.moduleId))];
            const workloadIds = [...new Set(notices.map((n) => n.workloadId))];
            const subject = workloadIds.length === 1 ? { type: "workload", id: workloadIds[0]! } : { type: "module", id: moduleIds[0]! };
            return [{ actor, action, subject, after: { notices: notices.length, workloads: workloadIds.length }, metadata: { noticeIds: notices.map((n) => n.id), workloadIds, moduleIds } }];
          });
          await recordAuditEvents(tx, events);
          return { opened, updated, resolved, stale };
        },
        { timeout: 60_000 },
      );
    },

    async listOverdueNotices({ now, workloadIds }) {
      const rows = await db.estateNotice.findMany({
        where: { resolvedAt: null, dueAt: { lt: now }, ...(workloadIds ? { workloadId: { in: [...workloadIds] } } : {}) },
        orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      });
      return rows.map(toNotice);
    },

    async listInbox({ userId, now, filter, cursor, take }) {
      const [scope, policy] = await Promise.all([scopeOf(db, userId), store.getPolicy()]);
      const conditions: Prisma.Sql[] = [Prisma.sql`n.resolved_at IS NULL`, visibleSql(scope, now)];
      conditions.push(...filterSql(filter, now, policy.dueSoonDays, userId));
      if (cursor) {
        const match = CURSOR.exec(cursor);
        if (!match) throw new AppError("INVALID_INPUT", "The inbox cursor is not valid");
        conditions.push(Prisma.sql`(n.due_at, n.id) > (${new Date(match[1]!)}, ${match[2]!}::uuid)`);
      }
      // The page is cut from the notices alone (every filter is on the notice), then only its rows
      // are joined to their unit, workload, module, read mark and open upgrade PRs: one round
      // trip, and joins for the page's rows rather than for every visible notice.
      const rows = await db.$queryRaw<
        Array<
          NoticeRow & {
            read: boolean;
            workload_slug: string;
            workload_name: string;
            module_name: string;
            unit_path: string;
            file: string;
            unit_version: string | null;
            open_upgrades: OpenUpgradePullRequest[];
          }
        >
      >`SELECT p.*,
               (r.read_at IS NOT NULL AND r.read_at >= p."updatedAt") AS read,
               w.slug AS workload_slug, w.name AS workload_name, m.name AS module_name, c.unit_path, c.file,
               v.version AS unit_version,
               (SELECT coalesce(json_agg(json_build_object('number', s.pr_number, 'url', s.pr_url, 'targetVersion', sv.version)), '[]'::json)
                  FROM scaffold_requests s
                  JOIN module_versions sv ON sv.id = s.module_version_id
                 WHERE s.workload_id = p."workloadId" AND s.kind = 'update' AND s.state NOT IN ('merged', 'closed')
                   AND s.pr_number IS NOT NULL AND s.pr_url IS NOT NULL
                   AND s.idempotency_key = 'upgrade:' || p."workloadId"::text || ':' || c.file || '#' || c.address || ':' || sv.id::text) AS open_upgrades
          FROM (SELECT n.id, n.consumption_id AS "consumptionId", n.workload_id AS "workloadId", n.module_id AS "moduleId", n.kind::text AS kind,
                       n.from_version AS "fromVersion", n.required_version AS "requiredVersion", n.target_version AS "targetVersion", n.level,
                       n.triggered_at AS "triggeredAt", n.due_at AS "dueAt", n.severity::text AS severity, n.advisory, n.opened_at AS "openedAt",
                       n.updated_at AS "updatedAt", n.resolved_at AS "resolvedAt", n.resolution, n.issue_number AS "issueNumber",
                       n.issue_url AS "issueUrl", n.issue_state AS "issueState"
                  FROM estate_notices n
                 WHERE ${Prisma.join(conditions, " AND ")}
                 ORDER BY n.due_at ASC, n.id ASC
                 LIMIT ${take + 1}) p
          JOIN consumptions c ON c.id = p."consumptionId"
          JOIN workloads w ON w.id = p."workloadId"
          JOIN modules m ON m.id = p."moduleId"
          LEFT JOIN module_versions v ON v.id = c.module_version_id
          LEFT JOIN estate_notice_reads r ON r.notice_id = p.id AND r.user_id = ${userId}::uuid
         ORDER BY p."dueAt" ASC, p.id ASC`;
      const page = rows.slice(0, take);
      const items = page.map(
        (row): InboxItem => ({
          notice: toNotice(row),
          escalation: escalationAt(row.dueAt, now, policy.dueSoonDays),
          read: row.read,
          workload: { id: row.workloadId, slug: row.workload_slug, name: row.workload_name },
          module: { id: row.moduleId, name: row.module_name },
          unitPath: row.unit_path || row.file,
          openUpgrade: pickOpenUpgrade(row.open_upgrades, row.unit_version),
        }),
      );
      const last = page.at(-1);
      return { items, nextCursor: rows.length > take && last ? `${last.dueAt.toISOString()}|${last.id}` : null };
    },

    async countUnread(userId) {
      const scope = await scopeOf(db, userId);
      const now = new Date();
      const [row] = await db.$queryRaw<Array<{ count: bigint }>>`SELECT count(*) AS count
          FROM estate_notices n
          LEFT JOIN estate_notice_reads r ON r.notice_id = n.id AND r.user_id = ${userId}::uuid
         WHERE n.resolved_at IS NULL AND ${visibleSql(scope, now)} AND (r.read_at IS NULL OR r.read_at < n.updated_at)`;
      return Number(row?.count ?? 0);
    },

    async markRead({ userId, noticeIds }) {
      if (noticeIds.length === 0) return;
      const ids = [...new Set(noticeIds)];
      await db.$executeRaw`INSERT INTO estate_notice_reads (user_id, notice_id, read_at)
        SELECT ${userId}::uuid, n.id, now() FROM estate_notices n WHERE n.id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})
        ON CONFLICT (user_id, notice_id) DO UPDATE SET read_at = excluded.read_at`;
    },

    async getPolicy() {
      const row = await db.estateSettings.findUnique({ where: { id: 1 } });
      return parseNoticePolicy(row?.policy ?? {});
    },

    async getPolicyState() {
      return toPolicyState(await db.estateSettings.findUnique({ where: { id: 1 } }));
    },

    async markPolicyApplied(revision) {
      const { count } = await db.estateSettings.updateMany({ where: { id: 1, policyRevision: revision }, data: { appliedPolicyRevision: revision } });
      return count === 1;
    },

    async saveComplianceSnapshots(scope, weeks) {
      const key = scope.moduleId ?? "all";
      await db.$transaction(
        weeks.map((w) =>
          db.estateComplianceSnapshot.upsert({
            where: { scope_week: { scope: key, week: w.week } },
            create: { scope: key, week: w.week, startsAt: w.startsAt, sampledAt: w.sampledAt, units: w.units, supported: w.supported, overdue: w.overdue, bringYourOwn: w.bringYourOwn },
            update: { sampledAt: w.sampledAt, units: w.units, supported: w.supported, overdue: w.overdue, bringYourOwn: w.bringYourOwn },
          }),
        ),
      );
    },

    async listComplianceSnapshots({ moduleId, from, to }) {
      const rows = await db.estateComplianceSnapshot.findMany({ where: { scope: moduleId ?? "all", startsAt: { gte: from, lte: to } }, orderBy: { startsAt: "asc" } });
      return rows.map((r): ComplianceWeek => ({ week: r.week, startsAt: r.startsAt, sampledAt: r.sampledAt, units: r.units, supported: r.supported, share: r.units > 0 ? r.supported / r.units : null, overdue: r.overdue, bringYourOwn: r.bringYourOwn }));
    },

    async getSettings() {
      const row = await db.estateSettings.findUnique({ where: { id: 1 } });
      const { policy, pending } = toPolicyState(row);
      return { policy, chatWebhookUrl: row?.chatWebhookUrl ?? null, updatedAt: row?.updatedAt ?? null, policyPending: pending };
    },

    async getChannelSettings(workloadId) {
      const [settings, workload] = await Promise.all([
        db.estateSettings.findUnique({ where: { id: 1 }, select: { chatWebhookUrl: true } }),
        /^[0-9a-f-]{36}$/i.test(workloadId) ? db.estateWorkloadChannels.findUnique({ where: { workloadId } }) : null,
      ]);
      return { githubIssues: workload?.githubIssues ?? false, chatWebhookUrl: settings?.chatWebhookUrl ?? null };
    },

    async findWorkload(slug) {
      return db.workload.findUnique({ where: { slug }, select: { id: true, slug: true, name: true, consumerRepo: true } });
    },

    async setWorkloadChannels(workloadId, { githubIssues }, actor) {
      return db.$transaction(async (tx) => {
        const before = await tx.estateWorkloadChannels.findUnique({ where: { workloadId } });
        if ((before?.githubIssues ?? false) === githubIssues) return { changed: false };
        await tx.estateWorkloadChannels.upsert({
          where: { workloadId },
          create: { workloadId, githubIssues, updatedBy: actor.label },
          update: { githubIssues, updatedBy: actor.label, updatedAt: new Date() },
        });
        await recordAudit(tx, { actor, action: "estate.channels.update", subject: { type: "workload", id: workloadId }, before: { githubIssues: before?.githubIssues ?? false }, after: { githubIssues } });
        return { changed: true };
      });
    },

    async saveSettings({ policy, chatWebhookUrl }, actor) {
      const parsed = parseNoticePolicy(policy);
      return db.$transaction(async (tx) => {
        const { before, after } = await writeSettings(tx, { policy: parsed, chatWebhookUrl });
        await recordAudit(tx, {
          actor,
          action: "estate.settings.update",
          subject: { type: "estate_policy", id: "1" },
          before: { policy: parseNoticePolicy(before?.policy ?? {}), chatWebhookUrl: redactWebhookUrl(before?.chatWebhookUrl ?? null) },
          after: { policy: parsed, chatWebhookUrl: redactWebhookUrl(chatWebhookUrl) },
        });
        return toPolicyState(after);
      });
    },

    async listIssueDeliveries({ take }) {
      const rows = await db.$queryRaw<DeliveryRow[]>`${deliverySelect("estate_notices")}
         JOIN estate_workload_channels ch ON ch.workload_id = n.workload_id
        WHERE w.consumer_repo IS NOT NULL
          AND ((n.resolved_at IS NULL AND ch.github_issues AND n.issue_synced_at IS DISTINCT FROM n.updated_at)
            OR (n.resolved_at IS NOT NULL AND n.issue_state = 'open' AND n.issue_number IS NOT NULL))
        ORDER BY n.updated_at ASC, n.id ASC
        LIMIT ${take}`;
      return rows.map(toDelivery);
    },

    async recordNoticeIssue(noticeId, issue) {
      await db.estateNotice.update({
        where: { id: noticeId },
        data: { issueNumber: issue.number, issueUrl: issue.url, issueState: issue.state, ...(issue.syncedAt ? { issueSyncedAt: issue.syncedAt } : {}) },
      });
    },

    async claimChatDeliveries({ now, take }) {
      const rows = await db.$queryRaw<DeliveryRow[]>`WITH claimed AS (
          UPDATE estate_notices SET chat_posted_at = ${now}
           WHERE id IN (SELECT id FROM estate_notices
                         WHERE resolved_at IS NULL AND due_at < ${now} AND chat_posted_at IS NULL
                         ORDER BY due_at ASC, id ASC LIMIT ${take} FOR UPDATE SKIP LOCKED)
           RETURNING *)
        ${deliverySelect("claimed")}
        ORDER BY n.due_at ASC, n.id ASC`;
      return rows.map(toDelivery);
    },

    async releaseChatDeliveries(noticeIds, claimedAt) {
      if (noticeIds.length === 0) return;
      await db.estateNotice.updateMany({ where: { id: { in: [...noticeIds] }, chatPostedAt: claimedAt }, data: { chatPostedAt: null } });
    },
  };
  return store;
}

function escalationAt(dueAt: Date, now: Date, dueSoonDays: number): Escalation {
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return "overdue";
  return left <= dueSoonDays * DAY_MS ? "due_soon" : "update_available";
}

function filterSql(filter: InboxFilter, now: Date, dueSoonDays: number, userId: string): Prisma.Sql[] {
  const out: Prisma.Sql[] = [];
  if (filter.kind && filter.kind.length > 0) out.push(Prisma.sql`n.kind::text IN (${Prisma.join(filter.kind)})`);
  if (filter.workloadIds && filter.workloadIds.length > 0) out.push(Prisma.sql`n.workload_id IN (${Prisma.join(filter.workloadIds.map((id) => Prisma.sql`${id}::uuid`))})`);
  if (filter.unreadOnly) {
    out.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM estate_notice_reads r2 WHERE r2.notice_id = n.id AND r2.user_id = ${userId}::uuid AND r2.read_at >= n.updated_at)`);
  }
  if (filter.escalation && filter.escalation.length > 0) {
    const soon = new Date(now.getTime() + dueSoonDays * DAY_MS);
    const parts = filter.escalation.flatMap((e) => {
      if (e === "overdue") return [Prisma.sql`n.due_at < ${now}`];
      if (e === "due_soon") return [Prisma.sql`(n.due_at >= ${now} AND n.due_at <= ${soon})`];
      if (e === "update_available") return [Prisma.sql`n.due_at > ${soon}`];
      return [];
    });
    out.push(parts.length > 0 ? Prisma.sql`(${Prisma.join(parts, " OR ")})` : Prisma.sql`false`);
  }
  return out;
}
