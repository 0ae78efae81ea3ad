import { csvRecord } from "@/lib/csv";

/*
 * The audit log as CSV, written by lib/csv (RFC 4180, and a leading apostrophe on every cell
 * that does not start with a letter, a digit or safe punctuation, so a spreadsheet never runs
 * one as a formula). JSON columns are PostgreSQL's jsonb text, as stored.
 */

export const auditCsvColumns = [
  "id",
  "at",
  "actor_id",
  "actor",
  "action",
  "subject_type",
  "subject_id",
  "request_id",
  "before",
  "after",
  "metadata",
  "prev_hash",
  "hash",
] as const;

export interface AuditExportRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  subjectType: string;
  subjectId: string;
  requestId: string | null;
  /** jsonb text form. */
  before: string | null;
  after: string | null;
  metadata: string | null;
  prevHash: string | null;
  hash: string;
}

export function auditCsvHeader(): string {
  return `${auditCsvColumns.join(",")}\r\n`;
}

/** One audit row as one CSV record, CRLF included. */
export function toAuditCsvLine(row: AuditExportRow): string {
  return csvRecord([
    row.id,
    row.at.toISOString(),
    row.actorId,
    row.actorLabel,
    row.action,
    row.subjectType,
    row.subjectId,
    row.requestId,
    row.before,
    row.after,
    row.metadata,
    row.prevHash,
    row.hash,
  ]);
}
