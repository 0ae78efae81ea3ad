import { mapGroupsToGrants, type RoleRule } from "@/lib/platform/auth/role-mapping";

/** The placeholder the registration form replaces with the slug being typed. */
export const SLUG_PLACEHOLDER = "{slug}";

// A slug that exercises the pattern like a real one, to check a guessed group name.
const PROBE_SLUG = "probe-workload-7";

/**
 * The IdP group that grants `role` on the workload `slug` under the role mapping, e.g.
 * `payments-leads` with the default rules; null when no rule names one the portal can spell
 * out. A `group` rule names it outright; a `pattern` rule is turned back into a group name
 * (anchors, an optional `(?:org/)?` prefix and escapes dropped, the capture filled from the
 * slug), and the guess counts only if the mapping, run on it, grants exactly that role.
 */
export function findGrantingGroup(rules: readonly RoleRule[], options: { role: "builder" | "lead"; slug: string }): string | null {
  for (const rule of rules) {
    if (rule.role !== options.role) continue;
    const candidate = rule.group !== undefined ? (rule.workload === options.slug ? rule.group : null) : invertPattern(rule, options.slug);
    if (candidate !== null && grants(rules, candidate, options)) return candidate;
  }
  return null;
}

/**
 * The group name with `{slug}` where the workload's slug goes, for forms that do not know the
 * slug yet; null when the mapping has no pattern the portal can spell out.
 */
export function findGrantingGroupTemplate(rules: readonly RoleRule[], role: "builder" | "lead"): string | null {
  const probe = findGrantingGroup(rules, { role, slug: PROBE_SLUG });
  if (probe === null || !probe.includes(PROBE_SLUG)) return null;
  return probe.split(PROBE_SLUG).join(SLUG_PLACEHOLDER);
}

function grants(rules: readonly RoleRule[], group: string, options: { role: string; slug: string }): boolean {
  return mapGroupsToGrants([group], rules).some((grant) => grant.role === options.role && grant.workload === options.slug);
}

/** `^(?:[^/]+/)?([a-z0-9][a-z0-9-]*)-leads$` with workload `$1` and slug `payments` → `payments-leads`. */
function invertPattern(rule: RoleRule, slug: string): string | null {
  const template = rule.workload ?? "";
  const match = /^(.*)\$(\d)(.*)$/.exec(template);
  if (!match || /\$\d/.test(match[1]! + match[3]!)) return null;
  const [, before, index, after] = match as unknown as [string, string, string, string];
  if (!slug.startsWith(before) || !slug.endsWith(after) || slug.length < before.length + after.length) return null;
  const captured = slug.slice(before.length, slug.length - after.length);

  let source = (rule.pattern ?? "").replace(/^\^/, "").replace(/\$$/, "");
  // Optional non-capturing groups, such as the `org/` prefix GitHub teams carry, are left out.
  source = source.replace(/\(\?:[^()]*\)\?/g, "");
  let group = 0;
  let failed = false;
  source = source.replace(/\((?!\?)[^()]*\)/g, () => {
    group += 1;
    if (String(group) !== index) failed = true;
    return "\u0000";
  });
  if (failed || group !== 1) return null;
  const literal = source.replace(/\\([-./_@])/g, "$1");
  if (/[\\[\]{}()*+?|^$]/.test(literal)) return null;
  return literal.replace("\u0000", captured);
}
