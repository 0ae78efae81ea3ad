import { z } from "zod";
import type { AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import { ownersListSchema } from "./configure-module-source";
import type { CatalogueDeps } from "./ports";

export const setSourceDefaultOwnersSchema = z.object({
  sourceId: z.string().uuid(),
  defaultOwners: ownersListSchema,
});
export type SetSourceDefaultOwnersInput = z.input<typeof setSourceDefaultOwnersSchema>;

/**
 * Sets the owners a source's modules get when its CODEOWNERS names none (the next sync applies
 * them). Audited as `catalogue.source.update`. Returns whether anything changed.
 */
export async function setSourceDefaultOwners(
  deps: Pick<CatalogueDeps, "store">,
  options: { input: SetSourceDefaultOwnersInput; actor: AuditActor },
): Promise<{ changed: boolean; defaultOwners: string[] }> {
  const input = setSourceDefaultOwnersSchema.parse(options.input);
  const outcome = await deps.store.setSourceDefaultOwners({ sourceId: input.sourceId, owners: input.defaultOwners, actor: options.actor });
  if (outcome === "not-found") throw new AppError("NOT_FOUND", "That module source no longer exists.");
  return { changed: outcome === "updated", defaultOwners: input.defaultOwners };
}
