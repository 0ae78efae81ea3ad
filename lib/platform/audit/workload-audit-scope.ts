import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { DbTx } from "../create-prisma-client";
import { getDb } from "../db";
import type { AuditScope } from "./audit-query";

/**
 * The audit scope of one workload's page: the rows whose subject belongs to it (the workload,
 * its memberships, scaffold requests, consumptions, account set and account requests, accounts).
 * Callers check first that the viewer leads the workload (or is an admin).
 */
export async function workloadAuditScope(slug: string, db: DbTx = getDb()): Promise<{ scope: AuditScope; workload: { id: string; slug: string; name: string } }> {
  const workload = await db.workload.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${slug}".`);
  return { scope: { kind: "workloads", workloadIds: [workload.id] }, workload };
}
