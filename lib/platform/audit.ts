import type { DbTx } from "./create-prisma-client";
import { Prisma } from "../generated/prisma/client";
import { currentRequestId, newRequestId } from "./audit/request-context";

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
  /** The request that caused the change; defaults to the current request's (see audit/request-context.ts). */
  requestId?: string;
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/**
 * Appends one event to the audit log. Call it with the transaction client of the
 * state change it describes, so the change and its record commit together. The row carries
 * the id of the HTTP request, server action or job run it belongs to; outside any (a script),
 * it gets an id of its own.
 */
export async function recordAudit(tx: DbTx, options: RecordAuditOptions): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(options, options.requestId ?? currentRequestId() ?? newRequestId()) });
}

function auditRow(options: RecordAuditOptions, requestId: string) {
  return {
    actorId: options.actor.id,
    actorLabel: options.actor.label,
    action: options.action,
    subjectType: options.subject.type,
    subjectId: options.subject.id,
    before: toJson(options.before),
    after: toJson(options.after),
    metadata: toJson(options.metadata),
    requestId: options.requestId ?? requestId,
  };
}

/**
 * Appends several events in one statement, in the order given (the audit chain links them in
 * that order and moves its head once). For a state change that writes several events: fewer
 * round trips, and the chain's lock is held for one statement instead of one per event.
 */
export async function recordAuditEvents(tx: DbTx, events: RecordAuditOptions[]): Promise<void> {
  if (events.length === 0) return;
  const requestId = currentRequestId() ?? newRequestId();
  await tx.auditEvent.createMany({ data: events.map((event) => auditRow(event, requestId)) });
}

/** One audit event as the audit pages show it; `listAuditEvents` (list-audit-events.ts) reads them. */
export interface AuditEventView {
  id: string;
  at: Date;
  /** Null for the system (jobs, webhooks). */
  actorId: string | null;
  /** The actor as recorded: a username, or "system:<job>". */
  actorLabel: string;
  /** The user's display name today ("Carol Chen (@carol)"), when the actor is a user who still exists. */
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  /** What people call the subject, when it still exists and its type is known (audit/audit-subjects.ts). */
  subjectName: string | null;
  /** The subject's page in the portal. */
  subjectHref: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
}

/** The audit columns `auditEventRowsSql` fills, for `INSERT INTO audit_events (…) SELECT …`. */
export const AUDIT_EVENT_COLUMNS = Prisma.raw("actor_id, actor_label, action, subject_type, subject_id, before, after, metadata, request_id");

/**
 * Audit events as a row source (`SELECT … FROM (VALUES …)`, in the order given) for one raw
 * statement that makes a state change and appends its events together, e.g.
 * `WITH changed AS (UPDATE … RETURNING id) INSERT INTO audit_events (AUDIT_EVENT_COLUMNS)
 * SELECT e.* FROM (auditEventRowsSql) e WHERE EXISTS (SELECT 1 FROM changed)`. Sent on its own
 * (autocommit), the chain's lock is then held for that one statement only. Same fields as
 * `recordAudit`.
 */
export function auditEventRowsSql(events: RecordAuditOptions[]): Prisma.Sql {
  if (events.length === 0) throw new Error("auditEventRowsSql needs at least one event");
  const requestId = currentRequestId() ?? newRequestId();
  const json = (value: unknown) => {
    const converted = toJson(value);
    return converted === undefined ? null : JSON.stringify(converted);
  };
  const rows = events.map(
    (e) =>
      Prisma.sql`(${e.actor.id}::uuid, ${e.actor.label}::text, ${e.action}::text, ${e.subject.type}::text, ${e.subject.id}::text, ${json(e.before)}::jsonb, ${json(e.after)}::jsonb, ${json(e.metadata)}::jsonb, ${e.requestId ?? requestId}::text)`,
  );
  return Prisma.sql`SELECT * FROM (VALUES ${Prisma.join(rows)}) AS audit_rows (actor_id, actor_label, action, subject_type, subject_id, before, after, metadata, request_id)`;
}
