import { csvRecord } from "@/lib/csv";
import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { compareSemver } from "@/lib/modules/semver";
import { canChangeWorkload } from "@/lib/workloads";
import { computeCompliance, startOfIsoWeek, type ComplianceWeek } from "./core/compute-compliance";
import { DAY_MS } from "./core/notice-policy";
import { unitStatusOf, type UnitStatus } from "./core/unit-status";
import type { EstateDeps, InboxFilter, InboxItem, UnitView } from "./ports";

export interface UnitStatusView extends UnitView {
  status: UnitStatus;
  /** The viewer may open an upgrade PR for it (member of the workload, or admin, and there is a newer version). */
  canUpgrade: boolean;
}

export interface EstateOverview {
  scope: "all" | "mine";
  totals: { units: number; catalogued: number; bringYourOwn: number; overdue: number; dueSoon: number; vulnerable: number };
  modules: Array<{ id: string; name: string; versions: Array<{ version: string; status: string; units: number }> }>;
  overdueByWorkload: Array<{ slug: string; name: string; overdue: number; dueSoon: number; vulnerable: number }>;
  bringYourOwn: Array<{ workload: string; file: string; address: string; source: string; versionConstraint: string | null; ref: string | null }>;
  compliance: ComplianceWeek[];
}

/** Admins see every workload; everyone else the workloads they belong to. */
const scopeOf = (viewer: Viewer) => (viewer.role === "admin" ? undefined : viewer.workloads.map((w) => w.slug));

async function unitsWithStatus(deps: EstateDeps, viewer: Viewer, workloadSlugs: readonly string[] | undefined): Promise<UnitStatusView[]> {
  const [units, policy] = await Promise.all([deps.store.listUnitViews({ workloadSlugs }), deps.store.getPolicy()]);
  const now = deps.now();
  return units.map((unit) => {
    const status = unitStatusOf(unit, now, policy.dueSoonDays);
    const upgradable = unit.version !== null && (unit.notice !== null || status === "vulnerable");
    return { ...unit, status, canUpgrade: upgradable && canChangeWorkload(viewer, unit.workload.slug) };
  });
}

/**
 * The estate: for each module the versions in use (units per version), overdue units by workload,
 * bring-your-own references and compliance per week over the last 12 weeks. Admins see everything;
 * others their own workloads.
 */
export async function getEstateOverview(deps: EstateDeps, viewer: Viewer, options: { weeks?: number } = {}): Promise<EstateOverview> {
  const scope = scopeOf(viewer);
  const units = await unitsWithStatus(deps, viewer, scope);
  const modules = new Map<string, EstateOverview["modules"][number]>();
  const byWorkload = new Map<string, EstateOverview["overdueByWorkload"][number]>();
  for (const unit of units) {
    if (unit.module && unit.version) {
      const entry = modules.get(unit.module.id) ?? { id: unit.module.id, name: unit.module.name, versions: [] };
      const version = entry.versions.find((v) => v.version === unit.version!.version);
      if (version) version.units += 1;
      else entry.versions.push({ version: unit.version.version, status: unit.version.status, units: 1 });
      modules.set(unit.module.id, entry);
    }
    if (unit.status === "overdue" || unit.status === "due" || unit.status === "vulnerable") {
      const entry = byWorkload.get(unit.workload.slug) ?? { slug: unit.workload.slug, name: unit.workload.name, overdue: 0, dueSoon: 0, vulnerable: 0 };
      if (unit.status === "overdue") entry.overdue += 1;
      if (unit.status === "due") entry.dueSoon += 1;
      if (unit.status === "vulnerable") {
        entry.vulnerable += 1;
        if (unit.notice && unit.notice.dueAt.getTime() < deps.now().getTime()) entry.overdue += 1;
      }
      byWorkload.set(unit.workload.slug, entry);
    }
  }
  for (const entry of modules.values()) entry.versions.sort((a, b) => compareSemver(a.version, b.version));

  const weeks = options.weeks ?? 12;
  const to = deps.now();
  const from = new Date(startOfIsoWeek(to).getTime() - (weeks - 1) * 7 * DAY_MS);
  const [intervals, history, policy] = await Promise.all([deps.store.listConsumptionIntervals({ from, to }), deps.store.listVersionHistory({ until: to }), deps.store.getPolicy()]);
  // Compliance is estate-wide for admins; for others it is left out rather than computed from others' units.
  const compliance = scope === undefined ? computeCompliance({ intervals, versions: history.versions, statusHistory: history.changes, from, to, policy }) : [];

  return {
    scope: scope === undefined ? "all" : "mine",
    totals: {
      units: units.length,
      catalogued: units.filter((u) => u.version).length,
      bringYourOwn: units.filter((u) => u.status === "bring_your_own").length,
      overdue: units.filter((u) => u.status === "overdue" || (u.status === "vulnerable" && u.notice && u.notice.dueAt.getTime() < to.getTime())).length,
      dueSoon: units.filter((u) => u.status === "due").length,
      vulnerable: units.filter((u) => u.status === "vulnerable").length,
    },
    modules: [...modules.values()].sort((a, b) => a.name.localeCompare(b.name)),
    overdueByWorkload: [...byWorkload.values()].sort((a, b) => b.overdue - a.overdue || b.vulnerable - a.vulnerable || a.slug.localeCompare(b.slug)),
    bringYourOwn: units
      .filter((u) => u.status === "bring_your_own")
      .map((u) => ({ workload: u.workload.slug, file: u.file, address: u.address, source: u.source, versionConstraint: u.versionConstraint, ref: u.ref })),
    compliance,
  };
}

/** A workload's module units with their status (current, update available, due, overdue, vulnerable) and whether the viewer may upgrade them. */
export async function getWorkloadUnits(deps: EstateDeps, viewer: Viewer, options: { slug: string }): Promise<UnitStatusView[]> {
  return unitsWithStatus(deps, viewer, [options.slug]);
}

/** The viewer's inbox page and unread count. */
export async function getInbox(
  deps: EstateDeps,
  viewer: Viewer,
  options: { filter: InboxFilter; cursor: string | null; take?: number },
): Promise<{ items: InboxItem[]; nextCursor: string | null; unread: number }> {
  const [page, unread] = await Promise.all([
    deps.store.listInbox({ userId: viewer.id, now: deps.now(), filter: options.filter, cursor: options.cursor, take: Math.min(Math.max(options.take ?? 50, 1), 200) }),
    deps.store.countUnread(viewer.id),
  ]);
  return { ...page, unread };
}

export function countUnreadNotices(deps: EstateDeps, viewer: Viewer): Promise<number> {
  return deps.store.countUnread(viewer.id);
}

/** Marks notices read for the viewer; ids must be UUIDs (at most 500 at once). */
export async function markNoticesRead(deps: EstateDeps, viewer: Viewer, noticeIds: readonly string[]): Promise<void> {
  if (noticeIds.length > 500) throw new AppError("INVALID_INPUT", "Mark at most 500 notices read at once");
  await deps.store.markRead({ userId: viewer.id, noticeIds });
}

const line = csvRecord;

/** The estate as CSV, one row per unit, streamed in chunks of 500 rows. */
export async function* exportEstateCsv(deps: EstateDeps, viewer: Viewer): AsyncGenerator<string> {
  yield line(["workload", "env", "region", "unit_path", "file", "address", "module", "version", "status", "source", "ref", "version_constraint", "notice_kind", "due_at", "target_version", "commit"]);
  const units = await unitsWithStatus(deps, viewer, scopeOf(viewer));
  for (let i = 0; i < units.length; i += 500) {
    yield units
      .slice(i, i + 500)
      .map((u) =>
        line([u.workload.slug, u.env, u.region, u.unitPath, u.file, u.address, u.module?.name ?? null, u.version?.version ?? null, u.status, u.source, u.ref, u.versionConstraint, u.notice?.kind ?? null, u.notice?.dueAt.toISOString() ?? null, u.notice?.targetVersion ?? null, u.commitSha]),
      )
      .join("");
  }
}

/** Overdue notices as CSV, most overdue first. */
export async function* exportOverdueCsv(deps: EstateDeps, viewer: Viewer): AsyncGenerator<string> {
  yield line(["workload", "unit_path", "file", "module", "from_version", "required_version", "target_version", "kind", "severity", "due_at", "days_overdue", "notice_id"]);
  const units = (await unitsWithStatus(deps, viewer, scopeOf(viewer))).filter((u) => u.notice && u.notice.dueAt.getTime() < deps.now().getTime());
  units.sort((a, b) => a.notice!.dueAt.getTime() - b.notice!.dueAt.getTime());
  const now = deps.now().getTime();
  for (let i = 0; i < units.length; i += 500) {
    yield units
      .slice(i, i + 500)
      .map((u) =>
        line([u.workload.slug, u.unitPath, u.file, u.module?.name ?? null, u.version?.version ?? null, u.notice!.requiredVersion, u.notice!.targetVersion, u.notice!.kind, u.notice!.severity, u.notice!.dueAt.toISOString(), String(Math.floor((now - u.notice!.dueAt.getTime()) / DAY_MS)), u.notice!.id]),
      )
      .join("");
  }
}
