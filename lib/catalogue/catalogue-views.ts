import type { ChangelogEntry } from "@/lib/modules/changelog";
import type { ModuleDocsDiff } from "@/lib/modules/diff-module-docs";
import type { DocsError, ModuleDocs } from "@/lib/modules/module-docs";
import type { SearchSort } from "./search-modules-params";
import type { AdvisorySeverity } from "./version-status-params";

/*
 * What the catalogue's read side returns: the shapes pages, the JSON API and client
 * components render. Client components import them with `import type`, never copy them.
 */

/**
 * A version's status. `deprecated` and `vulnerable` versions stay listed (existing users pin
 * them) and are marked; `withdrawn` ones (their tag was deleted) are not offered any more.
 */
export type VersionStatus = "active" | "deprecated" | "vulnerable" | "withdrawn";

export type { AdvisorySeverity };

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
  /** `deprecated` when no listed version is active any more. */
  status: "active" | "deprecated";
  /** ISO timestamp. */
  updatedAt: string;
  /** Versions a builder can pick (withdrawn ones are not counted). */
  versionCount: number;
  /** Of those, how many are deprecated, and how many flagged vulnerable. */
  deprecatedVersions: number;
  vulnerableVersions: number;
  /** Owning teams or people (`@org/team`), from CODEOWNERS or the source's configuration. */
  owners: string[];
}

export interface FacetValue {
  value: string;
  count: number;
}

/** Counts per value over the text query and status, ignoring the provider, category, source and owner filters. */
export interface ModuleFacets {
  providers: FacetValue[];
  categories: FacetValue[];
  sources: FacetValue[];
  owners: FacetValue[];
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
  /** Why it is deprecated, or the advisory text of a vulnerable version. */
  statusReason: string | null;
  /** ISO timestamp; set when a version is flagged vulnerable. */
  upgradeDeadline: string | null;
  /** Vulnerable versions: severity (null when it was never recorded), advisory link, fixing version. */
  severity: AdvisorySeverity | null;
  advisoryUrl: string | null;
  fixedIn: string | null;
  /** Extraction failed for part of this version's HCL. */
  hasErrors: boolean;
  prerelease: boolean;
  /** ISO timestamp of the tag's commit (its release date), when known. */
  publishedAt: string | null;
}

/** A module version a user can pick in a form (scaffold, promotion). */
export type VersionOption = Pick<ModuleVersionSummary, "id" | "version" | "status">;

/** Where module owners came from: the source repo's CODEOWNERS, or the source's configuration. */
export type OwnersOrigin = "codeowners" | "source";

/** A catalogue module as its page heads it. */
export interface ModuleInfo {
  id: string;
  name: string;
  /** Folder inside the repo; "" for the repo root. */
  path: string;
  provider: string;
  category: string | null;
  description: string;
  /** `deprecated` when no listed version is active any more. */
  status: "active" | "deprecated";
  latestVersion: string | null;
  source: { owner: string; repo: string; layout: "repo" | "monorepo" };
  owners: string[];
  ownersOrigin: OwnersOrigin | null;
}

/** One unit of a workload's consumer repo that uses a version of a module. */
export interface ModuleConsumer {
  versionId: string;
  version: string;
  workload: { slug: string; name: string };
  env: string;
  region: string;
  /** e.g. `dev/eu-west-1/vpc/terragrunt.hcl` */
  unitPath: string;
  /** How it was found: a merged scaffold PR, or a scan of the consumer repo. */
  recordedBy: string;
  /** ISO timestamp. */
  recordedAt: string;
}

/** "Used by" on a module page: every consumer, newest version first. */
export interface ModuleUsage {
  consumers: ModuleConsumer[];
  /** Consumers per version id. */
  countsByVersion: Record<string, number>;
  workloadCount: number;
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
  /** Owners given to modules that CODEOWNERS leaves without one. */
  defaultOwners: string[];
  lastSyncedAt: string | null;
  lastSyncStatus: string | null;
  lastSyncError: string | null;
  moduleCount: number;
  versionCount: number;
  recentRuns: SyncRunView[];
}

export interface AdminVersionView {
  id: string;
  /** `owner/repo` of the module source. */
  source: string;
  owner: string;
  repo: string;
  moduleName: string;
  version: string;
  tag: string;
  status: VersionStatus;
  statusReason: string | null;
  upgradeDeadline: string | null;
  severity: AdvisorySeverity | null;
  advisoryUrl: string | null;
  fixedIn: string | null;
  ingestedAt: string;
  errors: DocsError[];
}

export interface CatalogueAdminView {
  sources: ModuleSourceView[];
  /** Versions stored with parse errors, newest first. */
  brokenVersions: AdminVersionView[];
  /** Versions deprecated or flagged vulnerable, vulnerable first, then by module and newest first. */
  flaggedVersions: AdminVersionView[];
}
