import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { canChangeWorkload, canReadWorkloadRequests } from "@/lib/workloads";
import type { ScaffoldDeps } from "./ports";
import { toScaffoldView, type ScaffoldView } from "./scaffold-view";

/** One scaffold request as its status page shows it. */
export interface ScaffoldDetail extends ScaffoldView {
  /** Whether this viewer may retry the delivery now. */
  canRetry: boolean;
}

/**
 * One scaffold request with its state, PR, failure, inputs and files. Members of the workload
 * and admins may read it; anyone else gets FORBIDDEN (the inputs and files are the team's).
 * `canRetry` says whether this viewer may act on it.
 */
export async function getScaffold(deps: ScaffoldDeps, viewer: Viewer, options: { id: string }): Promise<ScaffoldDetail> {
  const record = /^[0-9a-f-]{36}$/i.test(options.id) ? await deps.store.findScaffold(options.id) : null;
  if (!record) throw new AppError("NOT_FOUND", "No such scaffold request");
  if (!canReadWorkloadRequests(viewer, record.workload.slug)) {
    throw new AppError("FORBIDDEN", `Scaffold requests of the ${record.workload.name} workload, with their inputs and files, are visible to its members and admins. Ask its leads to add you.`);
  }
  const canRetry = canChangeWorkload(viewer, record.workload.slug) && (record.state === "failed" || record.state === "draft");
  return { ...toScaffoldView(record, { detailsVisible: true }), canRetry };
}
