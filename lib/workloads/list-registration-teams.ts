import type { Viewer } from "@/lib/platform/auth/roles";
import type { WorkloadsDeps } from "./ports";

export interface TeamOption {
  slug: string;
  name: string;
}

/**
 * Teams to suggest on the "Register workload" form: every team that owns a workload for admins,
 * the teams of the workloads they lead for leads. Admins may still type any other team.
 */
export async function listRegistrationTeams(deps: Pick<WorkloadsDeps, "store">, viewer: Viewer): Promise<TeamOption[]> {
  const led = viewer.workloads.filter((w) => w.role === "lead").map((w) => w.slug);
  const workloads = await deps.store.listWorkloads(viewer.role === "admin" ? "all" : led);
  return [...new Map(workloads.map((w) => [w.team.slug, { slug: w.team.slug, name: w.team.name }])).values()].sort((a, b) => a.slug.localeCompare(b.slug));
}
