import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import type { AccountSetRecord, VendingStore, WorkloadOption } from "./ports";

/*
 * Who may do what with account sets. Leads request for the workloads they lead (and new
 * workloads of those workloads' teams); admins for any. Only admins decide, never on their own
 * request (core/four-eyes.ts). Anyone in the workload (or its team, for a new workload) and the
 * requester may follow a request.
 */

export function isAdmin(viewer: Viewer): boolean {
  return viewer.role === "admin";
}

export function ledSlugs(viewer: Viewer): string[] {
  return viewer.workloads.filter((w) => w.role === "lead").map((w) => w.slug);
}

/** The existing workloads the viewer may request accounts for, with their teams. */
export async function listRequestableWorkloads(store: VendingStore, viewer: Viewer): Promise<WorkloadOption[]> {
  if (isAdmin(viewer)) return store.listWorkloadOptions("all");
  const led = ledSlugs(viewer);
  return led.length > 0 ? store.listWorkloadOptions(led) : [];
}

/** The teams the viewer may create a new workload for: all for admins, the teams of led workloads for leads. */
export async function listRequestableTeams(store: VendingStore, viewer: Viewer): Promise<Array<{ id: string; slug: string; name: string }>> {
  if (isAdmin(viewer)) return store.listTeams();
  const workloads = await listRequestableWorkloads(store, viewer);
  return [...new Map(workloads.map((w) => [w.team.id, w.team])).values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

/** FORBIDDEN unless the viewer may request accounts at all (leads and admins). */
export function assertMayRequest(viewer: Viewer): void {
  if (!isAdmin(viewer) && ledSlugs(viewer).length === 0) {
    throw new AppError("FORBIDDEN", "Only team leads and platform admins can request accounts: ask your workload's lead.");
  }
}

/** The ids of the viewer's workloads and their teams, for what they may follow. */
export async function viewerScope(store: VendingStore, viewer: Viewer): Promise<{ workloadIds: string[]; teamIds: string[] }> {
  const slugs = viewer.workloads.map((w) => w.slug);
  const workloads = slugs.length > 0 ? await store.listWorkloadOptions(slugs) : [];
  return { workloadIds: workloads.map((w) => w.id), teamIds: [...new Set(workloads.filter((w) => viewer.workloads.some((v) => v.slug === w.slug && v.role === "lead")).map((w) => w.team.id))] };
}

/** True when the viewer may see the request: admins, the requester, members of its workload, leads of its new workload's team. */
export async function canViewAccountSet(store: VendingStore, viewer: Viewer, set: AccountSetRecord): Promise<boolean> {
  if (isAdmin(viewer) || set.requestedBy.id === viewer.id) return true;
  const scope = await viewerScope(store, viewer);
  if (set.workload) return scope.workloadIds.includes(set.workload.id);
  return set.newWorkload !== null && scope.teamIds.includes(set.newWorkload.teamId);
}
