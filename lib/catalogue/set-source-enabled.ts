import type { AuditActor } from "../platform/audit";
import { recordAudit } from "../platform/audit";
import type { Db } from "../platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";

/**
 * Switches a source's sync on or off. A disabled source keeps its modules and versions;
 * only the schedule and webhooks leave it alone. Audited as `catalogue.source.update`.
 */
export async function setSourceEnabled(db: Db, options: { sourceId: string; enabled: boolean; actor: AuditActor }): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.moduleSource.findUnique({ where: { id: options.sourceId }, select: { enabled: true } });
    if (!before) throw new AppError("NOT_FOUND", "That module source no longer exists.");
    if (before.enabled === options.enabled) return;
    await tx.moduleSource.update({ where: { id: options.sourceId }, data: { enabled: options.enabled } });
    await recordAudit(tx, {
      actor: options.actor,
      action: "catalogue.source.update",
      subject: { type: "module_source", id: options.sourceId },
      before,
      after: { enabled: options.enabled },
    });
  });
}
