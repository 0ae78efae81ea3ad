import type { AuditActor } from "@/lib/platform/audit";
import { applyTagChange } from "./apply-tag-change";
import type { GovernanceDeps } from "./ports";

export interface ResumeTagChangesResult {
  applied: Array<{ id: string; state: string }>;
  /** Requests another worker took first. */
  busy: string[];
  errors: Array<{ id: string; message: string }>;
}

/**
 * The job body that keeps tag changes moving: applies every approved request and resumes every
 * applying one whose worker is gone (its lease expired), oldest first, one after the other so that
 * the Organizations call rate holds across requests. Safe on several instances at once (leases).
 */
export async function resumeTagChanges(deps: GovernanceDeps, options: { limit?: number } = {}, actor: AuditActor): Promise<ResumeTagChangesResult> {
  const ids = await deps.store.listApplicableTagChanges({ limit: options.limit ?? 20 });
  const result: ResumeTagChangesResult = { applied: [], busy: [], errors: [] };
  for (const id of ids) {
    try {
      const run = await applyTagChange(deps, { id }, actor);
      if (run.status === "settled" && run.record) result.applied.push({ id, state: run.record.state });
      else result.busy.push(id);
    } catch (error) {
      // One broken request must not stop the others; it stays applicable and is tried next time.
      result.errors.push({ id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
