import type { AuditActor } from "@/lib/platform/audit";
import type { JobQueue } from "@/lib/platform/jobs/job-queue";
import type {
  AdvisorySeverity,
  CatalogueAdminView,
  ModuleConsumer,
  ModuleFacets,
  ModuleInfo,
  ModuleSearchHit,
  ModuleVersionSummary,
  OwnersOrigin,
  VersionStatus,
} from "./catalogue-views";
import type { DocsError, ModuleDocs, ModuleFile } from "@/lib/modules/module-docs";
import type { SearchSort } from "./search-modules-params";
import type { ModuleStatusFilter } from "./version-status-params";

/*
 * What the catalogue's use cases need from the outside world. Adapters in ./adapters implement
 * these on Prisma and the GitHub App (`getCatalogueDeps()` wires them for the app); tests pass
 * in-memory fakes.
 */

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
  /** The commit a tag points at (annotated tags followed) and its date: a version's release date. */
  readTagCommit(options: { ref: RepoRef; tag: SourceTag }): Promise<{ commitSha: string; committedAt: Date | null }>;
  /**
   * The CODEOWNERS file on the default branch, from the first of `.github/`, the root and `docs/`
   * that has one (GitHub's order); null when there is none, or the repo is empty.
   */
  readCodeOwners(ref: RepoRef): Promise<{ path: string; content: string } | null>;
}

export type SourceLayout = "repo" | "monorepo";
export type SyncTrigger = "webhook" | "schedule" | "manual" | "startup";

export interface StoredSource extends RepoRef {
  id: string;
  layout: SourceLayout;
  modulesDir: string;
  enabled: boolean;
  lastSyncedAt: Date | null;
  /** Owners for modules that CODEOWNERS leaves without one. */
  defaultOwners: string[];
}

/** A source to add; owner and repo as GitHub spells them. */
export interface NewSource extends RepoRef {
  layout: SourceLayout;
  /** "" for a repo-per-module source. */
  modulesDir: string;
  defaultOwners: string[];
}

/** A version the catalogue already holds; its tag is never parsed again. */
export interface KnownVersion {
  id: string;
  moduleId: string;
  moduleName: string;
  version: string;
  tag: string;
  status: VersionStatus;
  /** False for versions ingested before release dates were read: the sync fills them in. */
  hasPublishedAt: boolean;
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

/**
 * The fields of a module derived from its versions after each sync: what the catalogue
 * list and its full-text index read without opening any version's docs.
 */
export interface DerivedModuleFields {
  latestVersion: string | null;
  description: string;
  searchText: string;
  /** Input and output names, ranked above the description and README. */
  keywords: string;
  category: string | null;
  provider: string;
  /** `deprecated` when versions are listed but none of them is active. */
  status: "active" | "deprecated";
  /** Listed (not withdrawn) versions, and how many of them are deprecated or vulnerable. */
  versionCount: number;
  deprecatedCount: number;
  vulnerableCount: number;
  /** The derivation rules these were computed with; rows with an older one are re-derived. */
  derivedVersion: number;
}

/** A module of a source with the owners its last sync gave it. */
export interface SourceModule {
  id: string;
  name: string;
  /** Folder inside the repo; "" for the repo root. */
  path: string;
  owners: string[];
  ownersOrigin: OwnersOrigin | null;
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

/** A version's status as an admin sets it; also the audit record's before and after. */
export interface VersionStatusState {
  status: VersionStatus;
  /** Why it is deprecated, or a vulnerable version's advisory text. */
  statusReason: string | null;
  upgradeDeadline: Date | null;
  severity: AdvisorySeverity | null;
  /** https only. */
  advisoryUrl: string | null;
  /** The first version that fixes the vulnerability. */
  fixedIn: string | null;
}

/**
 * The catalogue's storage: what the sync and the admin actions write. The Prisma adapter is
 * `adapters/prisma-catalogue-store.ts`. Each sync write is its own small transaction so a
 * crash mid-sync keeps what was already ingested; each admin change commits together with
 * its audit event.
 */
export interface CatalogueStore {
  getSource(id: string): Promise<StoredSource | null>;
  /** Case-insensitive, as GitHub names are. */
  findSourceByRepo(ref: RepoRef): Promise<StoredSource | null>;
  listSources(): Promise<StoredSource[]>;
  /**
   * Adds a source and audits `catalogue.source.create` in one transaction. Null when the repo
   * is already a source (compared case-insensitively), so a race of two admins cannot add it twice.
   */
  createSource(options: { source: NewSource; actor: AuditActor }): Promise<StoredSource | null>;
  /** Switches a source's sync on or off, audited as `catalogue.source.update` when it changes. */
  setSourceEnabled(options: { sourceId: string; enabled: boolean; actor: AuditActor }): Promise<"updated" | "unchanged" | "not-found">;
  /** Sets a source's default owners, audited as `catalogue.source.update` when they change. */
  setSourceDefaultOwners(options: { sourceId: string; owners: string[]; actor: AuditActor }): Promise<"updated" | "unchanged" | "not-found">;
  /**
   * Changes one version's status in one transaction: `decide` gets the current state and the
   * module's other versions, and returns the new state (or throws to refuse); the module's
   * latest version, status and version counts are recomputed, and `action` is audited with
   * before and after. False when there is no such version.
   */
  changeVersionStatus(options: {
    versionId: string;
    action: string;
    actor: AuditActor;
    decide: (current: VersionStatusState & { version: string; siblings: string[] }) => VersionStatusState;
  }): Promise<boolean>;
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
  /**
   * Stores new versions in one statement and returns the `<moduleId>@<version>` keys it inserted.
   * A version that already exists (a concurrent sync won the race) is skipped: nothing is overwritten.
   */
  insertVersions(versions: NewModuleVersion[]): Promise<Set<string>>;
  /**
   * The sync's status changes (a deleted tag withdraws its version, a tag back restores it), in
   * one transaction with one audit event per version, `catalogue.version.<withdraw|restore>`.
   */
  setVersionsStatus(options: { ids: string[]; status: "active" | "withdrawn"; reason: string | null; actor: AuditActor }): Promise<void>;
  /** Fills in the release date of a version ingested before it was read. */
  setPublishedAt(options: { versionId: string; publishedAt: Date }): Promise<void>;
  /** The versions of each module, in one read; a module without versions maps to `[]`. */
  listModuleVersions(moduleIds: string[]): Promise<Map<string, ModuleVersionRow[]>>;
  getVersionDocs(options: { moduleId: string; version: string }): Promise<ModuleDocs | null>;
  /**
   * Writes the derived fields of several modules in one statement. A module's `updatedAt` moves
   * only when its latest version, version count or status changed.
   */
  saveDerivedFields(changes: Array<{ moduleId: string; fields: DerivedModuleFields }>): Promise<void>;
  /**
   * Modules whose derived fields may lag their versions (a sync stopped between ingest and
   * update) or were derived by rules older than `derivedVersion`.
   */
  listStaleModules(options: { sourceId: string; derivedVersion: number }): Promise<Array<{ id: string; name: string }>>;
  listSourceModules(sourceId: string): Promise<SourceModule[]>;
  /** Writes the owners of modules whose owners changed. */
  saveModuleOwners(changes: Array<{ moduleId: string; owners: string[]; ownersOrigin: OwnersOrigin | null }>): Promise<void>;
}

/** A module's address in the portal: `/catalogue/<owner>/<repo>/<module>`. */
export interface ModuleRef {
  owner: string;
  repo: string;
  module: string;
}

/** A module's address in the Terraform registry protocol: `<namespace>/<name>/<provider>`. */
export interface RegistryAddress {
  /** The source repo's owner, e.g. `acme-platform`. */
  namespace: string;
  name: string;
  provider: string;
}

/** What a search asks the reader for; built from a validated query by `searchModules`. */
export interface ModuleSearchCriteria {
  /** A `to_tsquery('simple', …)` text from `buildPrefixTsQuery`, or null for no text filter. */
  tsQuery: string | null;
  /** The query text trimmed and lowercased: a module with exactly this name ranks first. */
  exactName: string;
  /** `deprecated`/`vulnerable`: modules with at least one such listed version; `active`: with none. */
  status?: ModuleStatusFilter;
  provider?: string;
  category?: string;
  /** Modules whose owners include this one, e.g. `@acme-platform/networking`. */
  owner?: string;
  /** Only modules of this source; an `owner` alone (no `/` in the filter) matches nothing. */
  source?: RepoRef;
  sort: SearchSort;
  limit: number;
  offset: number;
}

/** One page of search hits, the total of the filtered set and the facet counts. */
export interface ModuleSearchPage {
  items: ModuleSearchHit[];
  /** Also counted past the last page. */
  total: number;
  facets: ModuleFacets;
  /** True when no module at all has a usable version yet, whatever the filters. */
  catalogueEmpty: boolean;
}

/** One version's content: its commit, its docs and the errors stored with them. */
export interface VersionContent {
  commitSha: string;
  docs: ModuleDocs;
  /** Errors stored in their own column (the docs carry their own `errors` too). */
  storedErrors: DocsError[];
}

/** One version as the registry protocol needs it: enough to leave it out or mark it. */
export interface RegistryVersion {
  version: string;
  tag: string;
  status: VersionStatus;
  /** Stored with parse errors: left out of the registry, since Terraform could not use it. */
  hasErrors: boolean;
  statusReason: string | null;
  severity: AdvisorySeverity | null;
  advisoryUrl: string | null;
  fixedIn: string | null;
  upgradeDeadline: Date | null;
}

/** A module as the registry protocol serves it, with every version (withdrawn and broken ones included). */
export interface RegistryModule {
  id: string;
  /** Folder inside the repo; "" for the repo root. */
  path: string;
  source: RepoRef;
  versions: RegistryVersion[];
}

/**
 * The catalogue's read models for pages, the JSON API and the registry protocol. The Prisma
 * adapter is `adapters/prisma-catalogue-reader.ts`; stored docs become `ModuleDocs` there,
 * through the one mapper `reshapeModuleDocs`.
 */
export interface CatalogueReader {
  /**
   * Full-text prefix search over each module's stored search vector (name, description,
   * input names, README), with filters, sort and one page, plus facet counts. Only modules
   * with at least one usable version are listed.
   */
  searchModules(criteria: ModuleSearchCriteria): Promise<ModuleSearchPage>;
  /** A module and its versions (any order, without docs); null when unknown. */
  findModule(ref: ModuleRef): Promise<{ module: ModuleInfo; versions: ModuleVersionSummary[] } | null>;
  /** One version's commit, docs and stored errors; null when unknown. */
  getVersionContent(versionId: string): Promise<VersionContent | null>;
  /**
   * In one read: the docs of `versionIds` (other versions' docs are never loaded) and the
   * changelog section each version of the module stored with its docs.
   */
  readComparison(options: { moduleId: string; versionIds: string[] }): Promise<{
    docs: Map<string, ModuleDocs>;
    changelogs: Array<{ version: string; changelog: string | null }>;
  }>;
  /** The admin screen: sources with counts and recent runs, broken versions, versions to deprecate. */
  getAdminView(options: { runsPerSource: number; versionLimit: number }): Promise<CatalogueAdminView>;
  /**
   * The module at a registry address: name exact, namespace (source owner) and provider
   * case-insensitive; the oldest one when several sources hold it. Null when none does.
   */
  findRegistryModule(address: RegistryAddress): Promise<RegistryModule | null>;
  /** Every unit of every workload that uses a version of the module, from the consumption records. */
  listModuleConsumers(moduleId: string): Promise<ModuleConsumer[]>;
  /**
   * A value that changes whenever a change to the searchable catalogue commits (a sync, a status
   * change, new owners), on every instance at once: search caches key on it.
   */
  getCatalogueGeneration(): Promise<string>;
}

/** Everything the catalogue use cases take; built by `getCatalogueDeps()` in the app, by hand in tests. */
export interface CatalogueDeps {
  store: CatalogueStore;
  reader: CatalogueReader;
  /**
   * A new ModuleSource. Each sync opens its own, so that its tree and blob caches live as
   * long as that sync and no longer.
   */
  openSource: () => ModuleSource;
  /** The running job queue of this process, or null when none runs here (tests, BULKHEAD_JOBS=off). */
  getJobQueue: () => Promise<JobQueue | null>;
  config: {
    /** Base of the git host (GITHUB_GIT_URL) without a trailing slash, e.g. `https://github.com`. */
    gitUrl: string;
    /**
     * The portal's host as Terraform module addresses name it (`portal.example.com`, with a port
     * when it has one), from BULKHEAD_PUBLIC_URL (else AUTH_URL); null when neither is set.
     */
    registryHost: string | null;
  };
}
