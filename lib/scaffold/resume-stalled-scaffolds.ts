import { systemActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import { deliverScaffold } from "./deliver-scaffold";
import type { ScaffoldDeps } from "./ports";

/**
 * Finishes deliveries that a crash or a restart left in draft. Each resumes from its last
 * checkpoint, so the work already done at GitHub is reused, never repeated. A draft is
 * "stalled" once it has been untouched for longer than a delivery lease lasts.
 */
export async function resumeStalledScaffolds(
  deps: ScaffoldDeps,
  options: { stalledForMs?: number; now?: Date } = {},
): Promise<{ resumed: number; states: Record<string, number> }> {
  const now = options.now ?? new Date();
  const ids = await deps.store.listStalledDrafts(new Date(now.getTime() - (options.stalledForMs ?? 3 * 60_000)));
  const states: Record<string, number> = {};
  for (const id of ids) {
    const record = await deliverScaffold(deps, { id, actor: systemActor("resume"), waitMs: 0 });
    states[record.state] = (states[record.state] ?? 0) + 1;
  }
  if (ids.length > 0) logger.info("resumed stalled scaffold deliveries", { resumed: ids.length, states });
  return { resumed: ids.length, states };
}
