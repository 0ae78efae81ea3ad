/** Shared vocabulary for the Terraform modules the GitHub emulator seeds. */

export type ModuleCategory =
  | "networking"
  | "storage"
  | "security"
  | "compute"
  | "database"
  | "messaging"
  | "observability";

/** Keep a Changelog sections, in the order the spec lists them. */
export interface ChangelogEntry {
  added?: string[];
  changed?: string[];
  deprecated?: string[];
  removed?: string[];
  fixed?: string[];
  security?: string[];
}

export interface ModuleVersionSpec {
  version: string;
  /** Days before the seed's anchor date when this version was tagged. */
  daysAgo: number;
  /** Commit subject of the release commit. */
  summary: string;
  changes: ChangelogEntry;
}

export type FileContent = string | Uint8Array;

/** Files keyed by path relative to the module root. */
export type ModuleFiles = Record<string, FileContent>;

export interface RenderContext {
  version: string;
  /** The consumable source address of this module at this version (`git::https://...?ref=<tag>`). */
  source: string;
  /** The `<org>/<repo>` that holds the module. */
  repo: string;
}

export interface ModuleDefinition {
  name: string;
  category: ModuleCategory;
  description: string;
  /** Oldest first. */
  versions: ModuleVersionSpec[];
  /** Every file of the module at one version, except CHANGELOG.md, which the seed derives from `versions`. */
  renderFiles(context: RenderContext): ModuleFiles;
  /** Versions whose HCL is broken on purpose, so that sync errors can be demonstrated. */
  brokenVersions?: string[];
}

/** Compares two `X.Y.Z` versions numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Version gate for templates: `since("1.1.0")` is true from 1.1.0 on. */
export function versionGate(version: string): { since: (v: string) => boolean; before: (v: string) => boolean } {
  return {
    since: (v) => compareVersions(version, v) >= 0,
    before: (v) => compareVersions(version, v) < 0,
  };
}

/** Joins HCL or markdown blocks with one blank line, dropping the ones a version gate switched off. */
export function joinBlocks(...parts: Array<string | false | null | undefined>): string {
  return (
    parts
      .filter((p): p is string => typeof p === "string" && p.trim() !== "")
      .map((p) => p.replace(/^\n+|\s+$/g, ""))
      .join("\n\n") + "\n"
  );
}
