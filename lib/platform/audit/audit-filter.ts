import { z } from "zod";

/*
 * The audit log's filters, as the admin page keeps them in the URL (?actor=&action=&subjectType=
 * &subjectId=&requestId=&from=&to=) and as the CSV export applies them. Empty parameters mean
 * "any". Pure (zod only): the page, the routes and the tests share it. Parameter names match the
 * governance branch's audit filter, so links and exports stay interchangeable.
 */

const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, { message: `${what} is at most ${max} characters` })
    .optional()
    .transform((value) => (value ? value : undefined));

// A time without a zone (what <input type="datetime-local"> sends) is UTC: the portal writes
// every time in UTC, so that is the zone the person read it in.
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a filter time: ISO 8601 with or without a zone (no zone means UTC), or a date. */
export function parseFilterTime(value: string): Date | null {
  const text = value.trim();
  if (!DATE_ONLY.test(text) && !LOCAL_TIME.test(text) && !/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null;
  const time = new Date(LOCAL_TIME.test(text) ? `${text}Z` : text);
  return Number.isNaN(time.getTime()) ? null : time;
}

const optionalTime = (what: string) =>
  z
    .string()
    .trim()
    .max(40, { message: `${what} is at most 40 characters` })
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const time = parseFilterTime(value);
      if (!time) {
        ctx.addIssue({ code: "custom", message: `${what} "${value}" is not a date or time (use ISO 8601, e.g. 2026-11-30 or 2026-11-30T14:00; without a zone it means UTC)` });
        return z.NEVER;
      }
      return time;
    });

export const auditFilterSchema = z
  .object({
    /** Part of the actor's name (case-insensitive), or a user id. */
    actor: optionalText(200, "actor"),
    /** An action or an action prefix: "vending.set" matches every account-set action. */
    action: optionalText(200, "action"),
    subjectType: optionalText(100, "subjectType"),
    subjectId: optionalText(200, "subjectId"),
    /** Every row one HTTP request, server action or job run wrote. */
    requestId: optionalText(200, "requestId"),
    /** From this time, inclusive. */
    from: optionalTime("from"),
    /** Up to this time, exclusive. */
    to: optionalTime("to"),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { path: ["to"], message: "to must come after from" });

/** A parsed filter; every key optional, so code can build one by hand (`{ action: "auth." }`). */
export type AuditFilter = Partial<z.infer<typeof auditFilterSchema>>;

export const auditFilterKeys = ["actor", "action", "subjectType", "subjectId", "requestId", "from", "to"] as const;

/** The filter part of a URL's search parameters (other parameters, such as the page cursor, are left out). */
export function pickAuditFilterParams(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const picked: Record<string, string | undefined> = {};
  for (const key of auditFilterKeys) {
    const value = params[key];
    picked[key] = Array.isArray(value) ? value[0] : value;
  }
  return picked;
}

/** The filter as URL search parameters: the page's links and the export link share them. */
export function toAuditSearchParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of auditFilterKeys) {
    const value = filter[key];
    if (value === undefined) continue;
    params.set(key, value instanceof Date ? value.toISOString() : value);
  }
  return params;
}

/** True when no filter is set. */
export function isEmptyAuditFilter(filter: AuditFilter): boolean {
  return auditFilterKeys.every((key) => filter[key] === undefined);
}
