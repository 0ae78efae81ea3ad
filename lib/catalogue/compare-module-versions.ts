import { AppError } from "@/lib/errors/app-error";
import type { ModuleVersionSummary, VersionComparison } from "./catalogue-views";
import type { ChangelogEntry } from "@/lib/modules/changelog";
import { diffModuleDocs } from "@/lib/modules/diff-module-docs";
import { compareSemver, parseSemver } from "@/lib/modules/semver";
import type { ModuleDocs } from "@/lib/modules/module-docs";
import { findModuleVersions, normalizeVersion } from "./get-module-detail";
import type { CatalogueDeps, ModuleRef } from "./ports";

export interface CompareModuleVersionsOptions extends ModuleRef {
  from: string;
  to: string;
}

/**
 * What changed between two versions of a module: inputs, outputs and providers added,
 * removed or changed, whether that breaks callers, and the changelog entries in between.
 */
export async function compareModuleVersions(deps: Pick<CatalogueDeps, "reader">, options: CompareModuleVersionsOptions): Promise<VersionComparison> {
  const { module, versions } = await findModuleVersions(deps, options);
  const find = (text: string): ModuleVersionSummary => {
    const version = normalizeVersion(text);
    const found = versions.find((v) => v.version === version);
    if (!found) throw new AppError("NOT_FOUND", `Version ${text} of ${module.name} is not in the catalogue`);
    return found;
  };
  const from = find(options.from);
  const to = find(options.to);
  const { docs, changelogs } = await deps.reader.readComparison({ moduleId: module.id, versionIds: [from.id, to.id] });
  const docsOf = (version: ModuleVersionSummary): ModuleDocs => {
    const found = docs.get(version.id);
    if (!found) throw new AppError("NOT_FOUND", `Version ${version.version} of ${module.name} is not in the catalogue`);
    return found;
  };
  return buildVersionComparison({ from, to, fromDocs: docsOf(from), toDocs: docsOf(to), changelogs });
}

export interface BuildVersionComparisonOptions {
  from: ModuleVersionSummary;
  to: ModuleVersionSummary;
  fromDocs: ModuleDocs;
  toDocs: ModuleDocs;
  /** Each version's own CHANGELOG section, as stored with its docs. */
  changelogs: Array<{ version: string; changelog: string | null }>;
}

/** The pure part of {@link compareModuleVersions}. */
export function buildVersionComparison({ from, to, fromDocs, toDocs, changelogs }: BuildVersionComparisonOptions): VersionComparison {
  const order = compareVersionText(from.version, to.version);
  const [older, newer] = order <= 0 ? [from.version, to.version] : [to.version, from.version];
  const changelog = changelogs
    .filter((c) => c.changelog && compareVersionText(c.version, older) > 0 && compareVersionText(c.version, newer) <= 0)
    .sort((a, b) => compareVersionText(b.version, a.version))
    .map((c) => toEntry(c.version, c.changelog as string));
  return {
    from,
    to,
    direction: order < 0 ? "upgrade" : order > 0 ? "downgrade" : "same",
    diff: diffModuleDocs(fromDocs, toDocs),
    changelog,
  };
}

/** The version before `version` in a newest-first list, for the default "previous → this" comparison. */
export function findPreviousVersion<T extends { version: string; status: string }>(versionsNewestFirst: T[], version: string): T | null {
  const index = versionsNewestFirst.findIndex((v) => v.version === version);
  if (index < 0) return null;
  return versionsNewestFirst.slice(index + 1).find((v) => v.status !== "withdrawn") ?? versionsNewestFirst[index + 1] ?? null;
}

function compareVersionText(a: string, b: string): number {
  const pa = parseSemver(a);
  const pb = parseSemver(b);
  if (pa && pb) return compareSemver(pa, pb);
  return a.localeCompare(b);
}

function toEntry(version: string, markdown: string): ChangelogEntry {
  const trimmed = markdown.trim();
  const firstLine = trimmed.split("\n", 1)[0] ?? "";
  const heading = /^#{1,6}\s/.test(firstLine) ? firstLine.replace(/^#{1,6}\s+/, "").replace(/\s*#*\s*$/, "") : version;
  return { version, heading, markdown: trimmed };
}
