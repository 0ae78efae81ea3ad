import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { deliverScaffold } from "./deliver-scaffold";
import { assertCanChangeWorkload, viewerActor } from "@/lib/workloads";
import type { ScaffoldDeps } from "./ports";
import { toScaffoldOutcome, type ScaffoldOutcome } from "./scaffold-view";

/** Re-runs a failed (or stuck draft) delivery from its last checkpoint. */
export async function retryScaffold(deps: ScaffoldDeps, viewer: Viewer, options: { id: string }): Promise<ScaffoldOutcome> {
  const record = await deps.store.findScaffold(options.id);
  if (!record) throw new AppError("NOT_FOUND", "No such scaffold request");
  assertCanChangeWorkload(viewer, record.workload);
  if (record.state !== "failed" && record.state !== "draft") {
    throw new AppError("CONFLICT", `This request is ${record.state.replace("_", " ")}: there is nothing to retry.`);
  }
  return toScaffoldOutcome(await deliverScaffold(deps, { id: record.id, actor: viewerActor(viewer) }));
}
