import { z } from "zod";
import type { DbTx } from "@/lib/platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";
import { compareSemver, formatSemver, parseSemver } from "./core/semver";
import { docsErrorSchema, moduleDocsSchema, type DocsError, type ModuleDocs } from "./core/types";

export const moduleRefSchema = z.object({
  owner: z.string().min(1).max(100),
  repo: z.string().min(1).max(100),
  module: z.string().min(1).max(200),
});
export type ModuleRef = z.infer<typeof moduleRefSchema>;

export interface ModuleVersionSummary {
  id: string;
  version: string;
  tag: string;
  status: "active" | "deprecated" | "withdrawn";
  statusReason: string | null;
  /** ISO timestamp; set when a version is flagged vulnerable. */
  upgradeDeadline: string | null;
  /** Extraction failed for part of this version's HCL. */
  hasErrors: boolean;
  prerelease: boolean;
  /** ISO timestamp of the tag's commit, when known. */
  publishedAt: string | null;
}

export interface ModuleDetail {
  module: {
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
  };
  /** Every version, newest first. */
  versions: ModuleVersionSummary[];
  /** The version shown when none is asked for. */
  defaultVersion: string;
  selected: ModuleVersionSummary & { commitSha: string; docs: ModuleDocs; errors: DocsError[] };
}

export interface GetModuleDetailOptions extends ModuleRef {
  /** `1.2.0` or `v1.2.0`; the default version when absent. */
  version?: string;
}

/**
 * One module with its version list and the docs of one version. Throws NOT_FOUND for an
 * unknown module or version (a version string that is not semver counts as unknown).
 */
export async function getModuleDetail(db: DbTx, options: GetModuleDetailOptions): Promise<ModuleDetail> {
  const { module, versions } = await findModuleVersions(db, options);
  const defaultVersion = pickDefaultVersion(versions);
  const wanted = options.version ? normalizeVersion(options.version) : defaultVersion.version;
  const summary = versions.find((v) => v.version === wanted);
  if (!summary) throw new AppError("NOT_FOUND", `Version ${options.version} of ${module.name} is not in the catalogue`);

  const full = await db.moduleVersion.findUniqueOrThrow({
    where: { id: summary.id },
    select: { commitSha: true, docs: true, errors: true },
  });
  const docs = readModuleDocs(full.docs);
  const storedErrors = z.array(docsErrorSchema).safeParse(full.errors);
  const errors = dedupeErrors([...docs.errors, ...(storedErrors.success ? storedErrors.data : [])]);

  return { module, versions, defaultVersion: defaultVersion.version, selected: { ...summary, commitSha: full.commitSha, docs, errors } };
}

/** A module and its versions (newest first, without docs); NOT_FOUND when unknown or without versions. */
export async function findModuleVersions(
  db: DbTx,
  options: ModuleRef,
): Promise<{ module: ModuleDetail["module"]; versions: ModuleVersionSummary[] }> {
  const ref = moduleRefSchema.parse(options);
  const row = await db.module.findFirst({
    where: { name: ref.module, source: { owner: ref.owner, repo: ref.repo } },
    include: {
      source: { select: { owner: true, repo: true, layout: true } },
      versions: {
        select: {
          id: true,
          version: true,
          tag: true,
          status: true,
          statusReason: true,
          upgradeDeadline: true,
          hasErrors: true,
          prerelease: true,
          publishedAt: true,
        },
      },
    },
  });
  if (!row || row.versions.length === 0) {
    throw new AppError("NOT_FOUND", `Module ${ref.owner}/${ref.repo}/${ref.module} is not in the catalogue`);
  }
  const versions = sortVersionsNewestFirst(
    row.versions.map((v) => ({
      id: v.id,
      version: v.version,
      tag: v.tag,
      status: v.status,
      statusReason: v.statusReason,
      upgradeDeadline: v.upgradeDeadline?.toISOString() ?? null,
      hasErrors: v.hasErrors,
      prerelease: v.prerelease !== null && v.prerelease !== "",
      publishedAt: v.publishedAt?.toISOString() ?? null,
    })),
  );
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
    },
    versions,
  };
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

const EMPTY_DOCS: ModuleDocs = {
  inputs: [],
  outputs: [],
  providers: [],
  requiredVersion: null,
  resources: [],
  modules: [],
  submodules: [],
  examples: [],
  readme: null,
  changelog: null,
  header: null,
  errors: [],
};

/** Reads stored docs defensively: a row written by an older extractor must not break the page. */
export function readModuleDocs(value: unknown): ModuleDocs {
  const parsed = moduleDocsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return {
    ...EMPTY_DOCS,
    errors: [{ file: "(stored docs)", line: null, message: "The stored docs of this version could not be read; re-sync the source." }],
  };
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
