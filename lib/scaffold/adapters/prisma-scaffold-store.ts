import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit, type AuditActor } from "@/lib/platform/audit";
import type { Db, DbTx } from "@/lib/platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";
import { isUniqueViolation, toJsonInput } from "@/lib/platform/prisma-store-helpers";
import { Prisma } from "@/lib/generated/prisma/client";
import type { WorkloadRecord } from "@/lib/workloads";
import type { DeliverySteps, FileToCommit, ScaffoldRecord, ScaffoldStore } from "../ports";
import { scaffoldModuleVersionSelect, toScaffoldModuleVersion } from "./prisma-module-version-reader";

const workloadInclude = { team: { select: { slug: true, name: true, githubTeam: true } } } as const;
const scaffoldInclude = { workload: { include: workloadInclude }, moduleVersion: { select: scaffoldModuleVersionSelect } } as const;

type WorkloadRow = Prisma.WorkloadGetPayload<{ include: typeof workloadInclude }>;
type ScaffoldRow = Prisma.ScaffoldRequestGetPayload<{ include: typeof scaffoldInclude }>;

// Prisma rows become the scaffold's records here and nowhere else. A request carries its
// workload as the workloads domain describes it.
function toWorkload(row: WorkloadRow): WorkloadRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    consumerRepo: row.consumerRepo,
    team: { slug: row.team.slug, name: row.team.name, githubTeam: row.team.githubTeam },
  };
}

function toScaffold(row: ScaffoldRow): ScaffoldRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    kind: row.kind,
    workload: toWorkload(row.workload),
    moduleVersion: toScaffoldModuleVersion(row.moduleVersion),
    env: row.env,
    region: row.region,
    unitName: row.unitName,
    unitPath: row.unitPath,
    style: row.style === "terraform" ? "terraform" : "terragrunt",
    inputs: (row.inputs ?? {}) as Record<string, unknown>,
    files: (row.files ?? []) as unknown as FileToCommit[],
    promotedFromId: row.promotedFromId,
    requestedById: row.requestedById,
    requestedByName: row.requestedByName,
    state: row.state,
    branch: row.branch,
    baseSha: row.baseSha,
    commitSha: row.commitSha,
    prNumber: row.prNumber,
    prUrl: row.prUrl,
    prOpenedAt: row.prOpenedAt,
    mergeCommitSha: row.mergeCommitSha,
    steps: (row.steps ?? {}) as DeliverySteps,
    failedStep: row.failedStep,
    failureMessage: row.failureMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const stateSnapshot = (row: { state: string; prNumber: number | null; failedStep: string | null }) => ({
  state: row.state,
  prNumber: row.prNumber,
  failedStep: row.failedStep,
});

/** The scaffold store on Prisma. Every state change commits together with its audit event. */
export function createPrismaScaffoldStore(db: Db): ScaffoldStore {
  const findScaffold = async (tx: DbTx, where: Prisma.ScaffoldRequestWhereInput) => {
    const row = await tx.scaffoldRequest.findFirst({ where, include: scaffoldInclude, orderBy: { createdAt: "desc" } });
    return row ? toScaffold(row) : null;
  };

  /** Moves a request from one of `from` to `to`; false (and nothing written) when it was not in `from`. */
  const transition = async (
    tx: DbTx,
    options: { id: string; from: Array<"draft" | "pr_open" | "failed" | "merged" | "closed">; data: Prisma.ScaffoldRequestUpdateManyMutationInput; action: string; actor: AuditActor; metadata?: Record<string, unknown> },
  ): Promise<boolean> => {
    const before = await tx.scaffoldRequest.findUnique({ where: { id: options.id }, select: { state: true, prNumber: true, failedStep: true } });
    if (!before) throw new AppError("NOT_FOUND", `Scaffold request ${options.id} does not exist`);
    const { count } = await tx.scaffoldRequest.updateMany({ where: { id: options.id, state: { in: options.from } }, data: options.data });
    if (count === 0) return false;
    const after = await tx.scaffoldRequest.findUniqueOrThrow({ where: { id: options.id }, select: { state: true, prNumber: true, failedStep: true } });
    await recordAudit(tx, {
      actor: options.actor,
      action: options.action,
      subject: { type: "scaffold_request", id: options.id },
      before: stateSnapshot(before),
      after: stateSnapshot(after),
      metadata: options.metadata,
    });
    return true;
  };

  return {
    async createScaffold(data, actor) {
      const id = randomUUID();
      try {
        const record = await db.$transaction(async (tx) => {
          // Read the version's status again under a share lock, so that a flag set since the
          // caller decided cannot slip in unacknowledged: a concurrent status change waits for
          // this transaction, or has committed and is seen here.
          const [locked] = await tx.$queryRaw<Array<{ status: string; module: string; version: string }>>`
            SELECT v.status::text AS status, m.name AS module, v.version
              FROM module_versions v JOIN modules m ON m.id = v.module_id
             WHERE v.id = ${data.moduleVersionId}::uuid
               FOR SHARE OF v`;
          if (!locked) throw new AppError("NOT_FOUND", "That module version is not in the catalogue");
          if (locked.status === "vulnerable" && !data.vulnerabilityAcknowledgement) {
            throw new AppError("CONFLICT", `${locked.module} ${locked.version} was flagged vulnerable while you worked: review its advisory and confirm again.`, {
              fieldErrors: [{ path: "acknowledgeVulnerability", message: `${locked.module} ${locked.version} is now flagged vulnerable` }],
            });
          }
          const row = await tx.scaffoldRequest.create({
            data: {
              id,
              idempotencyKey: data.idempotencyKey,
              kind: data.kind,
              workloadId: data.workloadId,
              moduleVersionId: data.moduleVersionId,
              env: data.env,
              region: data.region,
              unitName: data.unitName,
              unitPath: data.unitPath,
              style: data.style,
              inputs: toJsonInput(data.inputs),
              files: toJsonInput(data.files),
              promotedFromId: data.promotedFromId,
              requestedById: data.requestedById,
              requestedByName: data.requestedByName,
              branch: data.branchFor(id),
              steps: toJsonInput(data.steps ?? {}),
            },
            include: scaffoldInclude,
          });
          await recordAudit(tx, {
            actor,
            action: "scaffold.create",
            subject: { type: "scaffold_request", id },
            after: { state: row.state, kind: row.kind, workload: row.workload.slug, unitPath: row.unitPath, moduleVersion: `${row.moduleVersion.module.name}@${row.moduleVersion.version}`, branch: row.branch },
            metadata: { idempotencyKey: data.idempotencyKey, promotedFromId: data.promotedFromId },
          });
          if (data.vulnerabilityAcknowledgement) {
            await recordAudit(tx, {
              actor,
              action: "scaffold.vulnerability_acknowledged",
              subject: { type: "scaffold_request", id },
              after: { ...data.vulnerabilityAcknowledgement, kind: data.kind, unitPath: data.unitPath, workload: row.workload.slug },
              metadata: { idempotencyKey: data.idempotencyKey },
            });
          }
          return toScaffold(row);
        });
        return { record, created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await findScaffold(db, { idempotencyKey: data.idempotencyKey });
        if (!existing) throw error;
        return { record: existing, created: false };
      }
    },

    findScaffold: (id) => findScaffold(db, { id }),
    findScaffoldByKey: (idempotencyKey) => findScaffold(db, { idempotencyKey }),

    async findScaffoldByPull({ repo, number, branch }) {
      const consumerRepo = { equals: `${repo.owner}/${repo.repo}`, mode: "insensitive" as const };
      return (
        (await findScaffold(db, { prNumber: number, workload: { consumerRepo } })) ??
        (branch ? await findScaffold(db, { branch, workload: { consumerRepo } }) : null)
      );
    },

    findLatestMergedScaffold: ({ workloadId, unitPath }) => findScaffold(db, { workloadId, unitPath, state: "merged" }),

    async listScaffolds({ workloadIds, requestedById, skip, take }) {
      const where: Prisma.ScaffoldRequestWhereInput = {
        ...(workloadIds === "all" ? {} : { workloadId: { in: workloadIds } }),
        ...(requestedById ? { requestedById } : {}),
      };
      const [rows, total] = await Promise.all([
        db.scaffoldRequest.findMany({ where, include: scaffoldInclude, orderBy: { createdAt: "desc" }, skip, take }),
        db.scaffoldRequest.count({ where }),
      ]);
      return { rows: rows.map(toScaffold), total };
    },

    async acquireDeliveryLease(id, { owner, ttlMs }) {
      const lease = JSON.stringify({ owner, until: new Date(Date.now() + ttlMs).toISOString() });
      // One conditional UPDATE: of two racing deliveries exactly one sees count = 1.
      const count = await db.$executeRaw`
        UPDATE scaffold_requests
           SET steps = jsonb_set(steps, '{lease}', ${lease}::jsonb, true), updated_at = now()
         WHERE id = ${id}::uuid
           AND (steps->'lease' IS NULL OR jsonb_typeof(steps->'lease') = 'null'
                OR (steps->'lease'->>'until')::timestamptz < now())`;
      return count === 1;
    },

    async releaseDeliveryLease(id, owner) {
      await db.$executeRaw`
        UPDATE scaffold_requests SET steps = jsonb_set(steps, '{lease}', 'null'::jsonb, true)
         WHERE id = ${id}::uuid AND steps->'lease'->>'owner' = ${owner}`;
    },

    async saveCheckpoint(id, steps, { owner, ttlMs }) {
      const patch = JSON.stringify({ ...steps, lease: { owner, until: new Date(Date.now() + ttlMs).toISOString() } });
      const baseSha = steps.base?.sha ?? null;
      const commitSha = steps.commit?.sha ?? null;
      const prNumber = steps.pull?.number ?? null;
      const prUrl = steps.pull?.url ?? null;
      const count = await db.$executeRaw`
        UPDATE scaffold_requests
           SET steps = steps || ${patch}::jsonb,
               base_sha = COALESCE(${baseSha}::text, base_sha),
               commit_sha = COALESCE(${commitSha}::text, commit_sha),
               pr_number = COALESCE(${prNumber}::int, pr_number),
               pr_url = COALESCE(${prUrl}::text, pr_url),
               pr_opened_at = COALESCE(pr_opened_at, CASE WHEN ${prNumber}::int IS NOT NULL THEN now() END),
               updated_at = now()
         WHERE id = ${id}::uuid AND steps->'lease'->>'owner' = ${owner}`;
      return count === 1;
    },

    async markRetrying(id, actor) {
      await db.$transaction(async (tx) => {
        await transition(tx, { id, from: ["failed"], data: { state: "draft", failedStep: null, failureMessage: null }, action: "scaffold.retry", actor });
      });
    },

    async markPrOpen(id, { prNumber, prUrl }, actor) {
      await db.$transaction(async (tx) => {
        await transition(tx, { id, from: ["draft", "failed"], data: { state: "pr_open", prNumber, prUrl, failedStep: null, failureMessage: null }, action: "scaffold.pr_open", actor, metadata: { prUrl } });
      });
    },

    async markFailed(id, { failedStep, failureMessage }, actor) {
      await db.$transaction(async (tx) => {
        await transition(tx, { id, from: ["draft", "failed"], data: { state: "failed", failedStep, failureMessage }, action: "scaffold.failed", actor, metadata: { failedStep, failureMessage } });
      });
    },

    async markMerged(id, { mergeCommitSha, consumption }, actor) {
      await db.$transaction(async (tx) => {
        const moved = await transition(tx, { id, from: ["draft", "pr_open", "failed"], data: { state: "merged", mergeCommitSha }, action: "scaffold.merged", actor, metadata: { mergeCommitSha } });
        if (!moved) return;
        const request = await tx.scaffoldRequest.findUniqueOrThrow({ where: { id }, select: { workloadId: true } });
        // Consumptions are intervals: the unit's open row (if any) ends and the merged one starts.
        const file = consumption.unitPath;
        const now = new Date();
        const open = await tx.consumption.findFirst({ where: { workloadId: request.workloadId, file, address: "terraform.source", endedAt: null } });
        if (open) {
          await tx.consumption.update({
            where: { id: open.id },
            data: { endedAt: now, endedReason: open.moduleVersionId === consumption.moduleVersionId ? "source_changed" : "version_changed", endedBy: actor.label, endedCommitSha: mergeCommitSha },
          });
        }
        const version = consumption.moduleVersionId ? await tx.moduleVersion.findUnique({ where: { id: consumption.moduleVersionId }, select: { moduleId: true } }) : null;
        const row = await tx.consumption.create({
          data: {
            workloadId: request.workloadId,
            ...consumption,
            unitPath: file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "",
            file,
            moduleId: version?.moduleId ?? null,
            matchKind: version ? "version" : "bring_your_own",
            recordedBy: "scaffold",
            scaffoldRequestId: id,
            recordedAt: now,
          },
        });
        await recordAudit(tx, {
          actor,
          action: "consumption.record",
          subject: { type: "consumption", id: row.id },
          after: { unitPath: row.file, source: row.source, ref: row.ref, commitSha: row.commitSha, recordedBy: row.recordedBy },
          metadata: { scaffoldRequestId: id },
        });
      });
    },

    async markClosed(id, actor) {
      await db.$transaction(async (tx) => {
        await transition(tx, { id, from: ["draft", "pr_open", "failed"], data: { state: "closed" }, action: "scaffold.closed", actor });
      });
    },

    async listFailedWithPullRequest({ before, maxAutomaticRetries }) {
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT id::text FROM scaffold_requests
         WHERE state = 'failed' AND pr_number IS NOT NULL AND updated_at < ${before}
           AND COALESCE((steps->>'automaticRetries')::int, 0) < ${maxAutomaticRetries}
         ORDER BY created_at ASC
         LIMIT 100`;
      return rows.map((r) => r.id);
    },

    async listOpenPullRequests({ limit }) {
      const rows = await db.scaffoldRequest.findMany({
        where: { OR: [{ state: "pr_open" }, { state: "failed", prNumber: { not: null } }] },
        include: scaffoldInclude,
        orderBy: { updatedAt: "asc" },
        take: limit,
      });
      return rows.map(toScaffold);
    },

    async listStalledDrafts(before) {
      const rows = await db.scaffoldRequest.findMany({
        where: { state: "draft", updatedAt: { lt: before } },
        select: { id: true },
        orderBy: { createdAt: "asc" },
        take: 100,
      });
      return rows.map((r) => r.id);
    },
  };
}
