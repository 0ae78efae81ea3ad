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

/** One audit event as the admin pages show it; `listAuditEvents` (list-audit-events.ts) reads them. */
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
