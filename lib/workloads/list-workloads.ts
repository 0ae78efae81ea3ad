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
  /** Where that role comes from: an IdP group, or granted in the portal (e.g. on registering the workload). */
  yourRoleSource: "idp" | "manual" | null;
}

/**
 * Every workload, the viewer's own first. All signed-in people may see the list:
 * knowing who owns what is how people find each other.
 */
export async function listWorkloads(deps: Pick<WorkloadsDeps, "store">, viewer: Viewer): Promise<WorkloadSummary[]> {
  const [rows, memberships] = await Promise.all([deps.store.listWorkloads("all"), deps.store.listMemberships(viewer.id)]);
  const mine = new Map(viewer.workloads.map((w) => [w.slug, w.role]));
  const rank = { builder: 1, lead: 2 } as const;
  const sourceOf = (slug: string, role: "builder" | "lead") => {
    const found = memberships.filter((m) => m.workloadSlug === slug && m.role === role);
    // A role held both ways shows as the IdP's: it survives without the manual grant.
    return found.length === 0 ? null : found.some((m) => m.source === "idp") ? "idp" : "manual";
  };
  return rows
    .map((w): WorkloadSummary => {
      const role = mine.get(w.slug) ?? null;
      const best = role ?? memberships.filter((m) => m.workloadSlug === w.slug).sort((a, b) => rank[b.role] - rank[a.role])[0]?.role ?? null;
      return {
        slug: w.slug,
        name: w.name,
        description: w.description,
        team: w.team.name,
        consumerRepo: w.consumerRepo,
        yourRole: best,
        yourRoleSource: best ? sourceOf(w.slug, best) : null,
      };
    })
    .sort((a, b) => Number(b.yourRole !== null) - Number(a.yourRole !== null));
}
