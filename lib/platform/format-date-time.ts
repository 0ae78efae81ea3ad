/*
 * The portal's one way to write a point in time: "30 Nov 2026, 01:10 UTC". Always UTC and
 * always saying so, written by hand rather than through toLocaleString, so that the server's
 * render and the browser's hydration agree whatever their locale and time zone. Pure: client
 * components import it too.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const pad = (n: number) => String(n).padStart(2, "0");

export interface FormatDateTimeOptions {
  /** Add seconds ("01:10:34"), where two events a few seconds apart must be told apart. */
  seconds?: boolean;
}

/** "30 Nov 2026, 01:10 UTC" from a Date or an ISO string; "" for an invalid value. */
export function formatDateTime(value: Date | string, options: FormatDateTimeOptions = {}): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "";
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${options.seconds ? `:${pad(date.getUTCSeconds())}` : ""}`;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${time} UTC`;
}

/** "30 Nov 2026" (UTC), for dates without a time of day (due dates, release dates). */
export function formatDate(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}
