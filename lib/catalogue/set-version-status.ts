import { z } from "zod";
import type { AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import type { CatalogueDeps, VersionStatusState } from "./ports";

export const setVersionStatusSchema = z
  .object({
    versionId: z.string().uuid(),
    action: z.enum(["deprecate", "flag-vulnerable", "reactivate"]),
    reason: z.string().trim().max(500).default(""),
    /** ISO date (YYYY-MM-DD) by which consumers must upgrade; required when flagging vulnerable. */
    upgradeDeadline: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || !Number.isNaN(Date.parse(v)), { message: "Give the deadline as a date, e.g. 2027-01-31." }),
  })
  .superRefine((input, ctx) => {
    if (input.action !== "reactivate" && input.reason === "") {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why, so consumers know what to do." });
    }
    if (input.action === "flag-vulnerable" && !input.upgradeDeadline) {
      ctx.addIssue({ code: "custom", path: ["upgradeDeadline"], message: "A vulnerable version needs an upgrade deadline." });
    }
  });
export type SetVersionStatusInput = z.input<typeof setVersionStatusSchema>;

/**
 * Deprecates a module version, flags it vulnerable with an upgrade deadline, or makes
 * it active again. Withdrawn versions (deleted tags) are left to the sync. Audited as
 * `catalogue.version.<action>`, and the module's latest version is recomputed.
 */
export async function setVersionStatus(
  deps: Pick<CatalogueDeps, "store">,
  options: { input: SetVersionStatusInput; actor: AuditActor; now?: Date },
): Promise<void> {
  const input = setVersionStatusSchema.parse(options.input);
  const deadline = input.upgradeDeadline ? new Date(input.upgradeDeadline) : null;
  if (deadline && deadline.getTime() <= (options.now ?? new Date()).getTime()) {
    throw new AppError("INVALID_INPUT", "The upgrade deadline must be in the future.", {
      fieldErrors: [{ path: "upgradeDeadline", message: "Pick a date in the future." }],
    });
  }
  const after: VersionStatusState =
    input.action === "reactivate"
      ? { status: "active", statusReason: null, upgradeDeadline: null }
      : input.action === "deprecate"
        ? { status: "deprecated", statusReason: input.reason, upgradeDeadline: null }
        : { status: "deprecated", statusReason: `Vulnerable: ${input.reason}`, upgradeDeadline: deadline };
  const found = await deps.store.changeVersionStatus({
    versionId: input.versionId,
    action: `catalogue.version.${input.action}`,
    actor: options.actor,
    decide: (current) => {
      if (current.status === "withdrawn") {
        throw new AppError("CONFLICT", `Version ${current.version} is withdrawn (its tag was deleted); there is nothing to change.`);
      }
      return after;
    },
  });
  if (!found) throw new AppError("NOT_FOUND", "That module version does not exist.");
}
