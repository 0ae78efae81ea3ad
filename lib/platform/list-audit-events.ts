import "server-only";
import type { AuditEventView } from "./audit";
import type { DbTx } from "./create-prisma-client";
import { getDb } from "./db";

export interface ListAuditEventsOptions {
  /** Id of the last event of the previous page; events older than it are returned. */
  cursor?: bigint;
  limit?: number;
  action?: string;
  actor?: string;
}

export interface AuditEventPage {
  events: AuditEventView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The audit log, newest first, keyset-paginated so deep pages stay as fast as the first one.
 * App code calls it without `db`; tests pass their own client.
 */
export async function listAuditEvents(options: ListAuditEventsOptions = {}, db: DbTx = getDb()): Promise<AuditEventPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await db.auditEvent.findMany({
    where: {
      ...(options.cursor !== undefined ? { id: { lt: options.cursor } } : {}),
      ...(options.action ? { action: { startsWith: options.action } } : {}),
      ...(options.actor ? { actorLabel: { contains: options.actor, mode: "insensitive" as const } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({
      id: row.id.toString(),
      at: row.at,
      actorLabel: row.actorLabel,
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      before: row.before,
      after: row.after,
      metadata: row.metadata,
    })),
    nextCursor: rows.length > limit && last ? last.id.toString() : null,
  };
}
