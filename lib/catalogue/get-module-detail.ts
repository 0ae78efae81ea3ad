import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { ModuleDetail, ModuleInfo, ModuleVersionSummary } from "./catalogue-views";
import { compareSemver, formatSemver, parseSemver } from "@/lib/modules/semver";
import type { DocsError } from "@/lib/modules/module-docs";
import type { CatalogueDeps, ModuleRef } from "./ports";

export const moduleRefSchema = z.object({
  owner: z.string().min(1).max(100),
  repo: z.string().min(1).max(100),
  module: z.string().min(1).max(200),
});

export interface GetModuleDetailOptions extends ModuleRef {
  /** `1.2.0` or `v1.2.0`; the default version when absent. */
  version?: string;
}

/**
 * One module with its version list and the docs of one version. Throws NOT_FOUND for an
 * unknown module or version (a version string that is not semver counts as unknown).
 */
export async function getModuleDetail(deps: Pick<CatalogueDeps, "reader">, options: GetModuleDetailOptions): Promise<ModuleDetail> {
  const { module, versions } = await findModuleVersions(deps, options);
  const defaultVersion = pickDefaultVersion(versions);
  const wanted = options.version ? normalizeVersion(options.version) : defaultVersion.version;
  const summary = versions.find((v) => v.version === wanted);
  if (!summary) throw new AppError("NOT_FOUND", `Version ${options.version} of ${module.name} is not in the catalogue`);

  const content = await deps.reader.getVersionContent(summary.id);
  if (!content) throw new AppError("NOT_FOUND", `Version ${summary.version} of ${module.name} is not in the catalogue`);
  const errors = dedupeErrors([...content.docs.errors, ...content.storedErrors]);
  return { module, versions, defaultVersion: defaultVersion.version, selected: { ...summary, commitSha: content.commitSha, docs: content.docs, errors } };
}

/** A module and its versions (newest first, without docs); NOT_FOUND when unknown or without versions. */
export async function findModuleVersions(
  deps: Pick<CatalogueDeps, "reader">,
  options: ModuleRef,
): Promise<{ module: ModuleInfo; versions: ModuleVersionSummary[] }> {
  const ref = moduleRefSchema.parse(options);
  const found = await deps.reader.findModule(ref);
  if (!found || found.versions.length === 0) {
    throw new AppError("NOT_FOUND", `Module ${ref.owner}/${ref.repo}/${ref.module} is not in the catalogue`);
  }
  return { module: found.module, versions: sortVersionsNewestFirst(found.versions) };
}

/** Newest first by semver precedence; versions that do not parse sink to the end. */
export function sortVersionsNewestFirst<T extends { version: string }>(versions: T[]): T[] {
  return [...versions].sort((a, b) => {
    const pa = parseSemver(a.version);
    const pb = parseSemver(b.version);
    if (pa && pb) return compareSemver(pb, pa);
    if (pa) return -1;
    if (pb) return 1;
    return b.version.localeCompare(a.version);
  });
}

/**
 * The version a builder should get by default: the newest active release without extraction
 * errors; failing that, the newest usable one of any kind. Expects newest-first input.
 */
export function pickDefaultVersion<T extends Pick<ModuleVersionSummary, "status" | "hasErrors" | "prerelease">>(versions: T[]): T {
  const candidates = [
    (v: T) => v.status === "active" && !v.hasErrors && !v.prerelease,
    (v: T) => v.status === "active" && !v.hasErrors,
    (v: T) => v.status !== "withdrawn" && !v.hasErrors,
    (v: T) => v.status !== "withdrawn",
  ];
  for (const test of candidates) {
    const found = versions.find(test);
    if (found) return found;
  }
  const first = versions[0];
  if (!first) throw new AppError("NOT_FOUND", "The module has no versions");
  return first;
}

/** `v1.2.0` → `1.2.0`; text that is not semver is returned trimmed (and will not be found). */
export function normalizeVersion(text: string): string {
  const parsed = parseSemver(text);
  return parsed ? formatSemver(parsed) : text.trim();
}

function dedupeErrors(errors: DocsError[]): DocsError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}:${e.line}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
