import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { canChangeWorkload } from "@/lib/workloads";
import type { ScaffoldDeps } from "./ports";
import { toScaffoldView, type ScaffoldView } from "./scaffold-view";

/** One scaffold request as its status page shows it. */
export interface ScaffoldDetail extends ScaffoldView {
  /** Whether this viewer may retry the delivery now. */
  canRetry: boolean;
}

/**
 * One scaffold request with its state, PR and failure. Every signed-in person may read it
 * (workloads are visible to all, and sensitive inputs are references only); `canRetry` says
 * whether this viewer may act on it.
 */
export async function getScaffold(deps: ScaffoldDeps, viewer: Viewer, options: { id: string }): Promise<ScaffoldDetail> {
  const record = /^[0-9a-f-]{36}$/i.test(options.id) ? await deps.store.findScaffold(options.id) : null;
  if (!record) throw new AppError("NOT_FOUND", "No such scaffold request");
  const canRetry = canChangeWorkload(viewer, record.workload.slug) && (record.state === "failed" || record.state === "draft");
  return { ...toScaffoldView(record), canRetry };
}
