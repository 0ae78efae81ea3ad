import "server-only";
import { recordAudit } from "@/lib/platform/audit";
import type { Db } from "@/lib/platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import type { CatalogueModuleRecord, ConsumptionRecord, WorkloadRecord, WorkloadStore } from "../ports";

const workloadInclude = { team: { select: { slug: true, name: true, githubTeam: true } } } as const;

type WorkloadRow = Prisma.WorkloadGetPayload<{ include: typeof workloadInclude }>;

// Prisma rows become the domain's records here and nowhere else.
function toWorkloadRecord(row: WorkloadRow): WorkloadRecord {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    consumerRepo: row.consumerRepo,
    team: { slug: row.team.slug, name: row.team.name, githubTeam: row.team.githubTeam },
  };
}

function toConsumption(row: Prisma.ConsumptionGetPayload<object>): ConsumptionRecord {
  return {
    id: row.id,
    env: row.env,
    region: row.region,
    unitPath: row.unitPath,
    moduleVersionId: row.moduleVersionId,
    source: row.source,
    ref: row.ref,
    commitSha: row.commitSha,
    recordedBy: row.recordedBy === "scaffold" ? "scaffold" : "scan",
    scaffoldRequestId: row.scaffoldRequestId,
    recordedAt: row.recordedAt,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The workload store on Prisma. Every state change commits together with its audit event. */
export function createPrismaWorkloadStore(db: Db): WorkloadStore {
  return {
    async findWorkload(slug) {
      const row = await db.workload.findUnique({ where: { slug }, include: workloadInclude });
      return row ? toWorkloadRecord(row) : null;
    },

    async listWorkloads(slugs) {
      const rows = await db.workload.findMany({
        where: slugs === "all" ? {} : { slug: { in: slugs } },
        include: workloadInclude,
        orderBy: { slug: "asc" },
      });
      return rows.map(toWorkloadRecord);
    },

    async findTeam(slug) {
      return db.team.findUnique({ where: { slug }, select: { id: true, slug: true } });
    },

    async createWorkload(data, actor) {
      try {
        return await db.$transaction(async (tx) => {
          const row = await tx.workload.create({ data, include: workloadInclude });
          await recordAudit(tx, {
            actor,
            action: "workload.create",
            subject: { type: "workload", id: row.id },
            after: { slug: row.slug, team: row.team.slug, consumerRepo: row.consumerRepo },
          });
          return toWorkloadRecord(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError("CONFLICT", `A workload "${data.slug}" already exists`, { fieldErrors: [{ path: "slug", message: "Already taken" }] });
        throw error;
      }
    },

    async listCatalogueModules(repos) {
      if (repos.length === 0) return [];
      const rows = await db.module.findMany({
        where: {
          OR: repos.map((r) => ({
            source: { owner: { equals: r.owner, mode: "insensitive" as const }, repo: { equals: r.repo, mode: "insensitive" as const } },
          })),
        },
        include: { source: { select: { owner: true, repo: true } }, versions: { select: { id: true, version: true, tag: true, status: true }, orderBy: [{ major: "desc" }, { minor: "desc" }, { patch: "desc" }] } },
      });
      return rows.map(
        (row): CatalogueModuleRecord => ({
          id: row.id,
          name: row.name,
          path: row.path,
          latestVersion: row.latestVersion,
          source: { owner: row.source.owner, repo: row.source.repo },
          versions: row.versions,
        }),
      );
    },

    async listConsumptions(workloadId) {
      const rows = await db.consumption.findMany({ where: { workloadId }, orderBy: { unitPath: "asc" } });
      return rows.map(toConsumption);
    },

    async recordScan(workloadId, units, actor, { startedAt, keepPaths }) {
      return db.$transaction(async (tx) => {
        const existing = new Map((await tx.consumption.findMany({ where: { workloadId } })).map((c) => [c.unitPath, c]));
        let upserted = 0;
        for (const unit of units) {
          const current = existing.get(unit.unitPath);
          existing.delete(unit.unitPath);
          const unchanged = current && current.source === unit.source && current.ref === unit.ref && current.moduleVersionId === unit.moduleVersionId;
          // A unit whose PR merged keeps its scaffold attribution until someone changes it by hand.
          if (unchanged) continue;
          await tx.consumption.upsert({
            where: { workloadId_unitPath: { workloadId, unitPath: unit.unitPath } },
            create: { workloadId, ...unit, recordedBy: "scan" },
            update: { ...unit, recordedBy: "scan", scaffoldRequestId: null, recordedAt: new Date() },
          });
          upserted += 1;
        }
        // The scan reads Terragrunt units only; plain-Terraform units and rows newer than the
        // scan's snapshot are someone else's to remove.
        const keep = new Set(keepPaths);
        const gone = [...existing.values()].filter(
          (c) => c.unitPath.endsWith("/terragrunt.hcl") && c.recordedAt < startedAt && !keep.has(c.unitPath),
        );
        if (gone.length > 0) await tx.consumption.deleteMany({ where: { id: { in: gone.map((c) => c.id) } } });
        await recordAudit(tx, {
          actor,
          action: "consumption.scan",
          subject: { type: "workload", id: workloadId },
          after: { units: units.length, upserted, removed: gone.length },
          metadata: { removed: gone.map((c) => c.unitPath) },
        });
        return { upserted, removed: gone.length };
      });
    },
  };
}
