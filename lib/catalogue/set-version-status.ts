import { z } from "zod";
import type { AuditActor } from "../platform/audit";
import { recordAudit } from "../platform/audit";
import type { Db } from "../platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";

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
export async function setVersionStatus(db: Db, options: { input: SetVersionStatusInput; actor: AuditActor; now?: Date }): Promise<void> {
  const input = setVersionStatusSchema.parse(options.input);
  const deadline = input.upgradeDeadline ? new Date(input.upgradeDeadline) : null;
  if (deadline && deadline.getTime() <= (options.now ?? new Date()).getTime()) {
    throw new AppError("INVALID_INPUT", "The upgrade deadline must be in the future.", {
      fieldErrors: [{ path: "upgradeDeadline", message: "Pick a date in the future." }],
    });
  }
  await db.$transaction(async (tx) => {
    const before = await tx.moduleVersion.findUnique({
      where: { id: input.versionId },
      select: { status: true, statusReason: true, upgradeDeadline: true, moduleId: true, version: true },
    });
    if (!before) throw new AppError("NOT_FOUND", "That module version does not exist.");
    if (before.status === "withdrawn") {
      throw new AppError("CONFLICT", `Version ${before.version} is withdrawn (its tag was deleted); there is nothing to change.`);
    }
    const after =
      input.action === "reactivate"
        ? { status: "active" as const, statusReason: null, upgradeDeadline: null }
        : input.action === "deprecate"
          ? { status: "deprecated" as const, statusReason: input.reason, upgradeDeadline: null }
          : { status: "deprecated" as const, statusReason: `Vulnerable: ${input.reason}`, upgradeDeadline: deadline };
    await tx.moduleVersion.update({ where: { id: input.versionId }, data: after });
    // Deprecated versions never count as latest.
    const versions = await tx.moduleVersion.findMany({
      where: { moduleId: before.moduleId, status: "active", prerelease: null },
      select: { version: true },
      orderBy: [{ major: "desc" }, { minor: "desc" }, { patch: "desc" }],
      take: 1,
    });
    await tx.module.update({ where: { id: before.moduleId }, data: { latestVersion: versions[0]?.version ?? null, updatedAt: new Date() } });
    await recordAudit(tx, {
      actor: options.actor,
      action: `catalogue.version.${input.action}`,
      subject: { type: "module_version", id: input.versionId },
      before: { status: before.status, statusReason: before.statusReason, upgradeDeadline: before.upgradeDeadline },
      after,
    });
  });
}
