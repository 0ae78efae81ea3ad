import { needsUpgradePullRequest } from "@/lib/estate/core/pick-open-upgrade";
import type { UnitStatusView } from "@/lib/estate";

type OfferUnit = Pick<UnitStatusView, "canUpgrade" | "module" | "notice" | "openUpgrade">;

/**
 * Whether a unit's row (or its notice in the inbox) offers "Open upgrade PR": the viewer may
 * upgrade it, its notice names the version to go to, and it wants a PR (none open, or the open
 * one goes to an older version than the notice's target).
 */
export function offersUpgrade(unit: { canUpgrade: boolean; notice: { targetVersion: string | null } | null; openUpgrade: UnitStatusView["openUpgrade"] }): boolean {
  return unit.canUpgrade && Boolean(unit.notice?.targetVersion) && needsUpgradePullRequest(unit);
}

/**
 * The bulk selection's units: `selectable` are the ones "Open upgrade PRs (n)" offers and counts
 * (the viewer may upgrade them and they want a PR); `alreadyOpen` are those the viewer may upgrade
 * whose upgrade PR is open already, left out so that the panel can say so.
 */
export function bulkUpgradeUnits<T extends OfferUnit>(units: readonly T[]): { selectable: T[]; alreadyOpen: T[] } {
  const upgradable = units.filter((u) => u.canUpgrade && u.module);
  return { selectable: upgradable.filter((u) => needsUpgradePullRequest(u)), alreadyOpen: upgradable.filter((u) => !needsUpgradePullRequest(u)) };
}
