import { AppError } from "@/lib/errors/app-error";
import { classifyBump, compareSemver, formatSemver, parseSemver, type BumpKind, type Semver } from "@/lib/modules/semver";

/** A version as written in a ref, tag or registry version: `v1.2.3`, `1.2.3`, `vpc/v1.2.3`, `modules/vpc/1.2.3`. */
export interface VersionTag {
  /** What precedes the last `/` (a monorepo module's tag prefix), or null for plain tags. */
  prefix: string | null;
  semver: Semver;
  /** Canonical version text without `v`, e.g. `1.2.3-rc.1`. */
  version: string;
}

/**
 * Reads a tag or version as a semantic version, with or without `v`, with or without a monorepo
 * prefix (`vpc/v1.4.0`), and with a `refs/tags/` ref written in full. Null when it is not one
 * (a branch, a commit sha).
 */
export function parseVersionTag(text: string): VersionTag | null {
  const name = text.trim().replace(/^refs\/tags\//, "");
  const slash = name.lastIndexOf("/");
  const prefix = slash >= 0 ? name.slice(0, slash) : null;
  if (prefix === "") return null;
  const semver = parseSemver(name.slice(slash + 1));
  return semver ? { prefix, semver, version: formatSemver(semver) } : null;
}

function requireVersionTag(text: string, what: string): VersionTag {
  const parsed = parseVersionTag(text);
  if (!parsed) throw new AppError("INVALID_INPUT", `The ${what} version "${text}" is not a semantic version (such as v1.2.3 or vpc/v1.2.3)`);
  return parsed;
}

function requireSameModule(a: VersionTag, b: VersionTag, from: string, to: string): void {
  // `v1.0.0` against `vpc/v1.1.0` is fine (a registry version against a tag); two different prefixes are two modules.
  if (a.prefix !== null && b.prefix !== null && a.prefix !== b.prefix) {
    throw new AppError("INVALID_INPUT", `"${from}" and "${to}" are tags of different modules`);
  }
}

/**
 * The size of an upgrade: the first of major, minor, patch that grows from `from` to `to`
 * (a prerelease to its release counts as patch). `none` when `to` is the same version or older:
 * a downgrade is not an upgrade. Throws INVALID_INPUT for non-versions and for tags of two
 * different monorepo modules.
 */
export function classifyUpgrade(from: string, to: string): BumpKind {
  const left = requireVersionTag(from, "current");
  const right = requireVersionTag(to, "target");
  requireSameModule(left, right, from, to);
  if (compareSemver(right.semver, left.semver) <= 0) return "none";
  return classifyBump(left.semver, right.semver);
}

/** Semver precedence of two tags or versions (prefixes must agree when both have one). */
export function compareVersionTags(a: string, b: string): number {
  const left = requireVersionTag(a, "first");
  const right = requireVersionTag(b, "second");
  requireSameModule(left, right, a, b);
  return compareSemver(left.semver, right.semver);
}
