import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { canReadWorkloadRequests } from "@/lib/workloads";
import type { ScaffoldDeps } from "./ports";
import { toScaffoldView, type ScaffoldView } from "./scaffold-view";

export interface ListScaffoldsOptions {
  /** One workload's requests; otherwise the viewer's workloads (all of them for admins). */
  workload?: string;
  /** Only the viewer's own requests. */
  mine?: boolean;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

/**
 * Scaffold requests, newest first, paginated. Anyone may list a workload's requests (what was
 * scaffolded where, by whom, and its PR); their inputs and files come only to the workload's
 * members and admins.
 */
export async function listScaffolds(
  deps: ScaffoldDeps,
  viewer: Viewer,
  options: ListScaffoldsOptions = {},
): Promise<{ scaffolds: ScaffoldView[]; page: number; pageSize: number; total: number }> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(Math.max(options.pageSize ?? 20, 1), 100);
  let workloadIds: string[] | "all";
  if (options.workload) {
    const workload = await deps.workloads.store.findWorkload(options.workload);
    if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${options.workload}"`);
    workloadIds = [workload.id];
  } else if (viewer.role === "admin") {
    workloadIds = "all";
  } else {
    workloadIds = (await deps.workloads.store.listWorkloads(viewer.workloads.map((w) => w.slug))).map((w) => w.id);
  }
  const { rows, total } = await deps.store.listScaffolds({
    workloadIds,
    ...(options.mine ? { requestedById: viewer.id } : {}),
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  return { scaffolds: rows.map((row) => toScaffoldView(row, { detailsVisible: canReadWorkloadRequests(viewer, row.workload.slug) })), page, pageSize, total };
}
