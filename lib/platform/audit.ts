import type { DbTx } from "./create-prisma-client";
import type { Prisma } from "../generated/prisma/client";

export interface AuditActor {
  /** The user's id, or null for the system (jobs, webhooks). */
  id: string | null;
  /** Human-readable name kept with the event, so it survives user renames. */
  label: string;
}

export const systemActor = (label: string): AuditActor => ({ id: null, label: `system:${label}` });

export interface RecordAuditOptions {
  actor: AuditActor;
  /** Dotted verb, e.g. "auth.sign_in", "workload.create". */
  action: string;
  subject: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  metadata?: Record<string, unknown>;
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/**
 * Appends one event to the audit log. Call it with the transaction client of the
 * state change it describes, so the change and its record commit together.
 */
export async function recordAudit(tx: DbTx, options: RecordAuditOptions): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: options.actor.id,
      actorLabel: options.actor.label,
      action: options.action,
      subjectType: options.subject.type,
      subjectId: options.subject.id,
      before: toJson(options.before),
      after: toJson(options.after),
      metadata: toJson(options.metadata),
    },
  });
}

export interface ListAuditEventsOptions {
  /** Id of the last event of the previous page; events older than it are returned. */
  cursor?: bigint;
  limit?: number;
  action?: string;
  actor?: string;
}

export interface AuditEventView {
  id: string;
  at: Date;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  metadata: unknown;
}

/** Newest first, keyset-paginated so deep pages stay as fast as the first one. */
export async function listAuditEvents(
  db: DbTx,
  options: ListAuditEventsOptions = {},
): Promise<{ events: AuditEventView[]; nextCursor: string | null }> {
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
