import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DbTx } from "@/lib/platform/create-prisma-client";
import type { AdminVersionView, CatalogueAdminView, FacetValue, ModuleConsumer, ModuleFacets, ModuleSearchHit, ModuleVersionSummary } from "../catalogue-views";
import type { CatalogueReader, ModuleSearchCriteria, ModuleSearchPage } from "../ports";
import { withSearchCache, type SearchCacheOptions } from "../search-cache";
import { reshapeDocsErrors, reshapeModuleDocs } from "./reshape-module-docs";

/** One search hit as the SQL below builds it with json_build_object. */
interface HitJson {
  id: string;
  name: string;
  provider: string;
  category: string | null;
  description: string;
  latest_version: string;
  status: "active" | "deprecated";
  /** ISO timestamp in UTC, formatted in SQL so that it does not depend on the session time zone. */
  updated_at: string;
  owner: string;
  repo: string;
  version_count: number;
  deprecated_count: number;
  vulnerable_count: number;
  owners: string[];
}

interface FacetJson {
  kind: "provider" | "category" | "source" | "owner";
  value: string | null;
  count: number;
}

interface SearchRow {
  total: number;
  items: HitJson[];
  facets: FacetJson[];
  catalogue_empty: boolean;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const versionSummarySelect = {
  id: true,
  version: true,
  tag: true,
  status: true,
  statusReason: true,
  upgradeDeadline: true,
  severity: true,
  advisoryUrl: true,
  fixedIn: true,
  hasErrors: true,
  prerelease: true,
  publishedAt: true,
} as const;

export interface CreatePrismaCatalogueReaderOptions {
  /**
   * Searches are answered from memory until a change to the searchable catalogue commits
   * (`withSearchCache`; the generation trigger makes that safe for every writer, on every
   * instance). `false` runs every search in SQL, e.g. to measure the query itself.
   */
  searchCache?: SearchCacheOptions | false;
}

/** The catalogue's read models on PostgreSQL, behind the CatalogueReader port. */
export function createPrismaCatalogueReader(db: DbTx, options: CreatePrismaCatalogueReaderOptions = {}): CatalogueReader {
  const reader = createSqlCatalogueReader(db);
  return options.searchCache === false ? reader : withSearchCache(reader, options.searchCache ?? {});
}

function createSqlCatalogueReader(db: DbTx): CatalogueReader {
  return {
    async searchModules(criteria: ModuleSearchCriteria): Promise<ModuleSearchPage> {
      const { tsQuery, sort } = criteria;
      // Matching reads the stored README-sized vector through its GIN index; the short weighted
      // rank vector (name A, input/output names B, description C) is tried first, so a module that
      // matches on those never has its large vector de-toasted at all.
      const textFilter = tsQuery
        ? Prisma.sql`AND (m.rank_vector @@ to_tsquery('simple', ${tsQuery}) OR m.search_vector @@ to_tsquery('simple', ${tsQuery}))`
        : Prisma.empty;
      const statusFilter =
        criteria.status === "deprecated"
          ? Prisma.sql`AND m.deprecated_count > 0`
          : criteria.status === "vulnerable"
            ? Prisma.sql`AND m.vulnerable_count > 0`
            : criteria.status === "active"
              ? Prisma.sql`AND m.deprecated_count = 0 AND m.vulnerable_count = 0`
              : Prisma.empty;
      const facetFilters = Prisma.sql`
        ${criteria.provider ? Prisma.sql`AND h.provider = ${criteria.provider}` : Prisma.empty}
        ${criteria.category ? Prisma.sql`AND h.category = ${criteria.category}` : Prisma.empty}
        ${criteria.source ? Prisma.sql`AND h.owner = ${criteria.source.owner} AND h.repo = ${criteria.source.repo}` : Prisma.empty}
        ${criteria.owner ? Prisma.sql`AND ${criteria.owner} = ANY(h.owners)` : Prisma.empty}`;

      // Relevance: ts_rank over the short weighted vector (a name hit outweighs an input name,
      // which outweighs the description; README-only hits rank 0 and sort by name), plus a bonus
      // for the exact name. It never reads the README-sized vector.
      const rank =
        tsQuery && sort === "relevance"
          ? Prisma.sql`ts_rank('{0.05, 0.2, 0.4, 1.0}', m.rank_vector, to_tsquery('simple', ${tsQuery}))
              + CASE WHEN lower(m.name) = ${criteria.exactName} THEN 1 ELSE 0 END`
          : Prisma.sql`0`;
      const orderBy =
        sort === "relevance"
          ? Prisma.sql`rank DESC, name ASC, owner ASC, repo ASC`
          : sort === "updated"
            ? Prisma.sql`updated_at DESC, name ASC, owner ASC, repo ASC`
            : Prisma.sql`name ASC, owner ASC, repo ASC`;

      // One statement: the text and status match is evaluated once (hits), and the page, the
      // total of the filtered set (also past the last page) and the facets all read from it.
      // Version counts are stored on the module, so no version row is read.
      const rows = await db.$queryRaw<SearchRow[]>`
        WITH hits AS MATERIALIZED (
          SELECT m.id, m.name, m.provider, m.category, m.description, m.latest_version, m.status::text AS status,
                 m.updated_at, m.version_count, m.deprecated_count, m.vulnerable_count, m.owners,
                 s.owner, s.repo, ${rank} AS rank
          FROM modules m JOIN module_sources s ON s.id = m.source_id
          WHERE m.latest_version IS NOT NULL ${textFilter} ${statusFilter}
        ),
        filtered AS MATERIALIZED (
          SELECT h.* FROM hits h WHERE true ${facetFilters}
        ),
        page AS (
          SELECT f.*, row_number() OVER (ORDER BY ${orderBy}) AS ord
          FROM filtered f
          ORDER BY ${orderBy}
          LIMIT ${criteria.limit} OFFSET ${criteria.offset}
        ),
        facets AS (
          SELECT 'provider' AS kind, h.provider AS value, count(*)::int AS count FROM hits h GROUP BY h.provider
          UNION ALL
          SELECT 'category', h.category, count(*)::int FROM hits h GROUP BY h.category
          UNION ALL
          SELECT 'source', h.owner || '/' || h.repo, count(*)::int FROM hits h GROUP BY h.owner, h.repo
          UNION ALL
          SELECT 'owner', o.value, count(*)::int FROM hits h CROSS JOIN LATERAL unnest(h.owners) AS o(value) GROUP BY o.value
        )
        SELECT
          (SELECT count(*) FROM filtered)::int AS total,
          (SELECT coalesce(json_agg(json_build_object(
                    'id', p.id, 'name', p.name, 'provider', p.provider, 'category', p.category,
                    'description', p.description, 'latest_version', p.latest_version, 'status', p.status,
                    'updated_at', to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                    'owner', p.owner, 'repo', p.repo, 'version_count', p.version_count,
                    'deprecated_count', p.deprecated_count, 'vulnerable_count', p.vulnerable_count, 'owners', p.owners
                  ) ORDER BY p.ord), '[]'::json)
           FROM page p) AS items,
          (SELECT coalesce(json_agg(facets), '[]'::json) FROM facets) AS facets,
          NOT EXISTS (SELECT 1 FROM modules WHERE latest_version IS NOT NULL) AS catalogue_empty`;
      const row = rows[0];
      if (!row) throw new Error("catalogue search returned no row");
      return { items: row.items.map(toSearchHit), total: row.total, facets: readFacets(row.facets), catalogueEmpty: row.catalogue_empty };
    },

    async findModule(ref) {
      const row = await db.module.findFirst({
        where: { name: ref.module, source: { owner: ref.owner, repo: ref.repo } },
        include: {
          source: { select: { owner: true, repo: true, layout: true } },
          versions: { select: versionSummarySelect },
        },
      });
      if (!row) return null;
      return {
        module: {
          id: row.id,
          name: row.name,
          path: row.path,
          provider: row.provider,
          category: row.category,
          description: row.description,
          status: row.status,
          latestVersion: row.latestVersion,
          source: { owner: row.source.owner, repo: row.source.repo, layout: row.source.layout },
          owners: row.owners,
          ownersOrigin: row.ownersOrigin === "codeowners" || row.ownersOrigin === "source" ? row.ownersOrigin : null,
        },
        versions: row.versions.map(
          (v): ModuleVersionSummary => ({
            id: v.id,
            version: v.version,
            tag: v.tag,
            status: v.status,
            statusReason: v.statusReason,
            upgradeDeadline: iso(v.upgradeDeadline),
            severity: v.severity,
            advisoryUrl: v.advisoryUrl,
            fixedIn: v.fixedIn,
            hasErrors: v.hasErrors,
            prerelease: v.prerelease !== null && v.prerelease !== "",
            publishedAt: iso(v.publishedAt),
          }),
        ),
      };
    },

    async getVersionContent(versionId) {
      const row = await db.moduleVersion.findUnique({ where: { id: versionId }, select: { commitSha: true, docs: true, errors: true } });
      if (!row) return null;
      return { commitSha: row.commitSha, docs: reshapeModuleDocs(row.docs), storedErrors: reshapeDocsErrors(row.errors) };
    },

    async readComparison({ moduleId, versionIds }) {
      const wanted = versionIds.length > 0 ? Prisma.join(versionIds.map((id) => Prisma.sql`${id}::uuid`)) : Prisma.sql`NULL`;
      const rows = await db.$queryRaw<Array<{ id: string; version: string; docs: unknown; changelog: string | null }>>`
        SELECT id::text AS id, version,
               CASE WHEN id IN (${wanted}) THEN docs ELSE NULL END AS docs,
               docs->>'changelog' AS changelog
        FROM module_versions WHERE module_id = ${moduleId}::uuid`;
      const docs = new Map(rows.filter((r) => versionIds.includes(r.id)).map((r) => [r.id, reshapeModuleDocs(r.docs)]));
      return { docs, changelogs: rows.map((r) => ({ version: r.version, changelog: r.changelog })) };
    },

    async getAdminView({ runsPerSource, versionLimit }): Promise<CatalogueAdminView> {
      const versionInclude = { module: { select: { name: true, source: { select: { owner: true, repo: true } } } } } as const;
      const [sources, versionCounts, broken, flagged] = await Promise.all([
        db.moduleSource.findMany({
          orderBy: [{ owner: "asc" }, { repo: "asc" }],
          include: { _count: { select: { modules: true } }, syncRuns: { orderBy: { startedAt: "desc" }, take: runsPerSource } },
        }),
        db.$queryRaw<Array<{ source_id: string; n: bigint }>>`
          SELECT m.source_id::text AS source_id, count(*) AS n FROM module_versions v JOIN modules m ON m.id = v.module_id GROUP BY m.source_id`,
        db.moduleVersion.findMany({ where: { hasErrors: true }, orderBy: { ingestedAt: "desc" }, take: 100, include: versionInclude }),
        db.moduleVersion.findMany({
          where: { status: { in: ["vulnerable", "deprecated"] } },
          // "vulnerable" sorts after "deprecated" in the enum: descending puts it first.
          orderBy: [{ status: "desc" }, { module: { name: "asc" } }, { major: "desc" }, { minor: "desc" }, { patch: "desc" }],
          take: versionLimit,
          include: versionInclude,
        }),
      ]);
      const counts = new Map(versionCounts.map((r) => [r.source_id, Number(r.n)]));
      const toVersion = (v: (typeof broken)[number]): AdminVersionView => ({
        id: v.id,
        source: `${v.module.source.owner}/${v.module.source.repo}`,
        owner: v.module.source.owner,
        repo: v.module.source.repo,
        moduleName: v.module.name,
        version: v.version,
        tag: v.tag,
        status: v.status,
        statusReason: v.statusReason,
        upgradeDeadline: iso(v.upgradeDeadline),
        severity: v.severity,
        advisoryUrl: v.advisoryUrl,
        fixedIn: v.fixedIn,
        ingestedAt: v.ingestedAt.toISOString(),
        errors: reshapeDocsErrors(v.errors),
      });
      return {
        sources: sources.map((s) => ({
          id: s.id,
          owner: s.owner,
          repo: s.repo,
          layout: s.layout,
          modulesDir: s.modulesDir,
          enabled: s.enabled,
          defaultOwners: s.defaultOwners,
          lastSyncedAt: iso(s.lastSyncedAt),
          lastSyncStatus: s.lastSyncStatus,
          lastSyncError: s.lastSyncError,
          moduleCount: s._count.modules,
          versionCount: counts.get(s.id) ?? 0,
          recentRuns: s.syncRuns.map((r) => ({
            id: r.id,
            trigger: r.trigger,
            status: r.status,
            startedAt: r.startedAt.toISOString(),
            finishedAt: iso(r.finishedAt),
            tagsSeen: r.tagsSeen,
            versionsIngested: r.versionsIngested,
            versionsWithdrawn: r.versionsWithdrawn,
            versionsFailed: r.versionsFailed,
            error: r.error,
          })),
        })),
        brokenVersions: broken.map(toVersion),
        flaggedVersions: flagged.map(toVersion),
      };
    },

    async findRegistryModule(address) {
      const row = await db.module.findFirst({
        where: {
          name: address.name,
          provider: { equals: address.provider, mode: "insensitive" },
          source: { owner: { equals: address.namespace, mode: "insensitive" } },
        },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          path: true,
          source: { select: { owner: true, repo: true } },
          versions: {
            select: {
              version: true,
              tag: true,
              status: true,
              hasErrors: true,
              statusReason: true,
              severity: true,
              advisoryUrl: true,
              fixedIn: true,
              upgradeDeadline: true,
            },
          },
        },
      });
      return row;
    },

    async listModuleConsumers(moduleId) {
      const rows = await db.consumption.findMany({
        // Open consumptions only: ended ones are history (the estate's compliance over time).
        where: { moduleVersion: { moduleId }, endedAt: null },
        select: {
          env: true,
          region: true,
          file: true,
          recordedBy: true,
          recordedAt: true,
          moduleVersion: { select: { id: true, version: true } },
          workload: { select: { slug: true, name: true } },
        },
        orderBy: [{ workload: { name: "asc" } }, { file: "asc" }],
      });
      return rows.flatMap((r): ModuleConsumer[] =>
        r.moduleVersion
          ? [
              {
                versionId: r.moduleVersion.id,
                version: r.moduleVersion.version,
                workload: r.workload,
                env: r.env,
                region: r.region,
                unitPath: r.file,
                recordedBy: r.recordedBy,
                recordedAt: r.recordedAt.toISOString(),
              },
            ]
          : [],
      );
    },

    async getCatalogueGeneration() {
      const rows = await db.$queryRaw<Array<{ value: string }>>`SELECT value::text AS value FROM catalogue_generation WHERE id = 1`;
      // No row (a database set up without the migration's insert) means nothing can be cached safely.
      return rows[0]?.value ?? `none-${Date.now()}`;
    },
  };
}

function toSearchHit(row: HitJson): ModuleSearchHit {
  return {
    id: row.id,
    name: row.name,
    source: `${row.owner}/${row.repo}`,
    owner: row.owner,
    repo: row.repo,
    provider: row.provider,
    category: row.category,
    description: row.description,
    latestVersion: row.latest_version,
    status: row.status,
    updatedAt: row.updated_at,
    versionCount: row.version_count,
    deprecatedVersions: row.deprecated_count,
    vulnerableVersions: row.vulnerable_count,
    owners: row.owners,
  };
}

function readFacets(rows: FacetJson[]): ModuleFacets {
  const pick = (kind: FacetJson["kind"]): FacetValue[] =>
    rows
      .flatMap((row) => (row.kind === kind && row.value !== null && row.value !== "" ? [{ value: row.value, count: row.count }] : []))
      .sort((a, b) => a.value.localeCompare(b.value));
  return { providers: pick("provider"), categories: pick("category"), sources: pick("source"), owners: pick("owner") };
}
