import type { ChangelogEntry } from "@/lib/modules/changelog";
import type { ModuleDocsDiff } from "@/lib/modules/diff-module-docs";
import type { DocsError, ModuleDocs } from "@/lib/modules/module-docs";
import type { SearchSort } from "./search-modules-params";

/*
 * What the catalogue's read side returns: the shapes pages, the JSON API and client
 * components render. Client components import them with `import type`, never copy them.
 */

export type VersionStatus = "active" | "deprecated" | "withdrawn";

/** One module in the search results, as a catalogue card shows it. */
export interface ModuleSearchHit {
  id: string;
  name: string;
  /** `owner/repo` of the module source. */
  source: string;
  owner: string;
  repo: string;
  provider: string;
  category: string | null;
  description: string;
  latestVersion: string;
  status: "active" | "deprecated";
  /** ISO timestamp. */
  updatedAt: string;
  /** Versions a builder can pick (withdrawn ones are not counted). */
  versionCount: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

/** Counts per value over the text query and status, ignoring the provider, category and source filters. */
export interface ModuleFacets {
  providers: FacetValue[];
  categories: FacetValue[];
  sources: FacetValue[];
}

export interface SearchModulesResult {
  items: ModuleSearchHit[];
  total: number;
  page: number;
  pageSize: number;
  /** The sort that was applied (relevance falls back to name without a query). */
  sort: SearchSort;
  facets: ModuleFacets;
  /** True when no module at all has a usable version yet, whatever the filters. */
  catalogueEmpty: boolean;
}

/** One version in a module's version list (without its docs). */
export interface ModuleVersionSummary {
  id: string;
  version: string;
  tag: string;
  status: VersionStatus;
  statusReason: string | null;
  /** ISO timestamp; set when a version is flagged vulnerable. */
  upgradeDeadline: string | null;
  /** Extraction failed for part of this version's HCL. */
  hasErrors: boolean;
  prerelease: boolean;
  /** ISO timestamp of the tag's commit, when known. */
  publishedAt: string | null;
}

/** A module version a user can pick in a form (scaffold, promotion). */
export type VersionOption = Pick<ModuleVersionSummary, "id" | "version" | "status">;

/** A catalogue module as its page heads it. */
export interface ModuleInfo {
  id: string;
  name: string;
  /** Folder inside the repo; "" for the repo root. */
  path: string;
  provider: string;
  category: string | null;
  description: string;
  status: "active" | "deprecated";
  latestVersion: string | null;
  source: { owner: string; repo: string; layout: "repo" | "monorepo" };
}

export interface ModuleDetail {
  module: ModuleInfo;
  /** Every version, newest first. */
  versions: ModuleVersionSummary[];
  /** The version shown when none is asked for. */
  defaultVersion: string;
  selected: ModuleVersionSummary & { commitSha: string; docs: ModuleDocs; errors: DocsError[] };
}

export interface VersionComparison {
  from: ModuleVersionSummary;
  to: ModuleVersionSummary;
  /** "downgrade" when `from` is newer than `to`: the diff still reads from → to. */
  direction: "upgrade" | "downgrade" | "same";
  diff: ModuleDocsDiff;
  /** Changelog sections of the versions between the two (the older one excluded), newest first. */
  changelog: ChangelogEntry[];
}

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
  status: VersionStatus;
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
