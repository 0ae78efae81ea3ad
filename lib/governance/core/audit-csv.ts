/*
 * The audit log as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or
 * line break quoted with doubled quotes). Values people typed (actor names, subject ids) that
 * start with = + - @ or a control character are prefixed with ' so that a spreadsheet shows them
 * instead of running them as formulas. JSON columns are PostgreSQL's jsonb text, as stored.
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

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field. `text` marks free text that a spreadsheet could take for a formula. */
export function csvField(value: string | null, options: { text?: boolean } = {}): string {
  if (value === null) return "";
  const safe = options.text && FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditCsvHeader(): string {
  return `${auditCsvColumns.join(",")}\r\n`;
}

/** One audit row as one CSV record, CRLF included. */
export function toAuditCsvLine(row: AuditExportRow): string {
  return (
    [
      csvField(row.id),
      csvField(row.at.toISOString()),
      csvField(row.actorId),
      csvField(row.actorLabel, { text: true }),
      csvField(row.action, { text: true }),
      csvField(row.subjectType, { text: true }),
      csvField(row.subjectId, { text: true }),
      csvField(row.requestId, { text: true }),
      csvField(row.before),
      csvField(row.after),
      csvField(row.metadata),
      csvField(row.prevHash),
      csvField(row.hash),
    ].join(",") + "\r\n"
  );
}
