import { findNonCompliantAccounts, type ComplianceAccount, type NonCompliantAccount } from "./core/policy-compliance";
import { assertAdmin, type GovernanceActor } from "./core/tag-change-access";
import { resolveRuntime } from "./governance-context";
import type { GovernanceAccount, GovernanceDeps } from "./ports";

export function toComplianceAccount(account: GovernanceAccount): ComplianceAccount {
  return { accountId: account.id, awsAccountId: account.awsAccountId, name: account.name, workloadSlug: account.workload?.slug ?? null, env: account.env, tags: account.tags };
}

/** Reads every active account page by page and keeps what `keep` returns for the page. */
export async function collectActiveAccounts<T>(deps: GovernanceDeps, keep: (page: ComplianceAccount[]) => T[]): Promise<T[]> {
  const { config } = resolveRuntime(deps);
  const kept: T[] = [];
  let afterId: string | null = null;
  for (;;) {
    const page: GovernanceAccount[] = await deps.store.pageAccounts({ afterId, take: config.pageSize, activeOnly: true });
    if (page.length === 0) break;
    afterId = page.at(-1)!.id;
    kept.push(...keep(page.map(toComplianceAccount)));
    if (page.length < config.pageSize) break;
  }
  return kept;
}

/**
 * After admins add a required key or tighten the allowed values: every active account whose
 * recorded tags no longer comply with the policy in force, with each broken key.
 */
export async function listNonCompliantAccounts(deps: GovernanceDeps, actor: GovernanceActor): Promise<{ policyVersion: number; accounts: NonCompliantAccount[] }> {
  assertAdmin(actor, "list the accounts that break the tag policy");
  const policy = await deps.store.getTagPolicy();
  const accounts = await collectActiveAccounts(deps, (page) => findNonCompliantAccounts(policy, page));
  return { policyVersion: policy.version, accounts };
}
