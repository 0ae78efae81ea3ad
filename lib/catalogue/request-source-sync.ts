import type { AuditActor } from "../platform/audit";
import { AppError } from "@/lib/errors/app-error";
import type { JobQueue } from "../platform/jobs/job-queue";
import type { CatalogueStore, SyncTrigger } from "./ports";
import type { SyncModuleSourceInput, SyncModuleSourceResult } from "./sync-module-source";

export const SYNC_SOURCE_JOB = "catalogue.sync-source";

export interface RequestSourceSyncDeps {
  store: Pick<CatalogueStore, "getSource">;
  /** The running job queue, or null when none runs in this process (tests, BULKHEAD_JOBS=off). */
  queue: JobQueue | null;
  /** Runs the sync now; used only when there is no queue. */
  runInline: (input: SyncModuleSourceInput) => Promise<SyncModuleSourceResult>;
}

export type RequestSourceSyncResult =
  | { mode: "queued"; jobId: string | null; coalesced: boolean }
  | { mode: "inline"; result: SyncModuleSourceResult };

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
  if (deps.queue) {
    const jobId = await deps.queue.send(
      SYNC_SOURCE_JOB,
      { sourceId: source.id, trigger: input.trigger, ...(input.actor ? { actor: input.actor } : {}) },
      { singletonKey: source.id },
    );
    return { mode: "queued", jobId, coalesced: jobId === null };
  }
  return { mode: "inline", result: await deps.runInline({ sourceId: source.id, trigger: input.trigger, actor: input.actor }) };
}
