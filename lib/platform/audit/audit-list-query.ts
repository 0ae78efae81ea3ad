import { z } from "zod";
import { auditFilterSchema, pickAuditFilterParams, type AuditFilter } from "./audit-filter";
import { auditCursorSchema } from "./audit-page-params";

/** The query of the audit list APIs: the filters, one cursor and a page size. Pure. */
export interface AuditListQuery {
  filter: AuditFilter;
  older?: bigint;
  newer?: bigint;
  limit?: number;
}

const limitSchema = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() });

/** Parses `?actor=&action=…&older=&limit=`; throws a ZodError (422) that names each bad parameter. */
export function parseAuditListQuery(searchParams: URLSearchParams): AuditListQuery {
  const raw = Object.fromEntries(searchParams);
  const filter = auditFilterSchema.parse(pickAuditFilterParams(raw));
  const cursors = auditCursorSchema.parse({ older: raw.older || undefined, newer: raw.newer || undefined });
  const { limit } = limitSchema.parse({ limit: raw.limit || undefined });
  return { filter, ...cursors, limit };
}
