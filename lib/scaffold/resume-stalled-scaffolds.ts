import { systemActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import { deliverScaffold, MAX_AUTOMATIC_RETRIES } from "./deliver-scaffold";
import type { ScaffoldDeps } from "./ports";

/**
 * Finishes deliveries that stopped short. Drafts a crash or a restart left behind, and failed
 * requests whose PR is already open (a later step such as labels failed, e.g. GitHub answered
 * 503): each resumes from its last checkpoint, so the work already done at GitHub is reused,
 * never repeated. A request is "stalled" once it has been untouched for longer than a delivery
 * lease lasts; a failed one is retried at most `MAX_AUTOMATIC_RETRIES` times, then left to a person.
 */
export async function resumeStalledScaffolds(
  deps: ScaffoldDeps,
  options: { stalledForMs?: number; now?: Date } = {},
): Promise<{ resumed: number; states: Record<string, number> }> {
  const now = options.now ?? new Date();
  const before = new Date(now.getTime() - (options.stalledForMs ?? 3 * 60_000));
  const drafts = await deps.store.listStalledDrafts(before);
  const failed = await deps.store.listFailedWithPullRequest({ before, maxAutomaticRetries: MAX_AUTOMATIC_RETRIES });
  const states: Record<string, number> = {};
  for (const id of [...drafts, ...failed]) {
    // One request's trouble (the database failing mid-delivery) never stops the others.
    const state = await deliverScaffold(deps, { id, actor: systemActor("resume"), waitMs: 0, automatic: true }).then(
      (record) => record.state,
      (error: unknown) => (logger.error("resuming a scaffold delivery failed", { id, error }), "error"),
    );
    states[state] = (states[state] ?? 0) + 1;
  }
  const resumed = drafts.length + failed.length;
  if (resumed > 0) logger.info("resumed stalled scaffold deliveries", { resumed, drafts: drafts.length, failedWithPullRequest: failed.length, states });
  return { resumed, states };
}
