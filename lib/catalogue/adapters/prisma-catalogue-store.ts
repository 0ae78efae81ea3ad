import "server-only";
import pg from "pg";
import { recordAudit } from "@/lib/platform/audit";
import type { Db } from "@/lib/platform/create-prisma-client";
import { databasePoolConfig, type DatabaseTimeouts } from "@/lib/platform/database-pool-config";
import { logger } from "@/lib/platform/logger";
import { isUniqueViolation } from "@/lib/platform/prisma-store-helpers";
import { Prisma, type ModuleSource } from "@/lib/generated/prisma/client";
import type { OwnersOrigin } from "../catalogue-views";
import { deriveVersionFields } from "../derive-module-fields";
import type { CatalogueStore, KnownVersion, ModuleVersionRow, StoredSource, VersionStatusState } from "../ports";
import { reshapeModuleDocs, toDocsJson } from "./reshape-module-docs";

export interface CreatePrismaCatalogueStoreOptions {
  db: Db;
  /** For the per-source advisory lock, held on its own connection for the length of a sync. */
  databaseUrl: string;
  /** The env's database timeouts (`databaseTimeoutsFromEnv`), for that connection too; the defaults otherwise. */
  timeouts?: DatabaseTimeouts;
}

function toStoredSource(row: ModuleSource): StoredSource {
  return {
    id: row.id,
    owner: row.owner,
    repo: row.repo,
    layout: row.layout,
    modulesDir: row.modulesDir,
    enabled: row.enabled,
    lastSyncedAt: row.lastSyncedAt,
    defaultOwners: row.defaultOwners,
  };
}

const statusStateSelect = {
  status: true,
  statusReason: true,
  upgradeDeadline: true,
  severity: true,
  advisoryUrl: true,
  fixedIn: true,
} as const;

/** The module's latest version, status and counts after one of its versions changed, inside `tx`. */
async function refreshVersionFields(tx: Prisma.TransactionClient, moduleId: string): Promise<void> {
  const versions = await tx.moduleVersion.findMany({ where: { moduleId }, select: { version: true, status: true, prerelease: true } });
  await tx.module.update({ where: { id: moduleId }, data: { ...deriveVersionFields(versions), updatedAt: new Date() } });
}

function toOwnersOrigin(value: string | null): OwnersOrigin | null {
  return value === "codeowners" || value === "source" ? value : null;
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
            data: { owner: source.owner, repo: source.repo, layout: source.layout, modulesDir: source.modulesDir, defaultOwners: source.defaultOwners },
          });
          const { id, owner, repo, layout, modulesDir, enabled, defaultOwners } = created;
          await recordAudit(tx, {
            actor,
            action: "catalogue.source.create",
            subject: { type: "module_source", id },
            after: { id, owner, repo, layout, modulesDir, enabled, defaultOwners },
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

    async setSourceDefaultOwners({ sourceId, owners, actor }) {
      return db.$transaction(async (tx) => {
        const before = await tx.moduleSource.findUnique({ where: { id: sourceId }, select: { defaultOwners: true } });
        if (!before) return "not-found";
        if (before.defaultOwners.join(" ") === owners.join(" ")) return "unchanged";
        await tx.moduleSource.update({ where: { id: sourceId }, data: { defaultOwners: owners } });
        await recordAudit(tx, {
          actor,
          action: "catalogue.source.update",
          subject: { type: "module_source", id: sourceId },
          before,
          after: { defaultOwners: owners },
        });
        return "updated";
      });
    },

    async changeVersionStatus({ versionId, action, actor, decide }) {
      return db.$transaction(async (tx) => {
        const current = await tx.moduleVersion.findUnique({
          where: { id: versionId },
          select: { ...statusStateSelect, moduleId: true, version: true },
        });
        if (!current) return false;
        // Serialises status changes of one module, so the counts below never miss a concurrent change.
        await tx.$executeRaw`SELECT 1 FROM modules WHERE id = ${current.moduleId}::uuid FOR UPDATE`;
        const siblings = await tx.moduleVersion.findMany({ where: { moduleId: current.moduleId }, select: { version: true } });
        const { moduleId, version, ...before } = current;
        const after: VersionStatusState = decide({ ...before, version, siblings: siblings.map((s) => s.version) });
        await tx.moduleVersion.update({ where: { id: versionId }, data: after });
        // Deprecated and vulnerable versions never count as latest.
        await refreshVersionFields(tx, moduleId);
        await recordAudit(tx, { actor, action, subject: { type: "module_version", id: versionId }, before, after, metadata: { version } });
        return true;
      });
    },

    async withSourceLock<T>(sourceId: string, fn: () => Promise<T>): Promise<T | null> {
      // A session lock on a dedicated connection: it is released if the process dies. Same
      // connect and statement timeouts as the pools, so a frozen database cannot hold a sync.
      const { max: _max, ...config } = databasePoolConfig(options.databaseUrl, { timeouts: options.timeouts, applicationName: "bulkhead-sync-lock" });
      const client = new pg.Client(config);
      // The connection sits idle while the sync runs; if the server drops it, pg reports that
      // here, and an 'error' event without a listener would crash the process.
      let lost: Error | null = null;
      client.on("error", (error) => {
        lost = error;
        logger.warn("catalogue sync lock connection lost", { sourceId, error });
      });
      await client.connect();
      try {
        const key = `catalogue-sync:${sourceId}`;
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [key]);
        if (!rows[0]?.locked) return null;
        try {
          return await fn();
        } finally {
          // A lost connection took its session lock with it: nothing left to release.
          if (!lost) await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
        }
      } finally {
        await client.end().catch(() => {});
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
        select: { id: true, moduleId: true, version: true, tag: true, status: true, publishedAt: true, module: { select: { name: true } } },
      });
      return rows.map((r) => ({
        id: r.id,
        moduleId: r.moduleId,
        moduleName: r.module.name,
        version: r.version,
        tag: r.tag,
        status: r.status,
        hasPublishedAt: r.publishedAt !== null,
      }));
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

    async insertVersions(versions) {
      if (versions.length === 0) return new Set();
      const rows = await db.moduleVersion.createManyAndReturn({
        data: versions.map((version) => ({
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
        })),
        // A version a concurrent sync stored first stays as it is.
        skipDuplicates: true,
        select: { moduleId: true, version: true },
      });
      return new Set(rows.map((r) => `${r.moduleId}@${r.version}`));
    },

    async setVersionsStatus({ ids, status, reason, actor }) {
      if (ids.length === 0) return;
      await db.$transaction(async (tx) => {
        const rows = await tx.moduleVersion.findMany({ where: { id: { in: ids } }, select: { id: true, version: true, ...statusStateSelect } });
        await tx.moduleVersion.updateMany({ where: { id: { in: ids } }, data: { status, statusReason: reason } });
        for (const { id, version, ...before } of rows) {
          await recordAudit(tx, {
            actor,
            action: status === "withdrawn" ? "catalogue.version.withdraw" : "catalogue.version.restore",
            subject: { type: "module_version", id },
            before,
            after: { ...before, status, statusReason: reason },
            metadata: { version },
          });
        }
      });
    },

    async setPublishedAt({ versionId, publishedAt }) {
      await db.moduleVersion.update({ where: { id: versionId }, data: { publishedAt }, select: { id: true } });
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
      await db.$transaction(async (tx) => {
        const current = await tx.module.findUnique({ where: { id: moduleId }, select: { latestVersion: true, versionCount: true, status: true } });
        // "Updated" on a card means the versions changed, not that the rules were re-applied.
        const changed = !current || current.latestVersion !== fields.latestVersion || current.versionCount !== fields.versionCount || current.status !== fields.status;
        const now = new Date();
        await tx.module.update({ where: { id: moduleId }, data: { ...fields, derivedAt: now, ...(changed ? { updatedAt: now } : {}) }, select: { id: true } });
      });
    },

    async listStaleModules({ sourceId, derivedVersion }) {
      return db.$queryRaw<Array<{ id: string; name: string }>>`
        SELECT m.id::text AS id, m.name FROM modules m
        WHERE m.source_id = ${sourceId}::uuid
          AND (m.derived_version < ${derivedVersion}
            OR EXISTS (SELECT 1 FROM module_versions v WHERE v.module_id = m.id AND v.ingested_at > m.derived_at)
            OR EXISTS (SELECT 1 FROM module_versions v WHERE v.module_id = m.id AND v.version = m.latest_version AND v.status <> 'active'))`;
    },

    async listSourceModules(sourceId) {
      const rows = await db.module.findMany({
        where: { sourceId },
        select: { id: true, name: true, path: true, owners: true, ownersOrigin: true },
        orderBy: { name: "asc" },
      });
      return rows.map((r) => ({ ...r, ownersOrigin: toOwnersOrigin(r.ownersOrigin) }));
    },

    async saveModuleOwners(changes) {
      if (changes.length === 0) return;
      // One transaction, so a search never sees half of a source's new owners.
      await db.$transaction(changes.map((c) => db.module.update({ where: { id: c.moduleId }, data: { owners: c.owners, ownersOrigin: c.ownersOrigin }, select: { id: true } })));
    },
  };
}
