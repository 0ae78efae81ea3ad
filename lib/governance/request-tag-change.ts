import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { planTagChangeItems } from "./core/plan-tag-change";
import { validateTagChanges } from "./core/tag-change";
import { assertMayRequestTagChange, type GovernanceActor } from "./core/tag-change-access";
import { auditActorOf } from "./governance-context";
import { accountSelectorSchema, idempotencyKeySchema, reasonSchema, tagChangesSchema } from "./governance-input";
import type { GovernanceDeps, TagChangeRequestRecord } from "./ports";

export const requestTagChangeInputSchema = z.object({
  idempotencyKey: idempotencyKeySchema,
  accounts: accountSelectorSchema,
  changes: tagChangesSchema,
  reason: reasonSchema,
});
export type RequestTagChangeInput = z.input<typeof requestTagChangeInputSchema>;

export interface RequestTagChangeResult {
  request: TagChangeRequestRecord;
  /** False when the idempotency key found an earlier request. */
  created: boolean;
  /** Accounts already at every requested value, left out. */
  unchanged: Array<{ awsAccountId: string; name: string }>;
  /** Accounts of the named workloads or teams that are not ACTIVE in Organizations, left out. */
  inactive: Array<{ awsAccountId: string; name: string; state: string }>;
}

/**
 * A lead asks to change mandatory tags of one account of a workload they lead; an admin may ask
 * for any accounts at once (by account, workload or team). Values are checked against the tag
 * policy (derived keys never change), accounts already at the values are skipped, and the request
 * waits for another admin's approval. A key with an open change on any of the accounts is
 * CONFLICT, naming the open request.
 */
export async function requestTagChange(deps: GovernanceDeps, input: RequestTagChangeInput, actor: GovernanceActor): Promise<RequestTagChangeResult> {
  const parsed = requestTagChangeInputSchema.parse(input);
  const selector = parsed.accounts;
  const found = await deps.store.findAccounts(selector);

  const named = [...(selector.accountIds ?? []), ...(selector.awsAccountIds ?? [])];
  const missing = named.filter((ref) => !found.some((a) => a.id === ref || a.awsAccountId === ref));
  if (missing.length > 0) throw new AppError("NOT_FOUND", `No such account: ${missing.join(", ")}`);
  if (selector.workloadSlugs?.length || selector.teamSlugs?.length) {
    if (found.length === 0) throw new AppError("NOT_FOUND", "The named workloads and teams have no accounts");
  }

  const isNamed = (a: { id: string; awsAccountId: string }) => named.includes(a.id) || named.includes(a.awsAccountId);
  const inactiveNamed = found.filter((a) => a.state !== "ACTIVE" && isNamed(a));
  if (inactiveNamed.length > 0) {
    throw new AppError("INVALID_INPUT", `Tags can only change on active accounts: ${inactiveNamed.map((a) => `${a.name} (${a.awsAccountId}) is ${a.state}`).join(", ")}`);
  }
  const active = found.filter((a) => a.state === "ACTIVE");
  const inactive = found.filter((a) => a.state !== "ACTIVE").map((a) => ({ awsAccountId: a.awsAccountId, name: a.name, state: a.state }));
  if (active.length === 0) throw new AppError("INVALID_INPUT", "None of the named accounts is active");

  assertMayRequestTagChange(
    actor,
    active.map((a) => ({ awsAccountId: a.awsAccountId, name: a.name, workloadSlug: a.workload?.slug ?? null })),
  );
  const bulk = active.length > 1 || Boolean(selector.workloadSlugs?.length || selector.teamSlugs?.length);

  const policy = await deps.store.getTagPolicy();
  const checked = validateTagChanges(policy, parsed.changes, { role: actor.isAdmin ? "admin" : "lead" });
  if (!checked.ok) throw new AppError("INVALID_INPUT", "Some of the new values are not allowed by the tag policy", { fieldErrors: checked.errors });

  const plan = planTagChangeItems(
    active.map((a) => ({ accountId: a.id, awsAccountId: a.awsAccountId, name: a.name, tags: a.tags })),
    checked.value,
  );
  const unchanged = plan.unchanged.map((a) => ({ awsAccountId: a.awsAccountId, name: a.name }));
  if (plan.items.length === 0) throw new AppError("INVALID_INPUT", bulk ? "Every named account already has these values" : "The account already has these values");

  const { record, created } = await deps.store.createTagChangeRequest(
    {
      idempotencyKey: parsed.idempotencyKey,
      origin: "request",
      bulk,
      changes: checked.value,
      reason: parsed.reason,
      requestedBy: { id: actor.id, name: actor.name },
      tagPolicyVersion: policy.version,
      items: plan.items,
    },
    auditActorOf(actor),
  );
  return { request: record, created, unchanged, inactive };
}
