import { z } from "zod";
import { auditFilterSchema, pickAuditFilterParams, toAuditSearchParams, type AuditFilter } from "./audit-filter";

/*
 * An audit view's URL: the filters plus one keyset cursor (`older` or `newer`, an event id).
 * Pure: pages and routes parse it here, and build their links with `auditViewHref`.
 */

const cursor = z
  .string()
  .regex(/^\d{1,19}$/, { message: "must be the numeric id of an audit event" })
  .transform((v) => BigInt(v))
  .optional();

export const auditCursorSchema = z.object({ older: cursor, newer: cursor });

export type SearchParams = Record<string, string | string[] | undefined>;

export interface AuditViewParams {
  filter: AuditFilter;
  older?: bigint;
  newer?: bigint;
  /** What was wrong with the URL's filters, if anything (the view then shows nothing). */
  error: string | null;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Reads a view's filters and cursor from its search parameters; a bad value is reported, never thrown. */
export function parseAuditViewParams(params: SearchParams): AuditViewParams {
  const filter = auditFilterSchema.safeParse(pickAuditFilterParams(params));
  const cursors = auditCursorSchema.safeParse({ older: first(params.older) || undefined, newer: first(params.newer) || undefined });
  const issues = [...(filter.success ? [] : filter.error.issues), ...(cursors.success ? [] : cursors.error.issues)];
  return {
    filter: filter.success ? filter.data : {},
    older: cursors.success ? cursors.data.older : undefined,
    newer: cursors.success ? cursors.data.newer : undefined,
    error: issues.length > 0 ? issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ") : null,
  };
}

/** `path?<filters>&<extra>`: a link to a view with these filters (and a cursor, or more filters). */
export function auditViewHref(path: string, filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = toAuditSearchParams(filter);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
