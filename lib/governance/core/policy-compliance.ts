import { findPolicyViolations, type TagMap, type TagPolicy } from "@/lib/vending";
import { planTagChangeItems, type AccountTagState, type PlannedTagChangeItem } from "./plan-tag-change";
import { applyTagChanges, type TagChanges } from "./tag-change";

/*
 * After admins add a required key or tighten the allowed values, some accounts' recorded tags no
 * longer comply. This lists them with the reasons, and plans the one bulk request that fixes them
 * with new values for the entered keys (derived keys are the portal's to fill, never a request's).
 */

export interface ComplianceAccount extends AccountTagState {
  workloadSlug: string | null;
  env: string | null;
}

export interface PolicyViolation {
  key: string;
  problem: string;
}

export interface NonCompliantAccount {
  account: ComplianceAccount;
  violations: PolicyViolation[];
}

/** Every account whose recorded tags break the policy, with each broken key. */
export function findNonCompliantAccounts(policy: TagPolicy, accounts: ComplianceAccount[]): NonCompliantAccount[] {
  const result: NonCompliantAccount[] = [];
  for (const account of accounts) {
    const violations = findPolicyViolations(policy, account.tags);
    if (violations.length > 0) result.push({ account, violations });
  }
  return result;
}

export interface ComplianceFixPlan {
  /** One item per non-compliant account that `changes` brings into compliance (and actually changes). */
  items: PlannedTagChangeItem[];
  /** Non-compliant accounts that still break the policy with `changes` applied, and why. */
  unresolved: NonCompliantAccount[];
}

/**
 * The bulk fix: `changes` applied to every non-compliant account that it makes compliant. Accounts
 * it would not fix are listed with what would remain wrong, so the admin can choose other values
 * or handle them one by one.
 */
export function planComplianceFix(policy: TagPolicy, accounts: ComplianceAccount[], changes: TagChanges): ComplianceFixPlan {
  const fixable: ComplianceAccount[] = [];
  const unresolved: NonCompliantAccount[] = [];
  for (const { account } of findNonCompliantAccounts(policy, accounts)) {
    const after: TagMap = applyTagChanges(account.tags, changes);
    const remaining = findPolicyViolations(policy, after);
    if (remaining.length === 0) fixable.push(account);
    else unresolved.push({ account, violations: remaining });
  }
  return { items: planTagChangeItems(fixable, changes).items, unresolved };
}
