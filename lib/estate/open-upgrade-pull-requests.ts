import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/platform/logger";
import type { ScaffoldDeps } from "@/lib/scaffold";
import { assertCanChangeWorkload, mapWithConcurrency } from "@/lib/workloads";
import { openUpgradePullRequest, upgradeFormPath, type RepoSnapshots } from "./open-upgrade-pull-request";
import type { EstateDeps } from "./ports";

/** At most this many units per bulk upgrade: each is a PR, and the answer lists each. */
export const MAX_BULK_UPGRADES = 25;
/** PRs opened at once: they share one consumer repo and the App's rate limit. */
const CONCURRENCY = 3;

export interface BulkUpgradeInput {
  consumptionIds: readonly string[];
  /** Every unit goes to this version (they are all of one module); else each to its notice's target. */
  toVersionId?: string | null;
  /**
   * "Upgrade dev first": only units in this env get a PR; the others are held, to be promoted
   * from it with the promotion flow once its PR merges. Their notices stay open until then.
   */
  onlyEnv?: string | null;
}

export type BulkUnitStatus = "opened" | "already_open" | "inputs_required" | "held" | "refused" | "failed";

export interface BulkUnitResult {
  consumptionId: string;
  file: string;
  env: string | null;
  status: BulkUnitStatus;
  prUrl: string | null;
  prNumber: number | null;
  to: string | null;
  /** Why it was refused, held or needs inputs; null when a PR is open. */
  message: string | null;
  /** For `inputs_required`: the names the form asks for, and its page. */
  requiredInputs: string[];
  formUrl: string | null;
}

/**
 * "Open upgrade PRs" for several units of one module at once: one PR per unit and target
 * version (the single upgrade's idempotency key), opened a few at a time, each unit's outcome
 * reported on its own: opened, already open, needs its new required inputs filled in (not
 * opened), held for promotion, or refused with the reason. Each unit's PR is its own recorded,
 * checkpointed delivery, so a batch cut short leaves no half-written PR and running it again
 * finishes it without duplicates.
 *
 * The whole batch is refused when it is empty, too large, spans several modules, or holds a
 * unit the viewer may not change.
 */
export async function openUpgradePullRequests(deps: EstateDeps, scaffold: ScaffoldDeps, viewer: Viewer, input: BulkUpgradeInput): Promise<{ results: BulkUnitResult[] }> {
  const ids = [...new Set(input.consumptionIds)];
  if (ids.length === 0) throw new AppError("INVALID_INPUT", "Select at least one unit", { fieldErrors: [{ path: "consumptionIds", message: "Select at least one unit" }] });
  if (ids.length > MAX_BULK_UPGRADES) {
    throw new AppError("INVALID_INPUT", `Select at most ${MAX_BULK_UPGRADES} units at once (${ids.length} selected)`, { fieldErrors: [{ path: "consumptionIds", message: `At most ${MAX_BULK_UPGRADES} units` }] });
  }
  const consumptions = await Promise.all(ids.map((id) => deps.store.getConsumption(id)));
  const missing = ids.filter((_, i) => !consumptions[i]);
  if (missing.length > 0) throw new AppError("NOT_FOUND", `${missing.length === 1 ? "One selected unit is" : `${missing.length} selected units are`} not in the estate`);
  const units = consumptions.map((c) => c!);
  for (const unit of units) assertCanChangeWorkload(viewer, unit.workload);
  const modules = new Set(units.map((u) => u.moduleId));
  if (modules.size !== 1 || modules.has(null)) {
    throw new AppError("INVALID_INPUT", "Select units of one catalogue module: an upgrade goes to a version of that module", { fieldErrors: [{ path: "consumptionIds", message: "Units of one module" }] });
  }
  if (input.onlyEnv && !units.some((u) => u.env === input.onlyEnv)) {
    throw new AppError("INVALID_INPUT", `None of the selected units is in ${input.onlyEnv}`, { fieldErrors: [{ path: "onlyEnv", message: `No unit in ${input.onlyEnv}` }] });
  }

  // Each workload's repo is read and parsed once for the whole batch.
  const snapshots: RepoSnapshots = new Map();
  const results = await mapWithConcurrency(units, CONCURRENCY, async (unit): Promise<BulkUnitResult> => {
    const base = { consumptionId: unit.id, file: unit.file, env: unit.env, prUrl: null, prNumber: null, to: null, message: null, requiredInputs: [], formUrl: null };
    if (input.onlyEnv && unit.env !== input.onlyEnv) {
      return { ...base, status: "held", message: `Held: promote it from ${input.onlyEnv} once that upgrade merges; its notice stays open until then` };
    }
    try {
      const outcome = await openUpgradePullRequest(deps, scaffold, viewer, { consumptionId: unit.id, toVersionId: input.toVersionId }, { snapshots });
      if (outcome.status === "inputs_required") {
        return { ...base, status: "inputs_required", to: outcome.to, requiredInputs: outcome.requiredInputs, formUrl: upgradeFormPath(unit.workload.slug, unit.id, input.toVersionId), message: `${outcome.to} requires ${outcome.requiredInputs.join(", ")}: fill them in to open this one` };
      }
      const pr = outcome.pullRequest;
      if (pr.state === "failed" && pr.prNumber === null) {
        return { ...base, status: "failed", to: outcome.to, message: pr.failureMessage ?? "Opening the PR failed; run it again to resume" };
      }
      return { ...base, status: outcome.status, to: outcome.to, prUrl: pr.prUrl, prNumber: pr.prNumber };
    } catch (error) {
      if (isAppError(error) && error.code !== "UPSTREAM_FAILED") return { ...base, status: "refused", message: error.message };
      logger.error("bulk upgrade of a unit failed", { consumptionId: unit.id, error: error instanceof Error ? error.message : String(error) });
      return { ...base, status: "failed", message: isAppError(error) ? error.message : "Something went wrong; run it again: PRs already opened are not opened twice" };
    }
  });
  return { results };
}
