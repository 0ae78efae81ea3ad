import { isSafeRepoPath } from "./repo-path";

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  /** e.g. `rc.1`; null for a release. */
  prerelease: string | null;
}

export interface ParsedModuleTag {
  /** The module name for monorepo tags (`vpc/v1.2.3` → `vpc`); absent for one-module repos. */
  module?: string;
  /** The version without a `v` prefix, e.g. `1.2.3-rc.1`. */
  version: string;
  semver: Semver;
}

export type ModuleTagLayout = { kind: "repo" } | { kind: "monorepo"; modulesDir: string };

export type BumpKind = "major" | "minor" | "patch" | "none";

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses `1.2.3`, `v1.2.3`, `1.2.3-rc.1` (build metadata is accepted and dropped); null if not semver. */
export function parseSemver(text: string): Semver | null {
  const match = SEMVER.exec(text.trim());
  if (!match) return null;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ?? null,
  };
}

/** The canonical text of a version: `1.2.3` or `1.2.3-rc.1`. */
export function formatSemver(version: Semver): string {
  const core = `${version.major}.${version.minor}.${version.patch}`;
  return version.prerelease ? `${core}-${version.prerelease}` : core;
}

/**
 * Reads a git tag as a module version. One-module repos use `v1.2.3` or `1.2.3`;
 * monorepos use `<module>/v1.2.3` or `<module>/1.2.3`, optionally written with the
 * modules folder in front (`modules/vpc/v1.2.3`). Returns null for tags that are
 * not module versions, or whose prefix is not a safe folder path (so a sync skips them).
 */
export function parseModuleTag(tag: string, layout: ModuleTagLayout): ParsedModuleTag | null {
  const name = tag.trim().replace(/^refs\/tags\//, "");
  if (layout.kind === "repo") {
    const semver = parseSemver(name);
    return semver ? { version: formatSemver(semver), semver } : null;
  }
  const slash = name.lastIndexOf("/");
  if (slash <= 0) return null;
  const prefix = name.slice(0, slash);
  const semver = parseSemver(name.slice(slash + 1));
  if (!semver) return null;
  const modulesDir = layout.modulesDir.replace(/^\.?\/+/, "").replace(/\/+$/, "");
  const moduleName = modulesDir && prefix.startsWith(`${modulesDir}/`) ? prefix.slice(modulesDir.length + 1) : prefix;
  // The prefix names a folder and goes into source URLs: only safe folder names (a tag like
  // `a?ref=x/v1.0.0` or `../x/v1.0.0` is not a module version).
  if (moduleName === "" || !isSafeRepoPath(prefix)) return null;
  return { module: moduleName, version: formatSemver(semver), semver };
}

/** Semver precedence: negative if a < b, 0 if equal, positive if a > b. Accepts text or parsed versions. */
export function compareSemver(a: Semver | string, b: Semver | string): number {
  const left = toSemver(a);
  const right = toSemver(b);
  const core = left.major - right.major || left.minor - right.minor || left.patch - right.patch;
  if (core !== 0) return Math.sign(core);
  return comparePrerelease(left.prerelease, right.prerelease);
}

/**
 * Which part changed between two versions: the first of major, minor, patch that
 * differs. Versions that differ only in prerelease count as "patch"; equal ones as "none".
 */
export function classifyBump(from: Semver | string, to: Semver | string): BumpKind {
  const left = toSemver(from);
  const right = toSemver(to);
  if (left.major !== right.major) return "major";
  if (left.minor !== right.minor) return "minor";
  if (left.patch !== right.patch) return "patch";
  return left.prerelease === right.prerelease ? "none" : "patch";
}

function toSemver(value: Semver | string): Semver {
  if (typeof value !== "string") return value;
  const parsed = parseSemver(value);
  if (!parsed) throw new Error(`Not a semantic version: ${value}`);
  return parsed;
}

function comparePrerelease(a: string | null, b: string | null): number {
  if (a === b) return 0;
  // A release ranks above any of its prereleases.
  if (a === null) return 1;
  if (b === null) return -1;
  const left = a.split(".");
  const right = b.split(".");
  for (let k = 0; k < Math.max(left.length, right.length); k++) {
    const x = left[k];
    const y = right[k];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return Math.sign(diff);
    } else if (xNumeric !== yNumeric) {
      return xNumeric ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
