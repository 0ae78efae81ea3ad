import type { AuditActor } from "../platform/audit";
import type { DocsError, ModuleDocs, ModuleFile } from "./core/types";

/** A GitHub repository, named as the catalogue stores it. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** What the App can tell about a repo: enough to validate a new source. */
export interface RepoInfo {
  owner: string;
  repo: string;
  defaultBranch: string;
  description: string | null;
  private: boolean;
}

/**
 * One git tag of a source repo. Commit dates are not listed here on purpose: a re-sync
 * only lists names, and reads the commit (with its date) for new tags only.
 */
export interface SourceTag {
  name: string;
  /** The object the tag ref points at: the commit itself, or an annotated tag object. */
  targetSha: string;
  targetType: "commit" | "tag";
}

/** A file the reader left out, so an admin can see why it is missing from the docs. */
export interface SkippedFile {
  path: string;
  reason: "too-large" | "binary" | "unsupported";
}

/** A module folder's files at one tag. */
export interface ModuleSnapshot {
  commitSha: string;
  committedAt: Date | null;
  /** Paths relative to the module folder. */
  files: ModuleFile[];
  skipped: SkippedFile[];
}

/**
 * Reads module repos from the code host. The production adapter is the GitHub App
 * installation (`adapters/github-module-source.ts`); tests use in-memory fakes.
 * Errors are AppErrors: NOT_FOUND when the repo, tag or folder is missing or the App
 * cannot see it, UPSTREAM_FAILED when the host fails or rate-limits.
 */
export interface ModuleSource {
  /** Repo metadata; NOT_FOUND when the App is not installed on it or cannot see it. */
  describeRepo(ref: RepoRef): Promise<RepoInfo>;
  /** Every tag of the repo (names and targets only, so it stays cheap on a large repo). */
  listTags(ref: RepoRef): Promise<SourceTag[]>;
  /**
   * The files of the folder `path` ("" = repo root) at `tag`, recursively: text files
   * only, each capped in size. NOT_FOUND when the folder does not exist at that tag.
   */
  readModuleAtTag(options: { ref: RepoRef; tag: SourceTag; path: string }): Promise<ModuleSnapshot>;
}

export type SourceLayout = "repo" | "monorepo";
export type SyncTrigger = "webhook" | "schedule" | "manual" | "startup";
export type VersionStatus = "active" | "deprecated" | "withdrawn";

export interface StoredSource extends RepoRef {
  id: string;
  layout: SourceLayout;
  modulesDir: string;
  enabled: boolean;
  lastSyncedAt: Date | null;
}

/** A version the catalogue already holds; its tag is never parsed again. */
export interface KnownVersion {
  id: string;
  moduleId: string;
  moduleName: string;
  version: string;
  tag: string;
  status: VersionStatus;
}

export interface NewModuleVersion {
  moduleId: string;
  version: string;
  tag: string;
  commitSha: string;
  major: number;
  minor: number;
  patch: number;
  prerelease: string | null;
  docs: ModuleDocs;
  errors: DocsError[];
  publishedAt: Date | null;
}

/** What the catalogue list shows for a module, recomputed after each sync. */
export interface ModuleSummary {
  latestVersion: string | null;
  description: string;
  searchText: string;
  category: string | null;
  provider: string;
}

export interface ModuleVersionRow {
  version: string;
  status: VersionStatus;
  prerelease: string | null;
  major: number;
  minor: number;
  patch: number;
}

export interface SyncCounts {
  tagsSeen: number;
  versionsIngested: number;
  versionsWithdrawn: number;
  versionsFailed: number;
}

/**
 * The catalogue's storage, as the sync needs it. The Prisma adapter is
 * `adapters/prisma-catalogue-store.ts`; each write is its own small transaction so a
 * crash mid-sync keeps what was already ingested.
 */
export interface CatalogueStore {
  getSource(id: string): Promise<StoredSource | null>;
  /** Case-insensitive, as GitHub names are. */
  findSourceByRepo(ref: RepoRef): Promise<StoredSource | null>;
  listSources(): Promise<StoredSource[]>;
  /**
   * Runs `fn` while holding an exclusive per-source lock, or returns null at once when
   * another sync of the source holds it (so concurrent syncs coalesce).
   */
  withSourceLock<T>(sourceId: string, fn: () => Promise<T>): Promise<T | null>;
  startSyncRun(options: { sourceId: string; trigger: SyncTrigger }): Promise<{ id: string }>;
  /** Closes the run, stamps the source's last sync and writes the `catalogue.sync` audit event. */
  finishSyncRun(options: {
    runId: string;
    sourceId: string;
    status: "succeeded" | "failed";
    counts: SyncCounts;
    error: string | null;
    actor: AuditActor;
  }): Promise<void>;
  listKnownVersions(sourceId: string): Promise<KnownVersion[]>;
  /** The module's id, creating it (unique per source and name) when new. */
  ensureModule(options: { sourceId: string; name: string; path: string; provider: string }): Promise<{ id: string }>;
  /** False when the version already existed (a concurrent sync won the race): nothing is overwritten. */
  insertVersion(version: NewModuleVersion): Promise<boolean>;
  setVersionsStatus(options: { ids: string[]; status: VersionStatus; reason: string | null }): Promise<void>;
  listModuleVersions(moduleId: string): Promise<ModuleVersionRow[]>;
  getVersionDocs(options: { moduleId: string; version: string }): Promise<ModuleDocs | null>;
  updateModuleSummary(moduleId: string, summary: ModuleSummary): Promise<void>;
  /** Modules whose summary may lag their versions, e.g. after a sync stopped between ingest and summary. */
  listStaleModules(sourceId: string): Promise<Array<{ id: string; name: string }>>;
}
