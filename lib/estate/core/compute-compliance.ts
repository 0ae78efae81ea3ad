import { compareSemver, parseSemver } from "@/lib/modules/semver";
import { AppError } from "@/lib/errors/app-error";
import { computeNotices, type VersionState } from "./compute-notices";
import { DAY_MS, type NoticePolicy } from "./notice-policy";
import type { VersionAdvisory, VersionStatus } from "./types";

/** One stretch of time during which a unit used one module version. */
export interface ConsumptionInterval {
  /** Null for bring-your-own IaC (not a catalogue module). */
  moduleId: string | null;
  /** Null when the module is known but the version is not (a branch or an unknown tag). */
  version: string | null;
  startedAt: Date;
  /** Null while the unit still uses it. */
  endedAt: Date | null;
}

export interface VersionAvailability {
  moduleId: string;
  version: string;
  availableAt: Date;
}

/** A status a version took at a time; a version with no change before a time was active then. */
export interface VersionStatusChange {
  moduleId: string;
  version: string;
  status: VersionStatus;
  at: Date;
  deadline?: Date | null;
  advisory?: VersionAdvisory | null;
}

export interface ComplianceWeek {
  /** ISO week, e.g. `2026-W48`. */
  week: string;
  /** Monday 00:00 UTC. */
  startsAt: Date;
  /** The instant counted: the end of the week, or `to` for the week in progress. */
  sampledAt: Date;
  /** Catalogue units live at `sampledAt`. */
  units: number;
  /** Of those, units on a version that was active then. */
  supported: number;
  /** `supported / units`, null for a week without units. */
  share: number | null;
  /** Units whose notice was past its due date then (only with a policy; else 0). */
  overdue: number;
  /** Bring-your-own units live at `sampledAt`, outside the share. */
  bringYourOwn: number;
}

export interface ComputeComplianceOptions {
  intervals: readonly ConsumptionInterval[];
  versions: readonly VersionAvailability[];
  statusHistory: readonly VersionStatusChange[];
  from: Date;
  to: Date;
  /** With a policy, each week also counts overdue units, as notices stood then. */
  policy?: NoticePolicy;
}

const WEEK_MS = 7 * DAY_MS;
const MAX_WEEKS = 530;

/**
 * The share of units on a supported version, per ISO week from `from` to `to`: each week is
 * sampled at its end (or at `to`), counting the units live then and the status their version had
 * then, so history reads the same however versions were flagged later. Bring-your-own units are
 * counted apart; units on an unknown version count as unsupported.
 */
export function computeCompliance({ intervals, versions, statusHistory, from, to, policy }: ComputeComplianceOptions): ComplianceWeek[] {
  if (from.getTime() > to.getTime()) throw new AppError("INVALID_INPUT", "The compliance range starts after it ends");
  const history = indexHistory(versions, statusHistory);
  const weeks: ComplianceWeek[] = [];
  for (let startsAt = startOfIsoWeek(from); startsAt.getTime() <= to.getTime(); startsAt = new Date(startsAt.getTime() + WEEK_MS)) {
    if (weeks.length >= MAX_WEEKS) throw new AppError("INVALID_INPUT", `The compliance range is longer than ${MAX_WEEKS} weeks`);
    const sampledAt = new Date(Math.min(startsAt.getTime() + WEEK_MS - 1, to.getTime()));
    const t = sampledAt.getTime();
    let units = 0;
    let supported = 0;
    let overdue = 0;
    let bringYourOwn = 0;
    const overdueCache = new Map<string, boolean>();
    for (const interval of intervals) {
      if (interval.startedAt.getTime() > t || (interval.endedAt !== null && interval.endedAt.getTime() <= t)) continue;
      if (interval.moduleId === null) {
        bringYourOwn++;
        continue;
      }
      units++;
      if (interval.version === null) continue;
      const moduleHistory = history.get(interval.moduleId);
      const entry = moduleHistory ? findVersion(moduleHistory, interval.version) : undefined;
      if (entry && statusAt(entry, t) === "active") supported++;
      if (policy && moduleHistory && entry) {
        const key = `${interval.moduleId}\u0000${entry.version}`;
        let isOverdue = overdueCache.get(key);
        if (isOverdue === undefined) {
          const { notice } = computeNotices({ version: entry.version, versions: statesAt(moduleHistory, t), policy, now: sampledAt });
          isOverdue = notice !== null && notice.dueAt.getTime() < t;
          overdueCache.set(key, isOverdue);
        }
        if (isOverdue) overdue++;
      }
    }
    weeks.push({ week: formatIsoWeek(startsAt), startsAt, sampledAt, units, supported, share: units === 0 ? null : supported / units, overdue, bringYourOwn });
  }
  return weeks;
}

interface VersionHistory {
  version: string;
  availableAt: Date;
  /** Sorted by time. */
  changes: VersionStatusChange[];
}

function indexHistory(versions: readonly VersionAvailability[], changes: readonly VersionStatusChange[]): Map<string, VersionHistory[]> {
  const byModule = new Map<string, VersionHistory[]>();
  for (const v of versions) {
    const list = byModule.get(v.moduleId) ?? [];
    list.push({ version: v.version, availableAt: v.availableAt, changes: [] });
    byModule.set(v.moduleId, list);
  }
  for (const change of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const entry = findVersion(byModule.get(change.moduleId) ?? [], change.version);
    entry?.changes.push(change);
  }
  return byModule;
}

function findVersion(list: VersionHistory[], version: string): VersionHistory | undefined {
  const wanted = parseSemver(version);
  if (!wanted) return undefined;
  return list.find((entry) => {
    const semver = parseSemver(entry.version);
    return semver !== null && compareSemver(semver, wanted) === 0;
  });
}

function lastChangeAt(entry: VersionHistory, t: number): VersionStatusChange | null {
  let last: VersionStatusChange | null = null;
  for (const change of entry.changes) {
    if (change.at.getTime() > t) break;
    last = change;
  }
  return last;
}

function statusAt(entry: VersionHistory, t: number): VersionStatus {
  return lastChangeAt(entry, t)?.status ?? "active";
}

/** The module's versions as they stood at `t`, for computing the notices of that time. */
function statesAt(list: VersionHistory[], t: number): VersionState[] {
  return list
    .filter((entry) => entry.availableAt.getTime() <= t)
    .map((entry) => {
      const change = lastChangeAt(entry, t);
      return {
        version: entry.version,
        availableAt: entry.availableAt,
        status: change?.status ?? "active",
        statusSince: change?.at ?? null,
        deadline: change?.deadline ?? null,
        advisory: change?.advisory ?? null,
      };
    });
}

/** Monday 00:00 UTC of the ISO week holding `date`. */
export function startOfIsoWeek(date: Date): Date {
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * DAY_MS);
}

/** `YYYY-Www` of the ISO week holding `date` (the year is the week's, which differs around New Year). */
export function formatIsoWeek(date: Date): string {
  const thursday = new Date(startOfIsoWeek(date).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(startOfIsoWeek(new Date(Date.UTC(year, 0, 4))).getTime() + 3 * DAY_MS);
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / WEEK_MS);
  return `${year}-W${String(week).padStart(2, "0")}`;
}
