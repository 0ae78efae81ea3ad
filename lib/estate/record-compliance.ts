import { computeCompliance, startOfIsoWeek, type ComplianceWeek } from "./core/compute-compliance";
import { DAY_MS } from "./core/notice-policy";
import type { EstateDeps } from "./ports";

/**
 * Computes the share of units on a supported version for the last `weeks` ISO weeks (the one in
 * progress included) from consumption intervals and version status history, and stores them, so
 * the chart reads history without recomputing it.
 */
export async function recordCompliance(deps: EstateDeps, options: { weeks: number }): Promise<ComplianceWeek[]> {
  const to = deps.now();
  const from = new Date(startOfIsoWeek(to).getTime() - (options.weeks - 1) * 7 * DAY_MS);
  const [intervals, history, policy] = await Promise.all([
    deps.store.listConsumptionIntervals({ from, to }),
    deps.store.listVersionHistory({ until: to }),
    deps.store.getPolicy(),
  ]);
  const weeks = computeCompliance({ intervals, versions: history.versions, statusHistory: history.changes, from, to, policy });
  await deps.store.saveComplianceSnapshots({ moduleId: null }, weeks);
  return weeks;
}
