import { z } from "zod";

export const roles = ["builder", "lead", "admin"] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { builder: 1, lead: 2, admin: 3 };

/** One rule of the IdP-group → role mapping. Exactly one of `group` and `pattern` is set. */
export const roleRuleSchema = z
  .object({
    group: z.string().min(1).optional(),
    pattern: z.string().min(1).optional(),
    role: z.enum(roles),
    /** Workload slug for builder and lead; may use $1..$9 from `pattern`. */
    workload: z.string().min(1).optional(),
  })
  .refine((r) => Boolean(r.group) !== Boolean(r.pattern), {
    message: "each rule needs exactly one of `group` or `pattern`",
  })
  .refine((r) => (r.role === "admin" ? r.workload === undefined : r.workload !== undefined), {
    message: "admin rules take no `workload`; builder and lead rules need one",
  })
  .refine(
    (r) => {
      if (!r.pattern) return true;
      try {
        new RegExp(r.pattern);
        return true;
      } catch {
        return false;
      }
    },
    { message: "`pattern` is not a valid regular expression" },
  );

export type RoleRule = z.infer<typeof roleRuleSchema>;

/**
 * The default mapping: `platform-admins` are admins, `<workload>-leads` lead that
 * workload, and `team-<workload>` are its builders. GitHub teams arrive as
 * `<org>/<team>`, so the patterns also accept an org prefix.
 */
export const defaultRoleRules: RoleRule[] = [
  { pattern: "^(?:[^/]+/)?platform-admins$", role: "admin" },
  { pattern: "^(?:[^/]+/)?([a-z0-9][a-z0-9-]*)-leads$", role: "lead", workload: "$1" },
  { pattern: "^(?:[^/]+/)?team-([a-z0-9][a-z0-9-]*)$", role: "builder", workload: "$1" },
];

/** Parses BULKHEAD_ROLE_MAPPING (a JSON array of rules); empty means the defaults. */
export function parseRoleMapping(json: string | undefined): RoleRule[] {
  if (json === undefined || json.trim() === "") return defaultRoleRules;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`BULKHEAD_ROLE_MAPPING is not valid JSON: ${(error as Error).message}`);
  }
  const result = z.array(roleRuleSchema).min(1).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`BULKHEAD_ROLE_MAPPING rule ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

export interface Grant {
  role: Role;
  /** Null for the global admin role. */
  workload: string | null;
}

function grantFor(rule: RoleRule, group: string): Grant | null {
  if (rule.group !== undefined) {
    if (rule.group !== group) return null;
    return { role: rule.role, workload: rule.workload ?? null };
  }
  const match = new RegExp(rule.pattern ?? "").exec(group);
  if (!match) return null;
  const workload = rule.workload?.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? "") ?? null;
  if (workload === "") return null;
  return { role: rule.role, workload };
}

/** Maps IdP groups to role grants, deduplicated. Unknown groups grant nothing. */
export function mapGroupsToGrants(groups: readonly string[], rules: readonly RoleRule[]): Grant[] {
  const grants = new Map<string, Grant>();
  for (const group of groups) {
    for (const rule of rules) {
      const grant = grantFor(rule, group);
      if (grant) grants.set(`${grant.role}:${grant.workload ?? ""}`, grant);
    }
  }
  return [...grants.values()].sort((a, b) =>
    `${a.role}:${a.workload ?? ""}`.localeCompare(`${b.role}:${b.workload ?? ""}`),
  );
}

/** The highest role among grants; every signed-in person is at least a builder. */
export function highestRole(grants: readonly Pick<Grant, "role">[]): Role {
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
