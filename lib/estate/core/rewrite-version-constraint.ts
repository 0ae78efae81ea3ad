import { AppError } from "@/lib/errors/app-error";
import { parseSemver } from "@/lib/modules/semver";
import { parseVersionConstraint, satisfiesVersionConstraint } from "./parse-version-constraint";

/**
 * The `version = "..."` a registry module block should carry to run `target`, written the way the
 * team wrote the old one: an exact pin stays an exact pin (`= ` kept when it was there), a
 * pessimistic `~> 5.1` becomes `~> 6.0` (same number of parts), and anything else (ranges,
 * several terms) becomes an exact pin. A constraint that already admits `target` is kept as is.
 */
export function rewriteVersionConstraint(old: string | null, target: string): string {
  const version = parseSemver(target);
  if (!version) throw new AppError("INVALID_INPUT", `"${target}" is not a semantic version`);
  const exact = `${version.major}.${version.minor}.${version.patch}${version.prerelease ? `-${version.prerelease}` : ""}`;
  if (old === null || old.trim() === "") return exact;
  const parsed = parseVersionConstraint(old);
  if (satisfiesVersionConstraint(version, parsed)) return old;
  const [only, ...others] = parsed.terms;
  if (!only || others.length > 0) return exact;
  const spacing = /^\s*(?:=|~>)(\s*)/.exec(old)?.[1] ?? " ";
  if (only.operator === "=") return /^\s*=/.test(old) ? `=${spacing}${exact}` : exact;
  if (only.operator === "~>" && version.prerelease === null) {
    const parts = [version.major, version.minor, version.patch].slice(0, Math.max(only.parts, 2));
    return `~>${spacing}${parts.join(".")}`;
  }
  return exact;
}
