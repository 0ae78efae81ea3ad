import "server-only";
import { recordAuditEvents, type RecordAuditOptions } from "@/lib/platform/audit";
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
    // The workloads domain names a unit by its file ("dev/eu-west-1/vpc/terragrunt.hcl").
    unitPath: row.file,
    moduleVersionId: row.moduleVersionId,
    source: row.source,
    ref: row.ref,
    commitSha: row.commitSha,
    recordedBy: row.recordedBy === "scaffold" ? "scaffold" : "scan",
    scaffoldRequestId: row.scaffoldRequestId,
    recordedAt: row.recordedAt,
  };
}

/**
 * The unique index a P2002 broke, or null for another error. adapter-pg reports it in
 * `meta.driverAdapterError.cause.constraint`, as `{ index }` for an expression index, or with
 * the index name in `originalMessage`.
 */
function violatedConstraint(error: unknown): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const cause = (error.meta as { driverAdapterError?: { cause?: { constraint?: unknown; originalMessage?: unknown } } } | undefined)?.driverAdapterError?.cause;
  const constraint = cause?.constraint;
  if (typeof constraint === "string") return constraint;
  if (constraint && typeof constraint === "object" && typeof (constraint as { index?: unknown }).index === "string") return (constraint as { index: string }).index;
  const named = typeof cause?.originalMessage === "string" ? /unique constraint "([^"]+)"/.exec(cause.originalMessage) : null;
  return named?.[1] ?? "unknown";
}

const CONSUMER_REPO_KEY = "workloads_consumer_repo_key";

/** The workload store on Prisma. Every state change commits together with its audit event. */
export function createPrismaWorkloadStore(db: Db): WorkloadStore {
  const store: WorkloadStore = {
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

    async findWorkloadByRepo(repo) {
      // The unique index is on lower(consumer_repo); an insensitive equality reads it the same way.
      const row = await db.workload.findFirst({ where: { consumerRepo: { equals: `${repo.owner}/${repo.repo}`, mode: "insensitive" } }, include: workloadInclude });
      return row ? toWorkloadRecord(row) : null;
    },

    async listMemberships(userId) {
      const rows = await db.membership.findMany({
        where: { userId, workloadId: { not: null }, role: { in: ["builder", "lead"] } },
        select: { role: true, source: true, workload: { select: { slug: true } } },
      });
      return rows.flatMap((row) =>
        row.workload && row.role !== "admin" ? [{ workloadSlug: row.workload.slug, role: row.role, source: row.source }] : [],
      );
    },

    async listLeads() {
      const rows = await db.membership.findMany({
        where: { role: "lead", workloadId: { not: null } },
        select: { user: { select: { name: true, username: true } }, workload: { select: { slug: true } } },
      });
      const leads = rows.flatMap((row) => (row.workload ? [{ workloadSlug: row.workload.slug, name: row.user.name, username: row.user.username }] : []));
      // A lead by IdP group and by a manual grant is one person.
      const unique = [...new Map(leads.map((l) => [`${l.workloadSlug}\u0000${l.username}`, l])).values()];
      return unique.sort((a, b) => a.workloadSlug.localeCompare(b.workloadSlug) || a.name.localeCompare(b.name));
    },

    async findTeam(slug) {
      return db.team.findUnique({ where: { slug }, select: { id: true, slug: true } });
    },

    async createWorkload(data, actor, options = {}) {
      try {
        return await db.$transaction(async (tx) => {
          const row = await tx.workload.create({ data, include: workloadInclude });
          const events: RecordAuditOptions[] = [
            { actor, action: "workload.create", subject: { type: "workload", id: row.id }, after: { slug: row.slug, team: row.team.slug, consumerRepo: row.consumerRepo } },
          ];
          if (options.leadUserId) {
            const membership = await tx.membership.create({
              data: { userId: options.leadUserId, workloadId: row.id, role: "lead", source: "manual" },
              include: { user: { select: { username: true } } },
            });
            events.push({
              actor,
              action: "membership.grant",
              subject: { type: "membership", id: membership.id },
              after: { user: membership.user.username, workload: row.slug, role: "lead", source: "manual" },
              metadata: { reason: "registered the workload" },
            });
          }
          // Both events in one statement, last in the transaction: the audit chain moves once.
          await recordAuditEvents(tx, events);
          return toWorkloadRecord(row);
        });
      } catch (error) {
        const constraint = violatedConstraint(error);
        if (constraint === CONSUMER_REPO_KEY) {
          // Two registrations raced past the check in registerWorkload; the index decided.
          const [owner, repo] = data.consumerRepo.split("/") as [string, string];
          const holder = await store.findWorkloadByRepo({ owner, repo });
          const message = `${data.consumerRepo} already belongs to ${holder ? `the ${holder.name} workload (${holder.slug})` : "another workload"}: one consumer repo belongs to one workload.`;
          throw new AppError("CONFLICT", message, { fieldErrors: [{ path: "consumerRepo", message }], cause: error });
        }
        if (constraint !== null) throw new AppError("CONFLICT", `A workload "${data.slug}" already exists`, { fieldErrors: [{ path: "slug", message: "Already taken" }], cause: error });
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
      const rows = await db.consumption.findMany({ where: { workloadId, endedAt: null }, orderBy: [{ file: "asc" }, { address: "asc" }] });
      return rows.map(toConsumption);
    },
  };
  return store;
}
