import { isAppError } from "@/lib/errors/app-error";
import type { ModuleReference } from "./find-module-references";
import { PUBLIC_REGISTRY_HOST } from "./normalize-module-source";
import { findNewestSatisfying, parseVersionConstraint } from "./parse-version-constraint";
import type { VersionStatus } from "./types";

export interface CatalogueModuleVersion {
  id: string;
  /** Canonical semver, e.g. `1.4.0`. */
  version: string;
  /** The git tag, e.g. `v1.4.0` or `vpc/v1.4.0`. */
  tag: string;
  status: VersionStatus;
}

/** A catalogue module as the matcher needs it. */
export interface CatalogueModule {
  id: string;
  name: string;
  /** Terraform provider of the registry address, e.g. `aws`. */
  provider: string;
  source: { owner: string; repo: string };
  /** Folder in the source repo; "" for the repo root. */
  path: string;
  layout: "repo" | "monorepo";
  versions: CatalogueModuleVersion[];
}

export interface MatchedModule {
  id: string;
  name: string;
  /** Folder below the module's own (`modules/vpc-endpoints`), "" for the module itself. */
  submodule: string;
}

export type ReferenceMatch =
  /** The unit runs this catalogue version: by exact tag, or the newest the constraint allows (what `terraform init` picks). */
  | { kind: "version"; module: MatchedModule; version: CatalogueModuleVersion; via: "tag" | "constraint"; constraint: string | null }
  /** A catalogue module, but no version of it can be named. */
  | { kind: "module"; module: MatchedModule; problem: "unknown_ref" | "unpinned" | "invalid_constraint" | "no_version_satisfies"; detail: string }
  /** Not a catalogue module: bring-your-own IaC. */
  | { kind: "bring_your_own"; source: string }
  | { kind: "local"; path: string }
  | { kind: "unresolved"; expressions: string[] };

export interface CatalogueIndex {
  byRepo: Map<string, CatalogueModule[]>;
  byRegistryAddress: Map<string, CatalogueModule>;
  gitHosts: Set<string> | null;
}

export interface IndexCatalogueOptions {
  /** When given, only git sources on these hosts (e.g. `github.com`, a GHES host) can match; otherwise any host. */
  gitHosts?: readonly string[];
}

/**
 * Indexes catalogue modules for matching. Registry addresses follow the portal's registry
 * (`<owner>/<name>/<provider>`); when two modules share one, the first in `modules` wins, so pass
 * them oldest first as the registry resolves them.
 */
export function indexCatalogue(modules: readonly CatalogueModule[], options: IndexCatalogueOptions = {}): CatalogueIndex {
  const byRepo = new Map<string, CatalogueModule[]>();
  const byRegistryAddress = new Map<string, CatalogueModule>();
  for (const catalogueModule of modules) {
    const repoKey = `${catalogueModule.source.owner}/${catalogueModule.source.repo}`.toLowerCase();
    byRepo.set(repoKey, [...(byRepo.get(repoKey) ?? []), catalogueModule]);
    const address = `${catalogueModule.source.owner}/${catalogueModule.name}/${catalogueModule.provider}`.toLowerCase();
    if (!byRegistryAddress.has(address)) byRegistryAddress.set(address, catalogueModule);
  }
  return { byRepo, byRegistryAddress, gitHosts: options.gitHosts ? new Set(options.gitHosts.map((h) => h.toLowerCase())) : null };
}

type MatchableReference = Pick<ModuleReference, "normalized" | "ref" | "versionConstraint" | "unresolved" | "source" | "resolvedSource">;

/**
 * Maps a module reference to the catalogue: a git source to the module whose repo and folder hold
 * it and the version whose tag is its ref (prefixed monorepo tags included); a registry address
 * (the portal's, or the public registry's `terraform-<provider>-<name>` repo convention) to the
 * newest version its constraint allows. Anything else is bring-your-own IaC.
 */
export function matchReference(reference: MatchableReference, index: CatalogueIndex): ReferenceMatch {
  const normalized = reference.normalized;
  if (!normalized) return { kind: "unresolved", expressions: reference.unresolved?.expressions ?? [] };
  const byo: ReferenceMatch = { kind: "bring_your_own", source: reference.resolvedSource ?? reference.source };
  switch (normalized.type) {
    case "local":
      return { kind: "local", path: normalized.path };
    case "other":
      return byo;
    case "git": {
      if (!normalized.owner || !normalized.repo) return byo;
      if (index.gitHosts && !index.gitHosts.has(normalized.host)) return byo;
      const found = findByFolder(index.byRepo.get(`${normalized.owner}/${normalized.repo}`.toLowerCase()) ?? [], normalized.path);
      return found ? matchTag(found.module, found.submodule, reference.ref) : byo;
    }
    case "registry": {
      const address = `${normalized.namespace}/${normalized.name}/${normalized.provider}`.toLowerCase();
      let catalogueModule: CatalogueModule | undefined;
      if (normalized.portal) {
        catalogueModule = index.byRegistryAddress.get(address);
      } else if (normalized.host === PUBLIC_REGISTRY_HOST) {
        // The public registry publishes `<ns>/<name>/<provider>` from github.com/<ns>/terraform-<provider>-<name>.
        const repoKey = `${normalized.namespace}/terraform-${normalized.provider}-${normalized.name}`.toLowerCase();
        catalogueModule = (index.byRepo.get(repoKey) ?? []).find((m) => m.path === "");
      }
      return catalogueModule ? matchConstraint(catalogueModule, normalized.path, reference.versionConstraint) : byo;
    }
  }
}

/** The module whose folder is the source's folder or the nearest one above it (a submodule). */
function findByFolder(modules: CatalogueModule[], path: string): { module: CatalogueModule; submodule: string } | null {
  let best: { module: CatalogueModule; submodule: string } | null = null;
  for (const candidate of modules) {
    const folder = candidate.path.replace(/^\.?\/+|\/+$/g, "").replace(/^\.$/, "");
    const inside = folder === "" || path === folder || path.startsWith(`${folder}/`);
    if (!inside) continue;
    if (!best || folder.length > best.module.path.length) {
      best = { module: candidate, submodule: folder === "" ? path : path.slice(folder.length).replace(/^\//, "") };
    }
  }
  return best;
}

function matchTag(catalogueModule: CatalogueModule, submodule: string, ref: string | null): ReferenceMatch {
  const matched = { id: catalogueModule.id, name: catalogueModule.name, submodule };
  if (ref === null) return { kind: "module", module: matched, problem: "unpinned", detail: "The source has no ?ref=: it follows the default branch" };
  const tag = ref.replace(/^refs\/tags\//, "");
  const version = catalogueModule.versions.find((v) => v.tag === tag);
  if (version) return { kind: "version", module: matched, version, via: "tag", constraint: null };
  return { kind: "module", module: matched, problem: "unknown_ref", detail: `"${ref}" is not a tag the catalogue lists for ${catalogueModule.name} (a branch, a commit or an unknown tag)` };
}

function matchConstraint(catalogueModule: CatalogueModule, submodule: string, constraint: string | null): ReferenceMatch {
  const matched = { id: catalogueModule.id, name: catalogueModule.name, submodule };
  // Withdrawn versions are gone from the registry, so `terraform init` can no longer pick them.
  const available = catalogueModule.versions.filter((v) => v.status !== "withdrawn");
  let parsed;
  try {
    parsed = parseVersionConstraint(constraint ?? ">= 0.0.0");
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { kind: "module", module: matched, problem: "invalid_constraint", detail: error.message };
  }
  const version = findNewestSatisfying(available, parsed);
  if (!version) return { kind: "module", module: matched, problem: "no_version_satisfies", detail: `No catalogue version of ${catalogueModule.name} satisfies "${parsed.text}"` };
  return { kind: "version", module: matched, version, via: "constraint", constraint };
}
