import { z } from "zod";
import type { AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import { compareSemver, formatSemver, parseSemver } from "@/lib/modules/semver";
import type { CatalogueDeps, VersionStatusState } from "./ports";
import { ADVISORY_SEVERITIES, DEFAULT_VULNERABLE_DEADLINE_DAYS } from "./version-status-params";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const setVersionStatusSchema = z
  .object({
    versionId: z.string().uuid(),
    action: z.enum(["deprecate", "flag-vulnerable", "reactivate"]),
    /** Why it is deprecated, or the advisory text of a vulnerable version. */
    reason: z.string().trim().max(2000).default(""),
    severity: z
      .enum([...ADVISORY_SEVERITIES, ""])
      .optional()
      .transform((v) => (v ? v : undefined)),
    /** A CVE or advisory page; https only, since it is shown as a link. */
    advisoryUrl: optionalText(500).refine((v) => v === undefined || isHttpsUrl(v), {
      message: "Give an https:// link, e.g. https://www.cve.org/CVERecord?id=CVE-2026-1234.",
    }),
    /** The first version that fixes the vulnerability, e.g. 2.1.1. */
    fixedIn: optionalText(100).refine((v) => v === undefined || parseSemver(v) !== null, {
      message: "Give a version number, e.g. 2.1.1.",
    }),
    /** ISO date (YYYY-MM-DD) by which consumers must upgrade; vulnerable versions default to a week. */
    upgradeDeadline: optionalText(40).refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), {
      message: "Give the deadline as a date, e.g. 2027-01-31.",
    }),
  })
  .superRefine((input, ctx) => {
    if (input.action === "deprecate" && input.reason === "") {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why, so consumers know what to do." });
    }
    if (input.action === "flag-vulnerable") {
      if (input.reason === "") ctx.addIssue({ code: "custom", path: ["reason"], message: "Describe the advisory: what is affected and what to do." });
      if (!input.severity) ctx.addIssue({ code: "custom", path: ["severity"], message: "Pick a severity." });
    }
  });
export type SetVersionStatusInput = z.input<typeof setVersionStatusSchema>;

const DAY_MS = 86_400_000;

/**
 * Deprecates a module version, flags it vulnerable (advisory text, severity, optional https
 * advisory link, the version that fixes it, and an upgrade deadline, a week from now unless
 * given), or makes it active again. Withdrawn versions (deleted tags) are left to the sync.
 * Audited as `catalogue.version.<action>` with the whole status before and after, in the
 * transaction that also recomputes the module's latest version, status and counts.
 */
export async function setVersionStatus(
  deps: Pick<CatalogueDeps, "store">,
  options: { input: SetVersionStatusInput; actor: AuditActor; now?: Date },
): Promise<void> {
  const input = setVersionStatusSchema.parse(options.input);
  const now = options.now ?? new Date();
  const givenDeadline = input.upgradeDeadline ? new Date(input.upgradeDeadline) : null;
  if (givenDeadline && givenDeadline.getTime() <= now.getTime()) {
    throw new AppError("INVALID_INPUT", "The upgrade deadline must be in the future.", {
      fieldErrors: [{ path: "upgradeDeadline", message: "Pick a date in the future." }],
    });
  }
  const cleared = { statusReason: null, upgradeDeadline: null, severity: null, advisoryUrl: null, fixedIn: null };
  const fixedIn = input.fixedIn ? formatSemver(parseSemver(input.fixedIn)!) : null;
  const after: VersionStatusState =
    input.action === "reactivate"
      ? { status: "active", ...cleared }
      : input.action === "deprecate"
        ? { status: "deprecated", ...cleared, statusReason: input.reason, upgradeDeadline: givenDeadline }
        : {
            status: "vulnerable",
            statusReason: input.reason,
            severity: input.severity ?? null,
            advisoryUrl: input.advisoryUrl ?? null,
            fixedIn,
            upgradeDeadline: givenDeadline ?? new Date(now.getTime() + DEFAULT_VULNERABLE_DEADLINE_DAYS * DAY_MS),
          };
  const found = await deps.store.changeVersionStatus({
    versionId: input.versionId,
    action: `catalogue.version.${input.action}`,
    actor: options.actor,
    decide: (current) => {
      if (current.status === "withdrawn") {
        throw new AppError("CONFLICT", `Version ${current.version} is withdrawn (its tag was deleted); there is nothing to change.`);
      }
      if (fixedIn) {
        if (compareSemver(fixedIn, current.version) <= 0) {
          throw new AppError("INVALID_INPUT", `The fix must come in a version after ${current.version}.`, {
            fieldErrors: [{ path: "fixedIn", message: `Give a version after ${current.version}.` }],
          });
        }
        if (!current.siblings.includes(fixedIn)) {
          throw new AppError("INVALID_INPUT", `The catalogue has no version ${fixedIn} of this module.`, {
            fieldErrors: [{ path: "fixedIn", message: `Pick a version the catalogue has, e.g. ${newest(current.siblings) ?? "a newer one"}.` }],
          });
        }
      }
      return after;
    },
  });
  if (!found) throw new AppError("NOT_FOUND", "That module version does not exist.");
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
  } catch {
    return false;
  }
}

function newest(versions: string[]): string | null {
  const sorted = versions.filter((v) => parseSemver(v) !== null).sort((a, b) => compareSemver(b, a));
  return sorted[0] ?? null;
}
