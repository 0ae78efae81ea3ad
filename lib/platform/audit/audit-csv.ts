import { csvRecord } from "@/lib/csv";

/*
 * The audit log as CSV, written by lib/csv (RFC 4180, and a leading apostrophe on every cell
 * that does not start with a letter, a digit or safe punctuation, so a spreadsheet never runs
 * one as a formula: actor names, subject names and ids, and JSON values all come from people).
 * Pure.
 */

export const auditCsvColumns = [
  "id",
  "at",
  "actor_id",
  "actor",
  "action",
  "subject_type",
  "subject_id",
  "subject_name",
  "request_id",
  "before",
  "after",
  "metadata",
] as const;

export interface AuditCsvRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  subjectName: string | null;
  requestId: string | null;
  /** JSON text as stored (PostgreSQL's jsonb text), or null. */
  before: string | null;
  after: string | null;
  metadata: string | null;
}

export function auditCsvHeader(): string {
  return `${auditCsvColumns.join(",")}\r\n`;
}

/** One audit row as one CSV record, CRLF included. */
export function toAuditCsvLine(row: AuditCsvRow): string {
  return csvRecord([
    row.id,
    row.at.toISOString(),
    row.actorId,
    row.actorLabel,
    row.action,
    row.subjectType,
    row.subjectId,
    row.subjectName,
    row.requestId,
    row.before,
    row.after,
    row.metadata,
  ]);
}
