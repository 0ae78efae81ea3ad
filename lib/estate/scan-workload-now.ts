import { AppError } from "@/lib/errors/app-error";
import type { AuditActor } from "@/lib/platform/audit";
import type { EstateDeps } from "./ports";
import { scanWorkloadRepo } from "./scan-workload-repo";

/** What a manual scan answers: what the repo's default branch uses now, and what it did to the notices. */
export interface ManualScanResult {
  workload: string;
  commitSha: string;
  /** Units (folders with at least one module reference) and the references in them. */
  units: number;
  references: number;
  bringYourOwn: number;
  /** Consumptions started and ended by this scan. */
  started: number;
  ended: number;
  unreadableFiles: string[];
  notices: { opened: number; updated: number; resolved: number };
}

/**
 * The "scan now" of a workload's consumer repo (`POST /api/workloads/:slug/scan`): the same scan
 * as the `estate.scan-repo` job, run inline with the viewer as the audit actor, so the notices of
 * a unit a merge moved resolve at once. Bounded by the repo reader's timeouts; a scan of the same
 * repo running in the worker at the same time waits on the store's per-workload lock, and the
 * older of the two commits is refused (CONFLICT).
 */
export async function scanWorkloadNow(deps: EstateDeps, options: { slug: string; actor: AuditActor }): Promise<ManualScanResult> {
  const target = (await deps.store.listScanTargets()).find((t) => t.slug === options.slug);
  if (!target) throw new AppError("NOT_FOUND", `There is no workload "${options.slug}" with a consumer repo linked: a lead or admin must link one first.`);
  const result = await scanWorkloadRepo(deps, { target, actor: options.actor });
  return {
    workload: result.workload,
    commitSha: result.commitSha,
    units: result.units,
    references: result.references,
    bringYourOwn: result.bringYourOwn,
    started: result.started,
    ended: result.ended,
    unreadableFiles: result.unreadableFiles,
    notices: result.notices,
  };
}
