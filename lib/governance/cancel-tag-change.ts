import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { GovernanceActor } from "./core/tag-change-access";
import { auditActorOf } from "./governance-context";
import { reasonSchema } from "./governance-input";
import type { GovernanceDeps, TagChangeRequestRecord } from "./ports";

export const cancelTagChangeInputSchema = z.object({ id: z.uuid(), reason: reasonSchema });

/**
 * Withdraws a tag change that is not under way: the requester while it waits for a decision, an
 * admin also after approval or a failure (what was verified stays; the rest is dropped). Frees the
 * keys for another request; a drift finding it was settling is open again.
 */
export async function cancelTagChange(deps: GovernanceDeps, input: z.input<typeof cancelTagChangeInputSchema>, actor: GovernanceActor): Promise<TagChangeRequestRecord> {
  const { id, reason } = cancelTagChangeInputSchema.parse(input);
  const request = await deps.store.findTagChangeRequest(id);
  if (!request) throw new AppError("NOT_FOUND", "No such tag change request");
  const ownWaiting = request.requestedBy.id === actor.id && request.state === "requested";
  if (!actor.isAdmin && !ownWaiting) {
    throw new AppError("FORBIDDEN", request.requestedBy.id === actor.id ? "Only platform admins can cancel a change once it is decided" : "Only the requester or a platform admin can cancel this request");
  }
  return deps.store.cancelTagChangeRequest(id, { reason }, auditActorOf(actor));
}
