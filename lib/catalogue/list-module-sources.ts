import type { DbTx } from "../platform/create-prisma-client";
import type { DocsError } from "./core/types";

export interface SyncRunView {
  id: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  tagsSeen: number;
  versionsIngested: number;
  versionsWithdrawn: number;
  versionsFailed: number;
  error: string | null;
}

export interface ModuleSourceView {
  id: string;
  owner: string;
  repo: string;
  layout: "repo" | "monorepo";
  modulesDir: string;
  enabled: boolean;
  lastSyncedAt: string | null;
  lastSyncStatus: string | null;
  lastSyncError: string | null;
  moduleCount: number;
  versionCount: number;
  recentRuns: SyncRunView[];
}

export interface AdminVersionView {
  id: string;
  source: string;
  moduleName: string;
  version: string;
  tag: string;
  status: "active" | "deprecated" | "withdrawn";
  statusReason: string | null;
  upgradeDeadline: string | null;
  ingestedAt: string;
  errors: DocsError[];
}

export interface CatalogueAdminView {
  sources: ModuleSourceView[];
  /** Versions stored with parse errors, newest first. */
  brokenVersions: AdminVersionView[];
  /** Versions an admin may deprecate or flag (not withdrawn), by module then newest first. */
  versions: AdminVersionView[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Everything the admin catalogue screen shows: sources with sync status and counts, recent runs, broken versions. */
export async function listModuleSources(db: DbTx, options: { runsPerSource?: number; versionLimit?: number } = {}): Promise<CatalogueAdminView> {
  const [sources, versionCounts, broken, versions] = await Promise.all([
    db.moduleSource.findMany({
      orderBy: [{ owner: "asc" }, { repo: "asc" }],
      include: { _count: { select: { modules: true } }, syncRuns: { orderBy: { startedAt: "desc" }, take: options.runsPerSource ?? 5 } },
    }),
    db.$queryRaw<Array<{ source_id: string; n: bigint }>>`
      SELECT m.source_id::text AS source_id, count(*) AS n FROM module_versions v JOIN modules m ON m.id = v.module_id GROUP BY m.source_id`,
    db.moduleVersion.findMany({
      where: { hasErrors: true },
      orderBy: { ingestedAt: "desc" },
      take: 100,
      include: { module: { select: { name: true, source: { select: { owner: true, repo: true } } } } },
    }),
    db.moduleVersion.findMany({
      where: { status: { not: "withdrawn" } },
      orderBy: [{ module: { name: "asc" } }, { major: "desc" }, { minor: "desc" }, { patch: "desc" }],
      take: options.versionLimit ?? 500,
      include: { module: { select: { name: true, source: { select: { owner: true, repo: true } } } } },
    }),
  ]);
  const counts = new Map(versionCounts.map((r) => [r.source_id, Number(r.n)]));
  const toVersion = (v: (typeof broken)[number]): AdminVersionView => ({
    id: v.id,
    source: `${v.module.source.owner}/${v.module.source.repo}`,
    moduleName: v.module.name,
    version: v.version,
    tag: v.tag,
    status: v.status,
    statusReason: v.statusReason,
    upgradeDeadline: iso(v.upgradeDeadline),
    ingestedAt: v.ingestedAt.toISOString(),
    errors: Array.isArray(v.errors) ? (v.errors as unknown as DocsError[]) : [],
  });
  return {
    sources: sources.map((s) => ({
      id: s.id,
      owner: s.owner,
      repo: s.repo,
      layout: s.layout,
      modulesDir: s.modulesDir,
      enabled: s.enabled,
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
    versions: versions.map(toVersion),
  };
}
