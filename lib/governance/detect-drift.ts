import type { AuditActor } from "@/lib/platform/audit";
import { applyWindow, planApplyBatches } from "./core/apply-plan";
import { resolveRuntime, runPacedBatches } from "./governance-context";
import type { GovernanceAccount, GovernanceDeps } from "./ports";

export interface DetectDriftResult {
  accounts: number;
  opened: number;
  refreshed: number;
  resolved: number;
  /** Accounts whose recorded tags changed during the scan (a change was verified meanwhile): compared next time. */
  skipped: number;
  /** Accounts AWS could not tell us about (the scan goes on without them). */
  errors: Array<{ awsAccountId: string; name: string; message: string }>;
}

/**
 * The scheduled drift scan: reads the tags of every active account the portal knows
 * (`ListTagsForResource`, at the configured Organizations call rate, page after page in constant
 * memory) and records, per account, the differences on the policy's keys against what the portal
 * recorded as drift findings for admins to settle. A finding that AWS no longer shows is closed.
 */
export async function detectDrift(deps: GovernanceDeps, actor: AuditActor): Promise<DetectDriftResult> {
  const runtime = resolveRuntime(deps);
  const policy = await deps.store.getTagPolicy();
  const rate = { callsPerSecond: runtime.config.applyRate.callsPerSecond, callsPerAccount: 1 };
  const { windowMs } = applyWindow(rate);
  const result: DetectDriftResult = { accounts: 0, opened: 0, refreshed: 0, resolved: 0, skipped: 0, errors: [] };

  const scan = async (account: GovernanceAccount) => {
    let observed;
    try {
      observed = await deps.directory.listTags(account.awsAccountId);
    } catch (error) {
      result.errors.push({ awsAccountId: account.awsAccountId, name: account.name, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    const outcome = await deps.store.recordDriftScan(account.id, { policy, recordedAtRead: account.tags, observedTags: observed, seenAt: runtime.now() }, actor);
    result.accounts += 1;
    result.opened += outcome.opened;
    result.refreshed += outcome.refreshed;
    result.resolved += outcome.resolved;
    if (outcome.skipped) result.skipped += 1;
  };

  let afterId: string | null = null;
  let notBefore = 0;
  for (;;) {
    const page: GovernanceAccount[] = await deps.store.pageAccounts({ afterId, take: runtime.config.pageSize, activeOnly: true });
    if (page.length === 0) break;
    afterId = page.at(-1)!.id;
    const run = await runPacedBatches(planApplyBatches(page, rate), scan, { runtime, windowMs, notBefore });
    notBefore = run.nextStart;
    if (page.length < runtime.config.pageSize) break;
  }
  return result;
}
