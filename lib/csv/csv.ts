/*
 * CSV for exports people open in a spreadsheet (RFC 4180: comma separated, CRLF line ends, a
 * field with a comma, quote, line break or edge whitespace quoted with its quotes doubled).
 *
 * Formula injection (OWASP "CSV injection") is closed with an allowlist, not a list of
 * dangerous characters: a cell is written as it is only when it starts with a letter, a digit
 * or one of `_ . / ( [ { " # '`, which no spreadsheet reads as the start of a formula or a
 * command. Any other start (`=`, `+`, `-`, `@`, `|`, `%`, whitespace, control characters,
 * look-alikes such as a full-width `＝`) gets a leading `'`, so the cell shows as text. Pure.
 */

const SAFE_START = /^[\p{L}\p{N}_./([{"#']/u;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field: an empty field for null, `'` in front unless it starts safely, quoted when it must be. */
export function csvField(value: string | null): string {
  if (value === null || value === "") return "";
  const safe = SAFE_START.test(value) ? value : `'${value}`;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record, CRLF included. */
export function csvRecord(values: readonly (string | null)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
