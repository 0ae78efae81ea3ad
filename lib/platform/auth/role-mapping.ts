import { z } from "zod";
import { compileSafePattern, type SafePattern } from "@/lib/patterns";
import { roles, type Role } from "./roles";

/** Longest `pattern` accepted: the mapping is configuration, not data. */
const MAX_PATTERN_LENGTH = 500;

/**
 * Compiles a mapping pattern with RE2 (lib/patterns), which matches in time linear in the input: no
 * pattern from configuration can hang the sign-in, however it nests its quantifiers. RE2 has no
 * backreferences or look-around and refuses them here, at start-up, rather than at sign-in.
 */
function compilePattern(pattern: string): SafePattern {
  return compileSafePattern(pattern, { maxLength: MAX_PATTERN_LENGTH });
}

/** One rule of the IdP-group → role mapping. Exactly one of `group` and `pattern` is set. */
export const roleRuleSchema = z
  .object({
    group: z.string().min(1).optional(),
    pattern: z.string().min(1).max(MAX_PATTERN_LENGTH).optional(),
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
  .superRefine((r, ctx) => {
    if (!r.pattern) return;
    try {
      compilePattern(r.pattern);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        path: ["pattern"],
        message: `\`pattern\` ${JSON.stringify(r.pattern)}: ${(error as Error).message}`,
      });
    }
  });

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

const parsedMappings = new Map<string, RoleRule[]>();

/** Parses BULKHEAD_ROLE_MAPPING (a JSON array of rules); empty means the defaults. Parsed once per value. */
export function parseRoleMapping(json: string | undefined): RoleRule[] {
  if (json === undefined || json.trim() === "") return defaultRoleRules;
  const known = parsedMappings.get(json);
  if (known) return known;
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
  parsedMappings.set(json, result.data);
  return result.data;
}

export interface Grant {
  role: Role;
  /** Null for the global admin role. */
  workload: string | null;
}

// Rules are parsed once per process; compiling each pattern once keeps sign-in cheap.
const compiled = new Map<string, SafePattern>();

function compiledPattern(pattern: string): SafePattern {
  let re = compiled.get(pattern);
  if (!re) {
    re = compilePattern(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

function grantFor(rule: RoleRule, group: string): Grant | null {
  if (rule.group !== undefined) {
    if (rule.group !== group) return null;
    return { role: rule.role, workload: rule.workload ?? null };
  }
  const match = compiledPattern(rule.pattern ?? "").exec(group);
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
