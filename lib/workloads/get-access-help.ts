import type { Viewer } from "@/lib/platform/auth/roles";
import { defaultRoleRules } from "@/lib/platform/auth/role-mapping";
import { findGrantingGroup, findGrantingGroupTemplate } from "./find-granting-group";
import type { WorkloadsDeps } from "./ports";

export interface AccessHelpWorkload {
  slug: string;
  name: string;
  team: string;
  /** Who leads it (and so can say whether you belong): by name and username. */
  leads: Array<{ name: string; username: string }>;
  /** The IdP groups that grant the builder and lead roles on it, when the role mapping names them. */
  builderGroup: string | null;
  leadGroup: string | null;
}

/** How someone with no workload role gets one: whom to ask, and the IdP group to be added to. */
export interface AccessHelp {
  /** True when the viewer already holds a role on a workload (or is an admin): no help needed. */
  hasAccess: boolean;
  workloads: AccessHelpWorkload[];
  /** The builder group with `{slug}` for the workload's slug (`team-{slug}` by default); null when the mapping names none. */
  builderGroupTemplate: string | null;
}

/**
 * What the portal tells a person with no role on any workload who wants to use a module:
 * scaffolding opens a PR in a workload's consumer repo, so they need a builder role on one. For
 * each workload, its team, its leads and the IdP groups that grant the roles. Every signed-in
 * person may see it, as they may see the workload list.
 */
export async function getAccessHelp(deps: Pick<WorkloadsDeps, "store" | "roleRules">, viewer: Viewer): Promise<AccessHelp> {
  const rules = deps.roleRules ?? defaultRoleRules;
  const [workloads, leads] = await Promise.all([deps.store.listWorkloads("all"), deps.store.listLeads()]);
  return {
    hasAccess: viewer.role === "admin" || viewer.workloads.length > 0,
    builderGroupTemplate: findGrantingGroupTemplate(rules, "builder"),
    workloads: workloads.map((w) => ({
      slug: w.slug,
      name: w.name,
      team: w.team.name,
      leads: leads.filter((l) => l.workloadSlug === w.slug).map(({ name, username }) => ({ name, username })),
      builderGroup: findGrantingGroup(rules, { role: "builder", slug: w.slug }),
      leadGroup: findGrantingGroup(rules, { role: "lead", slug: w.slug }),
    })),
  };
}
