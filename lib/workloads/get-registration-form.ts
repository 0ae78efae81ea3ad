import { type Viewer } from "@/lib/platform/auth/roles";
import { defaultRoleRules } from "@/lib/platform/auth/role-mapping";
import { findGrantingGroupTemplate } from "./find-granting-group";
import { listRegistrationTeams, type TeamOption } from "./list-registration-teams";
import type { WorkloadsDeps } from "./ports";

export interface RegistrationForm {
  teams: TeamOption[];
  /** True when registering makes the viewer the workload's lead (a manual membership): leads, not admins. */
  grantsLead: boolean;
  /**
   * The IdP group that grants the lead role on a workload, with `{slug}` for its slug
   * (`{slug}-leads` by default); null when the role mapping names none the portal can spell out.
   */
  leadGroupTemplate: string | null;
}

/** What the "Register workload" form needs: the teams to offer, and what registering grants. */
export async function getRegistrationForm(deps: WorkloadsDeps, viewer: Viewer): Promise<RegistrationForm> {
  return {
    teams: await listRegistrationTeams(deps, viewer),
    grantsLead: viewer.role !== "admin",
    leadGroupTemplate: findGrantingGroupTemplate(deps.roleRules ?? defaultRoleRules, "lead"),
  };
}
