import type { AuditActor } from "@/lib/platform/audit";
import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import type { RepoRef, WorkloadRecord } from "./ports";

/** Builders and leads of the workload may change it (open PRs into its repo); admins any workload. */
export function canChangeWorkload(viewer: Viewer, workloadSlug: string): boolean {
  if (viewer.role === "admin") return true;
  return viewer.workloads.some((w) => w.slug === workloadSlug && (w.role === "builder" || w.role === "lead"));
}

/**
 * Who may read a workload's requests in detail (the inputs and files of its scaffold requests):
 * its members and admins. The workload list and its units stay open to every signed-in person,
 * since a portal is for finding who owns what; what a team typed into its units is the team's.
 */
export function canReadWorkloadRequests(viewer: Viewer, workloadSlug: string): boolean {
  if (viewer.role === "admin") return true;
  return viewer.workloads.some((w) => w.slug === workloadSlug);
}

/** Throws FORBIDDEN unless the viewer may open PRs into the workload's repo. */
export function assertCanChangeWorkload(viewer: Viewer, workload: { slug: string; name: string }): void {
  if (!canChangeWorkload(viewer, workload.slug)) {
    throw new AppError("FORBIDDEN", `You are not a member of the ${workload.name} workload: ask its lead to add you, or an admin to scaffold for you.`);
  }
}

/** Who a signed-in person's change is audited as. */
export function viewerActor(viewer: Viewer): AuditActor {
  return { id: viewer.id, label: viewer.username };
}

/** The workload's consumer repo, or a clear error when none is linked yet. */
export function consumerRepoOf(workload: Pick<WorkloadRecord, "name" | "consumerRepo">): RepoRef {
  const [owner, repo] = (workload.consumerRepo ?? "").split("/");
  if (!owner || !repo) {
    throw new AppError("INVALID_INPUT", `The ${workload.name} workload has no consumer repo linked yet: a lead or admin must link one first.`);
  }
  return { owner, repo };
}

/** True for the error a reader throws for a repo nothing was pushed to yet (GitHub answers 409). */
export function isEmptyRepositoryError(error: unknown): boolean {
  return error instanceof AppError && error.code === "CONFLICT" && error.details?.reason === "empty_repository";
}
