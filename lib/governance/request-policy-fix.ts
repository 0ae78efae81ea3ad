import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { findNonCompliantAccounts, planComplianceFix, type NonCompliantAccount } from "./core/policy-compliance";
import { validateTagChanges } from "./core/tag-change";
import { assertAdmin, type GovernanceActor } from "./core/tag-change-access";
import { auditActorOf } from "./governance-context";
import { idempotencyKeySchema, reasonSchema, tagChangesSchema } from "./governance-input";
import { collectActiveAccounts } from "./list-non-compliant-accounts";
import type { GovernanceDeps, TagChangeRequestRecord } from "./ports";

export const requestPolicyFixInputSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  changes: tagChangesSchema,
  reason: reasonSchema,
});
export type RequestPolicyFixInput = z.input<typeof requestPolicyFixInputSchema>;

/**
 * One bulk request that brings the non-compliant accounts back into the policy: the given values
 * go to every non-compliant account they fix (accounts they would not fix are returned, with what
 * would still be wrong). Like any bulk change it needs another admin's approval.
 */
export async function requestPolicyFix(deps: GovernanceDeps, input: RequestPolicyFixInput, actor: GovernanceActor): Promise<{ request: TagChangeRequestRecord; created: boolean; unresolved: NonCompliantAccount[] }> {
  const parsed = requestPolicyFixInputSchema.parse(input);
  assertAdmin(actor, "raise a policy fix");
  const policy = await deps.store.getTagPolicy();
  const checked = validateTagChanges(policy, parsed.changes, { role: "admin" });
  if (!checked.ok) throw new AppError("INVALID_INPUT", "Some of the new values are not allowed by the tag policy", { fieldErrors: checked.errors });
  const nonCompliant = await collectActiveAccounts(deps, (page) => findNonCompliantAccounts(policy, page).map((n) => n.account));
  if (nonCompliant.length === 0) throw new AppError("INVALID_INPUT", `Every active account complies with tag policy version ${policy.version}`);
  const plan = planComplianceFix(policy, nonCompliant, checked.value);
  if (plan.items.length === 0) {
    throw new AppError("INVALID_INPUT", "These values bring no non-compliant account into the policy", { details: { unresolved: plan.unresolved.length } });
  }
  const { record, created } = await deps.store.createTagChangeRequest(
    {
      idempotencyKey: parsed.idempotencyKey,
      origin: "policy_fix",
      bulk: true,
      changes: checked.value,
      reason: parsed.reason,
      requestedBy: { id: actor.id, name: actor.name },
      tagPolicyVersion: policy.version,
      items: plan.items,
    },
    auditActorOf(actor),
  );
  return { request: record, created, unresolved: plan.unresolved };
}
