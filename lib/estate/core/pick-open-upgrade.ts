import { compareSemver, parseSemver } from "@/lib/modules/semver";

/** An upgrade PR that is open on GitHub: opened (it has a number) and neither merged nor closed. */
export interface OpenUpgradePullRequest {
  number: number;
  url: string;
  /** The catalogue version the PR moves the unit to. */
  targetVersion: string;
}

/** -1, 0 or 1 like `compareSemver`; null when either side is not a semantic version. */
function compareVersions(a: string, b: string): number | null {
  return parseSemver(a) && parseSemver(b) ? compareSemver(a, b) : null;
}

/**
 * The upgrade PR a unit shows, of those open for it: the one to the newest version newer than the
 * unit's. PRs to the unit's version or an older one are left out (the unit moved past them, by
 * hand or through another PR), and so is every PR of a unit whose version is unknown.
 */
export function pickOpenUpgrade(pulls: readonly OpenUpgradePullRequest[], currentVersion: string | null): OpenUpgradePullRequest | null {
  if (!currentVersion) return null;
  let best: OpenUpgradePullRequest | null = null;
  for (const pull of pulls) {
    if ((compareVersions(pull.targetVersion, currentVersion) ?? 0) <= 0) continue;
    if (!best || (compareVersions(pull.targetVersion, best.targetVersion) ?? 0) > 0) best = pull;
  }
  return best;
}

/**
 * Whether a unit still wants an upgrade PR opened: none is open, or the open one goes to an older
 * version than the notice's target (a newer release came since it opened). Without a notice target
 * the open PR is the answer.
 */
export function needsUpgradePullRequest(unit: { openUpgrade: OpenUpgradePullRequest | null; notice: { targetVersion: string | null } | null }): boolean {
  if (!unit.openUpgrade) return true;
  const target = unit.notice?.targetVersion;
  if (!target) return false;
  return (compareVersions(unit.openUpgrade.targetVersion, target) ?? 0) < 0;
}
