export const roles = ["builder", "lead", "admin"] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { builder: 1, lead: 2, admin: 3 };

/** The highest role among grants; every signed-in person is at least a builder. */
export function highestRole(grants: readonly { role: Role }[]): Role {
  return grants.reduce<Role>((best, g) => (rank[g.role] > rank[best] ? g.role : best), "builder");
}

export function roleAtLeast(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

export interface ViewerWorkload {
  slug: string;
  name: string;
  role: Exclude<Role, "admin">;
}

/** The signed-in person as every page and use case sees them. */
export interface Viewer {
  id: string;
  username: string;
  name: string;
  email: string | null;
  role: Role;
  workloads: ViewerWorkload[];
}

/** What a route or action demands of its caller. */
export type Requirement =
  | { role: Role }
  | { role: Exclude<Role, "admin">; workload: string };

/** Admins pass every check; workload-scoped checks need a matching membership. */
export function satisfies(viewer: Viewer, requirement: Requirement): boolean {
  if (viewer.role === "admin") return true;
  if (!("workload" in requirement)) return roleAtLeast(viewer.role, requirement.role);
  const membership = viewer.workloads.find((w) => w.slug === requirement.workload);
  return membership !== undefined && roleAtLeast(membership.role, requirement.role);
}
