import { AppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { viewerActor } from "@/lib/workloads";
import type { EstateDeps } from "./ports";

/** Leads of the workload and admins decide whether its notices open GitHub issues on its repo. */
export function canSetNoticeIssues(viewer: Viewer, workloadSlug: string): boolean {
  return viewer.role === "admin" || viewer.workloads.some((w) => w.slug === workloadSlug && w.role === "lead");
}

/** Whether the workload's notices open GitHub issues, and whether the viewer may change that. */
export async function getWorkloadNoticeIssues(deps: EstateDeps, viewer: Viewer, options: { workload: string }): Promise<{ enabled: boolean; canChange: boolean; repoLinked: boolean } | null> {
  const workload = await deps.store.findWorkload(options.workload);
  if (!workload) return null;
  const settings = await deps.store.getChannelSettings(workload.id);
  return { enabled: settings.githubIssues, canChange: canSetNoticeIssues(viewer, workload.slug), repoLinked: workload.consumerRepo !== null };
}

/**
 * Turns GitHub issues for a workload's notices on or off (audited). Turning them on delivers the
 * open notices at the next run of the delivery job, which is queued at once; turning them off
 * leaves existing issues as they are (they still close when their notice resolves).
 */
export async function setWorkloadNoticeIssues(deps: EstateDeps, viewer: Viewer, options: { workload: string; enabled: boolean }): Promise<{ enabled: boolean; changed: boolean }> {
  const workload = await deps.store.findWorkload(options.workload);
  if (!workload) throw new AppError("NOT_FOUND", `No workload ${JSON.stringify(options.workload.slice(0, 100))}`);
  if (!canSetNoticeIssues(viewer, workload.slug)) throw new AppError("FORBIDDEN", `Only leads of ${workload.name} and admins turn its GitHub issues on or off`);
  if (options.enabled && !workload.consumerRepo) throw new AppError("INVALID_INPUT", `${workload.name} has no consumer repo linked: link one before turning GitHub issues on`, { fieldErrors: [{ path: "enabled", message: "No consumer repo is linked" }] });
  const { changed } = await deps.store.setWorkloadChannels(workload.id, { githubIssues: options.enabled }, viewerActor(viewer));
  if (changed && options.enabled) await deps.onNoticesChanged?.([]);
  return { enabled: options.enabled, changed };
}
