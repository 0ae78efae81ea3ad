import "server-only";
import { randomUUID } from "node:crypto";
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
import { reshapeModuleDocs } from "./reshape-module-docs";

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
      // One statement with one JSON parameter, the batch's rows: Prisma's createMany walks and
      // re-serialises each version's docs (the largest values the portal writes) through its query
      // compiler, which cost the sync more main-thread time than parsing them. Ids are v4 UUIDs,
      // as Prisma's @default(uuid()) makes; the other columns keep their database defaults.
      const rows = JSON.stringify(
        versions.map((version) => ({
          id: randomUUID(),
          module_id: version.moduleId,
          version: version.version,
          tag: version.tag,
          commit_sha: version.commitSha,
          major: version.major,
          minor: version.minor,
          patch: version.patch,
          prerelease: version.prerelease,
          // hcl2json's output and strings only: JSON as they are (undefined fields drop out).
          docs: version.docs,
          errors: version.errors.length > 0 ? version.errors : null,
          has_errors: version.errors.length > 0,
          published_at: version.publishedAt?.toISOString() ?? null,
        })),
      );
      const inserted = await db.$queryRaw<Array<{ module_id: string; version: string }>>`
        INSERT INTO module_versions (id, module_id, version, tag, commit_sha, major, minor, patch, prerelease, docs, errors, has_errors, published_at)
        SELECT r.id, r.module_id, r.version, r.tag, r.commit_sha, r.major, r.minor, r.patch, r.prerelease, r.docs, r.errors, r.has_errors, r.published_at
        FROM jsonb_to_recordset(${rows}::jsonb) AS r(
          id uuid, module_id uuid, version text, tag text, commit_sha text, major int, minor int, patch int,
          prerelease text, docs jsonb, errors jsonb, has_errors boolean, published_at timestamptz)
        -- A version a concurrent sync stored first stays as it is.
        ON CONFLICT (module_id, version) DO NOTHING
        RETURNING module_id::text AS module_id, version`;
      return new Set(inserted.map((r) => `${r.module_id}@${r.version}`));
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

    async listModuleVersions(moduleIds) {
      const rows = await db.moduleVersion.findMany({
        where: { moduleId: { in: moduleIds } },
        select: { moduleId: true, version: true, status: true, prerelease: true, major: true, minor: true, patch: true },
      });
      const byModule = new Map<string, ModuleVersionRow[]>(moduleIds.map((id) => [id, []]));
      for (const { moduleId, ...row } of rows) byModule.get(moduleId)?.push(row);
      return byModule;
    },

    async getVersionDocs({ moduleId, version }) {
      const row = await db.moduleVersion.findUnique({ where: { moduleId_version: { moduleId, version } }, select: { docs: true } });
      return row ? reshapeModuleDocs(row.docs) : null;
    },

    async saveDerivedFields(changes) {
      if (changes.length === 0) return;
      // One statement for a whole batch of modules (a first sync derives hundreds); the old row is
      // the one compared, so no read is needed first.
      const rows = JSON.stringify(
        changes.map(({ moduleId, fields }) => ({
          id: moduleId,
          latest_version: fields.latestVersion,
          description: fields.description,
          search_text: fields.searchText,
          keywords: fields.keywords,
          category: fields.category,
          provider: fields.provider,
          status: fields.status,
          version_count: fields.versionCount,
          deprecated_count: fields.deprecatedCount,
          vulnerable_count: fields.vulnerableCount,
          derived_version: fields.derivedVersion,
        })),
      );
      await db.$executeRaw`
        UPDATE modules AS m SET
          latest_version = r.latest_version, description = r.description, search_text = r.search_text,
          keywords = r.keywords, category = r.category, provider = r.provider, status = r.status::"ModuleStatus",
          version_count = r.version_count, deprecated_count = r.deprecated_count, vulnerable_count = r.vulnerable_count,
          derived_version = r.derived_version, derived_at = now(),
          -- "Updated" on a card means the versions changed, not that the rules were re-applied.
          updated_at = CASE
            WHEN m.latest_version IS DISTINCT FROM r.latest_version OR m.version_count <> r.version_count OR m.status::text <> r.status THEN now()
            ELSE m.updated_at END
        FROM jsonb_to_recordset(${rows}::jsonb) AS r(
          id uuid, latest_version text, description text, search_text text, keywords text, category text, provider text,
          status text, version_count int, deprecated_count int, vulnerable_count int, derived_version int)
        WHERE m.id = r.id`;
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
