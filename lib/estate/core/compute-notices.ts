import { classifyBump, compareSemver, formatSemver, parseSemver, type BumpKind, type Semver } from "@/lib/modules/semver";
import { AppError } from "@/lib/errors/app-error";
import { parseVersionTag } from "./classify-upgrade";
import { addDays, DAY_MS, type NoticePolicy } from "./notice-policy";
import type { Severity, VersionAdvisory, VersionStatus } from "./types";

/** One version of a module as notices see it: when it appeared, and its status with when that was set. */
export interface VersionState {
  /** Semver, with or without `v` (`1.4.0`). */
  version: string;
  /** When the catalogue first listed it: the event behind "a newer version is available". */
  availableAt: Date;
  status: VersionStatus;
  /** When the current status was set: the event behind a deprecated or vulnerable deadline. Null means `availableAt`. */
  statusSince: Date | null;
  /** A deadline the admin set with the flag; it replaces the policy's days for that flag. */
  deadline?: Date | null;
  /** For `vulnerable`. */
  advisory?: VersionAdvisory | null;
}

export type ObligationReason = "newer_version" | "deprecated" | "vulnerable" | "withdrawn";

/** One reason a unit must move, with its own deadline. A notice is the most urgent of them. */
export interface Obligation {
  reason: ObligationReason;
  /** The change level for `newer_version`; null for flags. */
  level: BumpKind | null;
  /** The version behind it: the newer one, or the unit's flagged one. */
  version: string;
  triggeredAt: Date;
  dueAt: Date;
  /** The lowest version that meets it; null means any supported version newer than the unit's. */
  requiredVersion: string | null;
}

export type NoticeKind = "update_available" | "deprecated" | "vulnerable";

/** The notice a consumption should carry now. */
export interface ComputedNotice {
  kind: NoticeKind;
  fromVersion: string;
  /** The unit resolves the notice by moving to this version or a newer supported one; null: any supported version newer than `fromVersion`. */
  requiredVersion: string | null;
  /** The newest supported version: what an upgrade PR should go to. Null when there is none yet (e.g. no fix released). */
  targetVersion: string | null;
  /** Change level from `fromVersion` to `targetVersion`. */
  level: BumpKind | null;
  /** The event the due date counts from (of the most urgent obligation). */
  triggeredAt: Date;
  dueAt: Date;
  severity: Severity | null;
  advisory: VersionAdvisory | null;
  /** Every obligation, most urgent first. */
  obligations: Obligation[];
}

export interface ComputeNoticesOptions {
  /** The catalogue version the unit runs (for a constraint, the one `terraform init` picks). */
  version: string;
  /** Every version of the module, in any order. */
  versions: readonly VersionState[];
  policy: NoticePolicy;
  now: Date;
}

export interface ComputeNoticesResult {
  notice: ComputedNotice | null;
  obligations: Obligation[];
}

/**
 * The notice a unit on `version` must carry, from the module's versions and the policy:
 * - every newer active release gives an obligation due `policy[level]` days after it appeared;
 * - a deprecated, withdrawn or vulnerable version gives one due after `policy.deprecated` or
 *   `policy.vulnerable` days from the flag (or the flag's own deadline), to reach a supported
 *   version (the advisory's fixed version for a vulnerability).
 * The notice's due date is the earliest obligation's, so a flag can bring a due date forward but
 * never push it back, and a unit on an outdated version inherits the clock of the release it
 * missed (deploying an old version again does not restart it). Events after `now` are ignored.
 */
export function computeNotices({ version, versions, policy, now }: ComputeNoticesOptions): ComputeNoticesResult {
  const current = requireSemver(version);
  const known = versions
    .filter((v) => v.availableAt.getTime() <= now.getTime())
    .flatMap((v) => {
      const semver = parseSemver(v.version);
      return semver ? [{ state: v, semver, status: effectiveStatus(v, now) }] : [];
    });
  const own = known.find((v) => compareSemver(v.semver, current) === 0);
  const supportedNewer = known
    .filter((v) => v.status === "active" && v.semver.prerelease === null && compareSemver(v.semver, current) > 0)
    .sort((a, b) => compareSemver(a.semver, b.semver));
  const lowestSupported = supportedNewer[0] ? formatSemver(supportedNewer[0].semver) : null;
  const newestSupported = supportedNewer.at(-1) ? formatSemver(supportedNewer.at(-1)!.semver) : null;

  const obligations: Obligation[] = supportedNewer.map((v) => {
    const level = classifyBump(current, v.semver);
    return {
      reason: "newer_version",
      level,
      version: formatSemver(v.semver),
      triggeredAt: v.state.availableAt,
      dueAt: addDays(v.state.availableAt, level === "none" ? policy.patch : policy[level]),
      requiredVersion: formatSemver(v.semver),
    };
  });

  let flag: Obligation | null = null;
  if (own && own.status !== "active") {
    const triggeredAt = own.state.statusSince ?? own.state.availableAt;
    const days = own.status === "vulnerable" ? policy.vulnerable : policy.deprecated;
    const fixedIn = own.status === "vulnerable" && own.state.advisory?.fixedIn ? (parseVersionTag(own.state.advisory.fixedIn)?.version ?? null) : null;
    flag = {
      reason: own.status,
      level: null,
      version: formatSemver(current),
      triggeredAt,
      dueAt: own.state.deadline ?? addDays(triggeredAt, days),
      requiredVersion: fixedIn !== null && compareSemver(fixedIn, current) > 0 ? maxVersion(fixedIn, lowestSupported) : lowestSupported,
    };
    obligations.push(flag);
  }
  obligations.sort(byUrgency);
  const governing = obligations[0];
  if (!governing) return { notice: null, obligations };

  const kind: NoticeKind = own?.status === "vulnerable" ? "vulnerable" : own && own.status !== "active" ? "deprecated" : "update_available";
  // Moving off a flagged version is part of meeting any notice, so its requirement always counts.
  const requiredVersion = flag ? maxVersion(governing.requiredVersion, flag.requiredVersion) : governing.requiredVersion;
  const advisory = own?.status === "vulnerable" ? (own.state.advisory ?? null) : null;
  return {
    obligations,
    notice: {
      kind,
      fromVersion: formatSemver(current),
      requiredVersion,
      targetVersion: newestSupported,
      level: newestSupported ? classifyBump(current, newestSupported) : null,
      triggeredAt: governing.triggeredAt,
      dueAt: governing.dueAt,
      severity: advisory?.severity ?? null,
      advisory,
      obligations,
    },
  };
}

/** A status set after `now` had not happened yet; what it replaced is unknown, so count it as active. */
function effectiveStatus(state: VersionState, now: Date): VersionStatus {
  if (state.status !== "active" && state.statusSince && state.statusSince.getTime() > now.getTime()) return "active";
  return state.status;
}

function byUrgency(a: Obligation, b: Obligation): number {
  const due = a.dueAt.getTime() - b.dueAt.getTime();
  if (due !== 0) return due;
  return -compareNullableVersions(a.requiredVersion, b.requiredVersion);
}

/** Null ("anything newer") ranks below any named version. */
function compareNullableVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareSemver(a, b);
}

function maxVersion(a: string | null, b: string | null): string | null {
  return compareNullableVersions(a, b) >= 0 ? a : b;
}

function requireSemver(text: string): Semver {
  const parsed = parseVersionTag(text);
  if (!parsed) throw new AppError("INVALID_INPUT", `"${text}" is not a semantic version`);
  return parsed.semver;
}

/**
 * Whether a unit on `version` meets the notice: at `requiredVersion` or newer (newer than
 * `fromVersion` when none is named), on a version that is itself supported (active).
 */
export function isNoticeSatisfied(notice: Pick<ComputedNotice, "fromVersion" | "requiredVersion">, version: string, versions: readonly VersionState[]): boolean {
  const semver = parseVersionTag(version)?.semver;
  if (!semver) return false;
  const meets = notice.requiredVersion === null ? compareSemver(semver, notice.fromVersion) > 0 : compareSemver(semver, notice.requiredVersion) >= 0;
  if (!meets) return false;
  const state = versions.find((v) => {
    const other = parseSemver(v.version);
    return other !== null && compareSemver(other, semver) === 0;
  });
  return !state || state.status === "active";
}

export type Escalation = "current" | "update_available" | "due_soon" | "overdue";

/**
 * Where a notice stands at `now`: `current` when there is none (or it is resolved), `overdue`
 * once the due date has passed, `due_soon` within `dueSoonDays` of it, else `update_available`.
 */
export function escalationOf(notice: { dueAt: Date; resolvedAt?: Date | null } | null, now: Date, dueSoonDays = 7): Escalation {
  if (!notice || notice.resolvedAt) return "current";
  const left = notice.dueAt.getTime() - now.getTime();
  if (left < 0) return "overdue";
  return left <= dueSoonDays * DAY_MS ? "due_soon" : "update_available";
}
