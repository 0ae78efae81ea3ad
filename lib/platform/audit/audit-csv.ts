/*
 * The audit log as CSV (RFC 4180: comma separated, CRLF line ends, a field with a comma, quote
 * or line break quoted with its quotes doubled). Every cell that starts with = + - @, a tab or a
 * carriage return gets a leading apostrophe, so that a spreadsheet shows it instead of running
 * it as a formula (OWASP "CSV injection"): actor names, subject names and ids, and JSON values
 * all come from people. Pure.
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

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: neutralised against formulas, then quoted when it must be. Null is an empty field. */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditCsvHeader(): string {
  return `${auditCsvColumns.join(",")}\r\n`;
}

/** One audit row as one CSV record, CRLF included. */
export function toAuditCsvLine(row: AuditCsvRow): string {
  return (
    [
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
    ]
      .map(csvField)
      .join(",") + "\r\n"
  );
}
