import type { Viewer } from "@/lib/platform/auth/roles";
import type { WorkloadsDeps } from "./ports";

export interface WorkloadSummary {
  slug: string;
  name: string;
  description: string;
  team: string;
  consumerRepo: string | null;
  /** The viewer's role on it, or null when they only see it as an admin or browser. */
  yourRole: "builder" | "lead" | null;
}

/**
 * Every workload, the viewer's own first. All signed-in people may see the list:
 * knowing who owns what is how people find each other.
 */
export async function listWorkloads(deps: Pick<WorkloadsDeps, "store">, viewer: Viewer): Promise<WorkloadSummary[]> {
  const rows = await deps.store.listWorkloads("all");
  const mine = new Map(viewer.workloads.map((w) => [w.slug, w.role]));
  return rows
    .map((w) => ({
      slug: w.slug,
      name: w.name,
      description: w.description,
      team: w.team.name,
      consumerRepo: w.consumerRepo,
      yourRole: mine.get(w.slug) ?? null,
    }))
    .sort((a, b) => Number(b.yourRole !== null) - Number(a.yourRole !== null));
}
