import type { AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import type { CatalogueDeps, SyncTrigger } from "./ports";
import { syncModuleSource, type SyncModuleSourceDeps, type SyncModuleSourceResult } from "./sync-module-source";

export const SYNC_SOURCE_JOB = "catalogue.sync-source";

/** What asking for a sync needs: the store, the job queue, and a module source for an inline sync. */
export type RequestSourceSyncDeps = SyncModuleSourceDeps & Pick<CatalogueDeps, "getJobQueue">;

export type RequestSourceSyncResult =
  | { mode: "queued"; jobId: string | null; coalesced: boolean }
  | { mode: "inline"; result: SyncModuleSourceResult };

/** How a sync request went, in the words the admin screen uses. */
export type SyncRequestState = "queued" | "already-queued" | "done";

/**
 * Asks for a source's sync: enqueued as a durable job (the source id is the singleton
 * key, so repeated requests while one waits coalesce into it), or run inline when no
 * queue runs in this process.
 */
export async function requestSourceSync(
  deps: RequestSourceSyncDeps,
  input: { sourceId: string; trigger: SyncTrigger; actor?: AuditActor },
): Promise<RequestSourceSyncResult> {
  const source = await deps.store.getSource(input.sourceId);
  if (!source) throw new AppError("NOT_FOUND", `No module source with id ${input.sourceId}.`);
  const queue = await deps.getJobQueue();
  if (queue) {
    const jobId = await queue.send(
      SYNC_SOURCE_JOB,
      { sourceId: source.id, trigger: input.trigger, ...(input.actor ? { actor: input.actor } : {}) },
      { singletonKey: source.id },
    );
    return { mode: "queued", jobId, coalesced: jobId === null };
  }
  return { mode: "inline", result: await syncModuleSource(deps, { sourceId: source.id, trigger: input.trigger, actor: input.actor }) };
}

/** The admin screen's reading of a sync request's outcome. */
export function toSyncRequestState(outcome: RequestSourceSyncResult): SyncRequestState {
  if (outcome.mode === "inline") return "done";
  return outcome.coalesced ? "already-queued" : "queued";
}
