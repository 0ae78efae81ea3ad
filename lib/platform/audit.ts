import type { DbTx } from "./create-prisma-client";
import type { Prisma } from "../generated/prisma/client";
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
      requestId: options.requestId ?? currentRequestId() ?? newRequestId(),
    },
  });
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
