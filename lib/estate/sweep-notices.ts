import { systemActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import { applyNoticePolicy } from "./apply-notice-policy";
import type { EstateDeps } from "./ports";
import { reconcileNotices } from "./reconcile-notices";
import { recordCompliance } from "./record-compliance";

/**
 * The notice sweep of the `estate.reconcile-notices` job (every 5 minutes and at worker start): a
 * saved policy not applied yet (its save's own apply failed or was cut short) is applied, which
 * reconciles every notice with later due dates allowed; otherwise notices are reconciled as usual.
 * Then this week's compliance is recorded.
 */
export async function sweepNotices(deps: EstateDeps): Promise<void> {
  const actor = systemActor("estate-notices");
  const policy = await applyNoticePolicy(deps, { actor });
  if (policy) logger.info("saved notice policy applied by the sweep", { noticesUpdated: policy.noticesUpdated, stillPending: !policy.applied });
  else await reconcileNotices(deps, { actor });
  await recordCompliance(deps, { weeks: 2 });
}
