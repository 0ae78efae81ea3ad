import { AppError } from "@/lib/errors/app-error";
import { compareSemver, parseSemver, type Semver } from "@/lib/modules/semver";

export type ConstraintOperator = "=" | "!=" | ">" | ">=" | "<" | "<=" | "~>";

export interface ConstraintTerm {
  operator: ConstraintOperator;
  /** The version padded to three parts (`1.2` → 1.2.0). */
  version: Semver;
  /** How many numeric parts were written: `~> 1.2` (2) and `~> 1.2.0` (3) mean different things. */
  parts: 1 | 2 | 3;
}

/** A Terraform version constraint: every term must hold. */
export interface VersionConstraint {
  /** As written, trimmed. */
  text: string;
  terms: ConstraintTerm[];
}

const TERM = /^(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Parses a Terraform module version constraint (`~> 5.0`, `>= 1.2.0, < 2.0.0`, `1.4.0`, `!= 1.3.1`).
 * Throws INVALID_INPUT naming the part that is not one.
 */
export function parseVersionConstraint(text: string): VersionConstraint {
  const trimmed = text.trim();
  if (trimmed === "") throw new AppError("INVALID_INPUT", "The version constraint is empty");
  const terms = trimmed.split(",").map((raw) => {
    const part = raw.trim();
    const match = TERM.exec(part);
    if (!match) throw new AppError("INVALID_INPUT", `"${part}" in the version constraint "${trimmed}" is not an operator and a version`);
    const written = [match[2], match[3], match[4]].filter((x) => x !== undefined);
    const version: Semver = {
      major: Number(match[2]),
      minor: Number(match[3] ?? 0),
      patch: Number(match[4] ?? 0),
      prerelease: match[5] ?? null,
    };
    return { operator: (match[1] ?? "=") as ConstraintOperator, version, parts: written.length as 1 | 2 | 3 };
  });
  return { text: trimmed, terms };
}

/**
 * Whether a version satisfies a constraint, as Terraform reads module constraints:
 * - `~>` lets only the right-most written part grow: `~> 1.2` is `>= 1.2.0, < 2.0.0`, `~> 1.2.3` is
 *   `>= 1.2.3, < 1.3.0`, and (as hashicorp/go-version reads it) `~> 1` is `>= 1.0.0`;
 * - a prerelease version is selected only by an exact term naming it (`= 2.0.0-rc.1`), never by a range.
 */
export function satisfiesVersionConstraint(version: Semver | string, constraint: VersionConstraint | string): boolean {
  const v = typeof version === "string" ? parseSemver(version) : version;
  if (!v) return false;
  const c = typeof constraint === "string" ? parseVersionConstraint(constraint) : constraint;
  if (v.prerelease !== null && !c.terms.some((t) => t.operator === "=" && compareSemver(v, t.version) === 0)) return false;
  return c.terms.every((term) => holds(v, term));
}

function holds(v: Semver, term: ConstraintTerm): boolean {
  const order = compareSemver(v, term.version);
  switch (term.operator) {
    case "=":
      return order === 0;
    case "!=":
      return order !== 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case "~>": {
      if (order < 0) return false;
      if (term.parts === 3) return v.major === term.version.major && v.minor === term.version.minor;
      if (term.parts === 2) return v.major === term.version.major;
      return true;
    }
  }
}

/**
 * The newest of `versions` that satisfies the constraint (what `terraform init` would pick from
 * the registry's list), or null. Invalid version texts in the list are skipped.
 */
export function findNewestSatisfying<T extends { version: string }>(versions: readonly T[], constraint: VersionConstraint | string): T | null {
  const c = typeof constraint === "string" ? parseVersionConstraint(constraint) : constraint;
  let best: { item: T; semver: Semver } | null = null;
  for (const item of versions) {
    const semver = parseSemver(item.version);
    if (!semver || !satisfiesVersionConstraint(semver, c)) continue;
    if (!best || compareSemver(semver, best.semver) > 0) best = { item, semver };
  }
  return best?.item ?? null;
}
