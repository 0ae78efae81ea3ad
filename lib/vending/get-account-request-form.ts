import type { Viewer } from "@/lib/platform/auth/roles";
import { logger } from "@/lib/platform/logger";
import { isAwsOperationError } from "./core/aws-error";
import type { VendingEnv } from "./core/environments";
import { formatOuLabel } from "./core/organizational-unit";
import type { TagPolicyKey } from "./core/tag-policy";
import type { VendingDeps } from "./ports";
import { assertMayRequest, listRequestableTeams, listRequestableWorkloads } from "./vending-access";

/** An OU as the form offers it: Account Factory's label, with its path for people. */
export interface OuChoice {
  id: string;
  label: string;
  path: string;
}

export interface AccountRequestFormContext {
  workloads: Array<{ slug: string; name: string; team: { slug: string; name: string } }>;
  teams: Array<{ slug: string; name: string }>;
  patterns: { accountName: string; email: string };
  tierEnvironments: Record<string, VendingEnv[]>;
  defaultOus: Partial<Record<VendingEnv, string>>;
  ous: OuChoice[];
  /** Why the OUs could not be listed (the form still works with the defaults). */
  ouError: string | null;
  policy: { version: number; keys: TagPolicyKey[] };
  sso: { firstName: string; lastName: string; email: string };
}

/**
 * What the request form needs: the workloads and teams the viewer may request for, the naming
 * patterns and tiers, the OUs Organizations reports (in Account Factory's `Name (ou-…)` form)
 * with the admins' defaults, the tag policy, and the viewer as the default SSO user.
 */
export async function getAccountRequestForm(deps: VendingDeps, viewer: Viewer): Promise<AccountRequestFormContext> {
  assertMayRequest(viewer);
  const { store } = deps;
  const [workloads, teams, settings, policy] = await Promise.all([
    listRequestableWorkloads(store, viewer),
    listRequestableTeams(store, viewer),
    store.getSettings(),
    store.getTagPolicy(),
  ]);
  let ous: OuChoice[] = [];
  let ouError: string | null = null;
  try {
    ous = (await deps.directory.listOrganizationalUnits()).map((ou) => ({ id: ou.id, label: formatOuLabel(ou), path: ou.path.join(" / ") }));
  } catch (error) {
    if (!isAwsOperationError(error)) throw error;
    logger.warn("OUs not listed for the request form", { error });
    ouError = error.message;
  }
  const [firstName = "", ...rest] = viewer.name.trim().split(/\s+/);
  const defaultOus: Partial<Record<VendingEnv, string>> = {};
  for (const [env, ou] of Object.entries(settings.settings.defaultOus)) if (ou) defaultOus[env as VendingEnv] = formatOuLabel(ou);
  return {
    workloads: workloads.map((w) => ({ slug: w.slug, name: w.name, team: { slug: w.team.slug, name: w.team.name } })),
    teams: teams.map((t) => ({ slug: t.slug, name: t.name })),
    patterns: { accountName: settings.settings.accountNamePattern, email: settings.settings.emailPattern },
    tierEnvironments: settings.settings.tierEnvironments,
    defaultOus,
    ous,
    ouError,
    policy: { version: policy.version, keys: policy.keys },
    sso: { firstName, lastName: rest.join(" "), email: viewer.email ?? "" },
  };
}
