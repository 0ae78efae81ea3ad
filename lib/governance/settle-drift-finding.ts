import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { driftSettlementChanges } from "./core/drift";
import { planTagChangeItems } from "./core/plan-tag-change";
import { applyTagChanges, validateTagChanges } from "./core/tag-change";
import { assertAdmin, type GovernanceActor } from "./core/tag-change-access";
import { auditActorOf } from "./governance-context";
import { idempotencyKeySchema, reasonSchema } from "./governance-input";
import type { DriftFindingRecord, GovernanceDeps, TagChangeRequestRecord } from "./ports";

export const settleDriftFindingInputSchema = z.object({
  findingId: z.uuid(),
  action: z.enum(["revert", "adopt", "dismiss"]),
  reason: reasonSchema,
  idempotencyKey: idempotencyKeySchema,
});
export type SettleDriftFindingInput = z.input<typeof settleDriftFindingInputSchema>;

export interface SettleDriftFindingResult {
  finding: DriftFindingRecord;
  /** The revert (approved, to apply now) or adopt (waiting for another admin) request; null for a dismissal. */
  request: TagChangeRequestRecord | null;
}

/**
 * An admin settles an open drift finding:
 * - revert: a tag change back to the recorded value, approved at once (it restores what was
 *   approved before); run `applyTagChange` on it, which applies and verifies it and marks the
 *   finding reverted;
 * - adopt: a tag change that records the value found in AWS, checked against the policy like any
 *   other change and waiting for another admin's approval; applied, it marks the finding adopted;
 * - dismiss: no change (the same difference is not reported again until its values move).
 */
export async function settleDriftFinding(deps: GovernanceDeps, input: SettleDriftFindingInput, actor: GovernanceActor): Promise<SettleDriftFindingResult> {
  const parsed = settleDriftFindingInputSchema.parse(input);
  assertAdmin(actor, "settle drift findings");
  const finding = await deps.store.findDriftFinding(parsed.findingId);
  if (!finding) throw new AppError("NOT_FOUND", "No such drift finding");
  if (finding.status !== "open") throw new AppError("CONFLICT", `This drift finding is already ${finding.status}`);

  if (parsed.action === "dismiss") {
    return { finding: await deps.store.dismissDriftFinding(finding.id, { reason: parsed.reason, by: { id: actor.id, name: actor.name } }, auditActorOf(actor)), request: null };
  }

  const [account] = await deps.store.findAccounts({ accountIds: [finding.accountId] });
  if (!account) throw new AppError("NOT_FOUND", "The account of this finding no longer exists");
  const policy = await deps.store.getTagPolicy();
  const changes = driftSettlementChanges({ key: finding.tagKey, recordedValue: finding.recordedValue, observedValue: finding.observedValue }, parsed.action);
  if (parsed.action === "adopt") {
    const checked = validateTagChanges(policy, changes, { role: "admin" });
    if (!checked.ok) throw new AppError("INVALID_INPUT", `The value found in AWS cannot be adopted: ${checked.errors.map((e) => e.message).join("; ")}`, { fieldErrors: checked.errors });
  }
  // The item replaces what AWS has for a revert, and what the portal recorded for an adopt.
  const current = parsed.action === "revert" ? applyTagChanges(account.tags, { [finding.tagKey]: finding.observedValue }) : account.tags;
  const { items } = planTagChangeItems([{ accountId: account.id, awsAccountId: account.awsAccountId, name: account.name, tags: current }], changes);
  if (items.length === 0) throw new AppError("CONFLICT", "The recorded and the observed value are the same now; nothing to settle");

  const { record } = await deps.store.createTagChangeRequest(
    {
      idempotencyKey: parsed.idempotencyKey,
      origin: parsed.action === "revert" ? "drift_revert" : "drift_adopt",
      bulk: false,
      changes,
      reason: parsed.reason,
      requestedBy: { id: actor.id, name: actor.name },
      tagPolicyVersion: policy.version,
      items,
      driftFindingId: finding.id,
    },
    auditActorOf(actor),
  );
  return { finding: (await deps.store.findDriftFinding(finding.id)) ?? finding, request: record };
}
