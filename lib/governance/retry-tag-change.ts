import { z } from "zod";
import { assertAdmin, type GovernanceActor } from "./core/tag-change-access";
import { auditActorOf } from "./governance-context";
import type { GovernanceDeps, TagChangeRequestRecord } from "./ports";

export const retryTagChangeInputSchema = z.object({ id: z.uuid() });

/**
 * An admin retries a failed or partially failed tag change: its failed accounts go back to
 * pending and the request to applying. Then run `applyTagChange` (or let `resumeTagChanges` pick
 * it up); accounts already verified are not touched again.
 */
export async function retryTagChange(deps: GovernanceDeps, input: z.input<typeof retryTagChangeInputSchema>, actor: GovernanceActor): Promise<TagChangeRequestRecord> {
  const { id } = retryTagChangeInputSchema.parse(input);
  assertAdmin(actor, "retry a tag change");
  return deps.store.retryTagChangeRequest(id, auditActorOf(actor));
}
