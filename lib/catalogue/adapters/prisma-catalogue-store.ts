import "server-only";
import pg from "pg";
import { recordAudit } from "@/lib/platform/audit";
import type { Db } from "@/lib/platform/create-prisma-client";
import { Prisma, type ModuleSource } from "@/lib/generated/prisma/client";
import type { VersionStatus } from "../catalogue-views";
import type { CatalogueStore, KnownVersion, ModuleVersionRow, StoredSource } from "../ports";
import { reshapeModuleDocs, toDocsJson } from "./reshape-module-docs";

export interface CreatePrismaCatalogueStoreOptions {
  db: Db;
  /** For the per-source advisory lock, held on its own connection for the length of a sync. */
  databaseUrl: string;
}

function toStoredSource(row: ModuleSource): StoredSource {
  return { id: row.id, owner: row.owner, repo: row.repo, layout: row.layout, modulesDir: row.modulesDir, enabled: row.enabled, lastSyncedAt: row.lastSyncedAt };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The catalogue tables behind the CatalogueStore port. */
export function createPrismaCatalogueStore(options: CreatePrismaCatalogueStoreOptions): CatalogueStore {
  const { db } = options;
  return {
    async getSource(id: string): Promise<StoredSource | null> {
      const row = await db.moduleSource.findUnique({ where: { id } });
      return row ? toStoredSource(row) : null;
    },

    async findSourceByRepo(ref) {
      const row = await db.moduleSource.findFirst({
        where: { owner: { equals: ref.owner, mode: "insensitive" }, repo: { equals: ref.repo, mode: "insensitive" } },
      });
      return row ? toStoredSource(row) : null;
    },

    async listSources() {
      const rows = await db.moduleSource.findMany({ orderBy: [{ owner: "asc" }, { repo: "asc" }] });
      return rows.map(toStoredSource);
    },

    async createSource({ source, actor }) {
      try {
        return await db.$transaction(async (tx) => {
          const existing = await tx.moduleSource.findFirst({
            where: { owner: { equals: source.owner, mode: "insensitive" }, repo: { equals: source.repo, mode: "insensitive" } },
            select: { id: true },
          });
          if (existing) return null;
          const created = await tx.moduleSource.create({
            data: { owner: source.owner, repo: source.repo, layout: source.layout, modulesDir: source.modulesDir },
          });
          const { id, owner, repo, layout, modulesDir, enabled } = created;
          await recordAudit(tx, {
            actor,
            action: "catalogue.source.create",
            subject: { type: "module_source", id },
            after: { id, owner, repo, layout, modulesDir, enabled },
          });
          return toStoredSource(created);
        });
      } catch (error) {
        // Another admin added it between the check and the insert.
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    async setSourceEnabled({ sourceId, enabled, actor }) {
      return db.$transaction(async (tx) => {
        const before = await tx.moduleSource.findUnique({ where: { id: sourceId }, select: { enabled: true } });
        if (!before) return "not-found";
        if (before.enabled === enabled) return "unchanged";
        await tx.moduleSource.update({ where: { id: sourceId }, data: { enabled } });
        await recordAudit(tx, {
          actor,
          action: "catalogue.source.update",
          subject: { type: "module_source", id: sourceId },
          before,
          after: { enabled },
        });
        return "updated";
      });
    },

    async changeVersionStatus({ versionId, action, actor, decide }) {
      return db.$transaction(async (tx) => {
        const current = await tx.moduleVersion.findUnique({
          where: { id: versionId },
          select: { status: true, statusReason: true, upgradeDeadline: true, moduleId: true, version: true },
        });
        if (!current) return false;
        const before = { status: current.status, statusReason: current.statusReason, upgradeDeadline: current.upgradeDeadline };
        const after = decide({ ...before, version: current.version });
        await tx.moduleVersion.update({ where: { id: versionId }, data: after });
        // Deprecated versions never count as latest.
        const latest = await tx.moduleVersion.findFirst({
          where: { moduleId: current.moduleId, status: "active", prerelease: null },
          select: { version: true },
          orderBy: [{ major: "desc" }, { minor: "desc" }, { patch: "desc" }],
        });
        await tx.module.update({ where: { id: current.moduleId }, data: { latestVersion: latest?.version ?? null, updatedAt: new Date() } });
        await recordAudit(tx, { actor, action, subject: { type: "module_version", id: versionId }, before, after });
        return true;
      });
    },

    async withSourceLock<T>(sourceId: string, fn: () => Promise<T>): Promise<T | null> {
      // A session lock on a dedicated connection: it is released if the process dies.
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      try {
        const key = `catalogue-sync:${sourceId}`;
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [key]);
        if (!rows[0]?.locked) return null;
        try {
          return await fn();
        } finally {
          await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
        }
      } finally {
        await client.end();
      }
    },

    async startSyncRun({ sourceId, trigger }) {
      const [run] = await db.$transaction([
        db.syncRun.create({ data: { sourceId, trigger, status: "running" }, select: { id: true } }),
        db.moduleSource.update({ where: { id: sourceId }, data: { lastSyncStatus: "running" } }),
      ]);
      return run;
    },

    async finishSyncRun({ runId, sourceId, status, counts, error, actor }) {
      const finishedAt = new Date();
      await db.$transaction(async (tx) => {
        const run = await tx.syncRun.update({
          where: { id: runId },
          data: { status, finishedAt, error, ...counts },
        });
        await tx.moduleSource.update({
          where: { id: sourceId },
          data: { lastSyncedAt: finishedAt, lastSyncStatus: status, lastSyncError: error },
        });
        const changed = counts.versionsIngested + counts.versionsWithdrawn > 0;
        // Scheduled no-op syncs every 15 minutes would drown the audit log; record what changed or was asked for.
        if (changed || status === "failed" || run.trigger === "manual") {
          await recordAudit(tx, {
            actor,
            action: "catalogue.sync",
            subject: { type: "module_source", id: sourceId },
            after: { status, ...counts },
            metadata: { runId, trigger: run.trigger, error },
          });
        }
      });
    },

    async listKnownVersions(sourceId: string): Promise<KnownVersion[]> {
      const rows = await db.moduleVersion.findMany({
        where: { module: { sourceId } },
        select: { id: true, moduleId: true, version: true, tag: true, status: true, module: { select: { name: true } } },
      });
      return rows.map((r) => ({ id: r.id, moduleId: r.moduleId, moduleName: r.module.name, version: r.version, tag: r.tag, status: r.status }));
    },

    async ensureModule({ sourceId, name, path, provider }) {
      try {
        return await db.module.upsert({
          where: { sourceId_name: { sourceId, name } },
          create: { sourceId, name, path, provider },
          update: {},
          select: { id: true },
        });
      } catch (error) {
        // Two syncs created it at once; the row exists now.
        if (!isUniqueViolation(error)) throw error;
        return db.module.findUniqueOrThrow({ where: { sourceId_name: { sourceId, name } }, select: { id: true } });
      }
    },

    async insertVersion(version) {
      try {
        await db.moduleVersion.create({
          data: {
            moduleId: version.moduleId,
            version: version.version,
            tag: version.tag,
            commitSha: version.commitSha,
            major: version.major,
            minor: version.minor,
            patch: version.patch,
            prerelease: version.prerelease,
            docs: toDocsJson(version.docs),
            errors: version.errors.length > 0 ? version.errors : Prisma.DbNull,
            hasErrors: version.errors.length > 0,
            publishedAt: version.publishedAt,
          },
          select: { id: true },
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async setVersionsStatus({ ids, status, reason }: { ids: string[]; status: VersionStatus; reason: string | null }) {
      await db.moduleVersion.updateMany({ where: { id: { in: ids } }, data: { status, statusReason: reason } });
    },

    async listModuleVersions(moduleId: string): Promise<ModuleVersionRow[]> {
      return db.moduleVersion.findMany({
        where: { moduleId },
        select: { version: true, status: true, prerelease: true, major: true, minor: true, patch: true },
      });
    },

    async getVersionDocs({ moduleId, version }) {
      const row = await db.moduleVersion.findUnique({ where: { moduleId_version: { moduleId, version } }, select: { docs: true } });
      return row ? reshapeModuleDocs(row.docs) : null;
    },

    async saveDerivedFields(moduleId, fields) {
      await db.module.update({ where: { id: moduleId }, data: { ...fields, updatedAt: new Date() } });
    },

    async listStaleModules(sourceId: string) {
      return db.$queryRaw<Array<{ id: string; name: string }>>`
        SELECT m.id::text AS id, m.name FROM modules m
        WHERE m.source_id = ${sourceId}::uuid
          AND (EXISTS (SELECT 1 FROM module_versions v WHERE v.module_id = m.id AND v.ingested_at > m.updated_at)
            OR EXISTS (SELECT 1 FROM module_versions v WHERE v.module_id = m.id AND v.version = m.latest_version AND v.status <> 'active'))`;
    },
  };
}
