import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import type { WorkloadRecord, WorkloadsDeps } from "./ports";
import { viewerActor } from "./workload-access";
import { registerWorkloadInputSchema, type RegisterWorkloadInput } from "./workload-input";

/**
 * Registers a workload and links its consumer repo. Admins may register for any team; leads
 * for a team whose workloads they already lead. The App must see the repo, and the repo must
 * have the Terragrunt layout (root.hcl at the top). Audited as `workload.create`.
 */
export async function registerWorkload(deps: WorkloadsDeps, viewer: Viewer, rawInput: RegisterWorkloadInput): Promise<WorkloadRecord> {
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
    throw error;
  }
  const root = await deps.repos.readFile({ owner, repo }, { ref: head.sha, path: "root.hcl" });
  if (root === null) {
    throw new AppError("INVALID_INPUT", `${input.consumerRepo} has no root.hcl on ${head.defaultBranch}: it does not have the Terragrunt layout Bulkhead writes into.`, {
      fieldErrors: [{ path: "consumerRepo", message: "No root.hcl at the top of the default branch" }],
    });
  }
  return deps.store.createWorkload(
    { slug: input.slug, name: input.name, description: input.description, teamId: team.id, consumerRepo: `${owner}/${repo}` },
    viewerActor(viewer),
  );
}
