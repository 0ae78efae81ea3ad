import type { AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import type { CatalogueDeps } from "./ports";

/**
 * Switches a source's sync on or off. A disabled source keeps its modules and versions;
 * only the schedule and webhooks leave it alone. Audited as `catalogue.source.update`.
 */
export async function setSourceEnabled(
  deps: Pick<CatalogueDeps, "store">,
  options: { sourceId: string; enabled: boolean; actor: AuditActor },
): Promise<void> {
  const outcome = await deps.store.setSourceEnabled(options);
  if (outcome === "not-found") throw new AppError("NOT_FOUND", "That module source no longer exists.");
}
