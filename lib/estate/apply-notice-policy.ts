import type { AuditActor } from "@/lib/platform/audit";
import type { EstateDeps } from "./ports";
import { reconcileNotices } from "./reconcile-notices";

export interface ApplyNoticePolicyResult {
  /** Open notices that got a new due date (or requirement). */
  noticesUpdated: number;
  /**
   * False when the policy is still pending after this run: it was saved again meanwhile, or some
   * notices moved under a concurrent reconcile. The next sweep applies it.
   */
  applied: boolean;
}

/**
 * Applies a saved notice policy that is not applied yet (`EstateStore.getPolicyState().pending`):
 * reconciles every open notice with `allowLaterDue` (a relaxed policy moves due dates later, which
 * an ordinary reconcile never does), then records the revision it computed under with a
 * compare-and-set, so a save made during the run stays pending. Null when nothing was pending.
 * Safe to repeat and to run concurrently: saving the policy and applying it are two steps, and a
 * crash between them leaves it pending for the next sweep (`sweepNotices`), never half-applied
 * and forgotten.
 */
export async function applyNoticePolicy(deps: EstateDeps, options: { actor: AuditActor }): Promise<ApplyNoticePolicyResult | null> {
  const state = await deps.store.getPolicyState();
  if (!state.pending) return null;
  const result = await reconcileNotices(deps, { allowLaterDue: true, actor: options.actor });
  // Changes still stale lost to a reconcile that may not have moved due dates later: not applied.
  const applied = result.stale === 0 && (await deps.store.markPolicyApplied(result.policyRevision));
  return { noticesUpdated: result.updated, applied };
}
