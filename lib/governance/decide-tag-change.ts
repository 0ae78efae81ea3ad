import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { assertCanDecide } from "@/lib/vending";
import type { GovernanceActor } from "./core/tag-change-access";
import { auditActorOf } from "./governance-context";
import { reasonSchema } from "./governance-input";
import type { GovernanceDeps, TagChangeRequestRecord } from "./ports";

export const decideTagChangeInputSchema = z.object({
  id: z.uuid(),
  decision: z.enum(["approve", "reject"]),
  reason: reasonSchema,
});
export type DecideTagChangeInput = z.input<typeof decideTagChangeInputSchema>;

/**
 * An admin approves or rejects a requested tag change, with a reason. Never their own request
 * (four-eyes, also a CHECK in the database). After an approval the change still has to be
 * applied: queue `applyTagChange` (or let `resumeTagChanges` pick it up).
 */
export async function decideTagChange(deps: GovernanceDeps, input: DecideTagChangeInput, actor: GovernanceActor): Promise<TagChangeRequestRecord> {
  const parsed = decideTagChangeInputSchema.parse(input);
  const request = await deps.store.findTagChangeRequest(parsed.id);
  if (!request) throw new AppError("NOT_FOUND", "No such tag change request");
  assertCanDecide({ requestedById: request.requestedBy.id, decider: { id: actor.id, isAdmin: actor.isAdmin } });
  return deps.store.decideTagChangeRequest(parsed.id, { decision: parsed.decision, reason: parsed.reason, decider: { id: actor.id, name: actor.name } }, auditActorOf(actor));
}
