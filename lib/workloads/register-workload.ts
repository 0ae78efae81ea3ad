import { type Viewer } from "@/lib/platform/auth/roles";
import { defaultRoleRules } from "@/lib/platform/auth/role-mapping";
import { AppError } from "@/lib/errors/app-error";
import { findGrantingGroup } from "./find-granting-group";
import type { WorkloadRecord, WorkloadsDeps } from "./ports";
import { isEmptyRepositoryError, viewerActor } from "./workload-access";
import { registerWorkloadInputSchema, type RegisterWorkloadInput } from "./workload-input";

export interface RegisteredWorkload extends WorkloadRecord {
  /** True when the registering lead was made the workload's lead (a manual membership). */
  grantedLead: boolean;
  /** The IdP group that grants the lead role on it from now on, when the role mapping names one. */
  leadGroup: string | null;
}

/**
 * Registers a workload and links its consumer repo. Admins may register for any team; leads
 * for a team whose workloads they already lead, and they become the new workload's lead at once
 * (a manual membership, audited, kept at sign-in) since no IdP group grants it yet. One repo
 * belongs to one workload; the App must see the repo, and it must have the Terragrunt layout
 * (root.hcl at the top). Audited as `workload.create` (and `membership.grant`).
 */
export async function registerWorkload(deps: WorkloadsDeps, viewer: Viewer, rawInput: RegisterWorkloadInput): Promise<RegisteredWorkload> {
  const input = registerWorkloadInputSchema.parse(rawInput);
  const team = await deps.store.findTeam(input.teamSlug);
  if (!team) throw new AppError("INVALID_INPUT", `There is no team "${input.teamSlug}"`, { fieldErrors: [{ path: "teamSlug", message: "Unknown team" }] });
  if (viewer.role !== "admin") {
    const led = await deps.store.listWorkloads(viewer.workloads.filter((w) => w.role === "lead").map((w) => w.slug));
    if (!led.some((w) => w.team.slug === team.slug)) {
      throw new AppError("FORBIDDEN", `Only admins and leads of the ${input.teamSlug} team may register its workloads.`);
    }
  }
  if (await deps.store.findWorkload(input.slug)) {
    throw new AppError("CONFLICT", `A workload "${input.slug}" already exists`, { fieldErrors: [{ path: "slug", message: "Already taken" }] });
  }
  const [owner, repo] = input.consumerRepo.split("/") as [string, string];
  const holder = await deps.store.findWorkloadByRepo({ owner, repo });
  if (holder) {
    // Otherwise the second workload shows, and scaffolds into, the first one's units.
    const message = `${input.consumerRepo} already belongs to the ${holder.name} workload (${holder.slug}): one consumer repo belongs to one workload. Link another repo, or ask the ${holder.name} workload's leads to add you.`;
    throw new AppError("CONFLICT", message, { fieldErrors: [{ path: "consumerRepo", message }] });
  }
  let head: { defaultBranch: string; sha: string };
  try {
    head = await deps.repos.readHead({ owner, repo });
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) {
      throw new AppError("INVALID_INPUT", `The Bulkhead GitHub App cannot see ${input.consumerRepo}: check the name, or install the App on the repo.`, {
        fieldErrors: [{ path: "consumerRepo", message: error.message }],
        cause: error,
      });
    }
    if (isEmptyRepositoryError(error)) {
      throw new AppError("INVALID_INPUT", `${input.consumerRepo} is empty: push root.hcl first.`, {
        fieldErrors: [{ path: "consumerRepo", message: "The repository is empty: push root.hcl first" }],
        cause: error,
      });
    }
    throw error;
  }
  const root = await deps.repos.readFile({ owner, repo }, { ref: head.sha, path: "root.hcl" });
  if (root === null) {
    throw new AppError("INVALID_INPUT", `${input.consumerRepo} has no root.hcl on ${head.defaultBranch}: it does not have the Terragrunt layout Bulkhead writes into.`, {
      fieldErrors: [{ path: "consumerRepo", message: "No root.hcl at the top of the default branch" }],
    });
  }
  // Admins hold every role already; a lead gets this workload's, which no IdP group grants yet.
  const grantedLead = viewer.role !== "admin";
  const workload = await deps.store.createWorkload(
    { slug: input.slug, name: input.name, description: input.description, teamId: team.id, consumerRepo: `${owner}/${repo}` },
    viewerActor(viewer),
    grantedLead ? { leadUserId: viewer.id } : {},
  );
  return { ...workload, grantedLead, leadGroup: findGrantingGroup(deps.roleRules ?? defaultRoleRules, { role: "lead", slug: workload.slug }) };
}
