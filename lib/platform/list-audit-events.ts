import "server-only";
import { Prisma } from "../generated/prisma/client";
import type { AuditEventView } from "./audit";
import type { AuditFilter } from "./audit/audit-filter";
import { allAuditEvents, auditConditions, auditEventColumns, toAuditEventViews, type AuditEventRow, type AuditScope } from "./audit/audit-query";
import type { DbTx } from "./create-prisma-client";
import { getDb } from "./db";

export interface ListAuditEventsOptions {
  filter?: AuditFilter;
  /** Everything (the default, for admins) or the subjects of some workloads (leads). */
  scope?: AuditScope;
  /** Keyset cursor: events older than this id (the next page). */
  older?: bigint;
  /** Keyset cursor: events newer than this id (the previous page). Ignored when `older` is set. */
  newer?: bigint;
  /** 1 to 200, default 50. */
  limit?: number;
}

export interface AuditEventPage {
  /** Newest first. */
  events: AuditEventView[];
  /** Pass as `older` for the next (older) page; null on the oldest page. */
  olderCursor: string | null;
  /** Pass as `newer` for the previous (newer) page; null on the newest page. */
  newerCursor: string | null;
}

/**
 * The audit log, newest first, filtered and scoped, keyset-paginated in both directions so a
 * deep page costs what the first one does. Subjects and actors come with names and links.
 * App code calls it without `db`; tests pass their own client.
 */
export async function listAuditEvents(options: ListAuditEventsOptions = {}, db: DbTx = getDb()): Promise<AuditEventPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const filter = options.filter ?? {};
  const scope = options.scope ?? allAuditEvents;
  const backwards = options.older === undefined && options.newer !== undefined;
  const cursor =
    options.older !== undefined ? [Prisma.sql`e.id < ${options.older}::bigint`] : backwards ? [Prisma.sql`e.id > ${options.newer}::bigint`] : [];
  const where = auditConditions(filter, scope, cursor);
  const rows = await db.$queryRaw<AuditEventRow[]>`
    SELECT ${auditEventColumns} FROM audit_events e WHERE ${where}
    ORDER BY e.id ${backwards ? Prisma.sql`ASC` : Prisma.sql`DESC`} LIMIT ${limit + 1}`;
  const more = rows.length > limit;
  // Paging back reached the newest rows: show the first page, full, rather than its tail.
  if (backwards && !more) return listAuditEvents({ ...options, newer: undefined }, db);
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  const first = page.at(0);
  const last = page.at(-1);
  // Coming back from an older page there are newer rows; going on from a newer page, older ones.
  const hasOlder = backwards ? page.length > 0 : more;
  const hasNewer = backwards ? more : options.older !== undefined && page.length > 0 && (await existsNewer(db, filter, scope, first!.id));
  return {
    events: await toAuditEventViews(db, page),
    olderCursor: hasOlder && last ? last.id.toString() : null,
    newerCursor: hasNewer && first ? first.id.toString() : null,
  };
}

async function existsNewer(db: DbTx, filter: AuditFilter, scope: AuditScope, id: bigint): Promise<boolean> {
  const where = auditConditions(filter, scope, [Prisma.sql`e.id > ${id}::bigint`]);
  const rows = await db.$queryRaw<Array<{ one: number }>>`SELECT 1 AS one FROM audit_events e WHERE ${where} LIMIT 1`;
  return rows.length > 0;
}

/** One audit event, if it exists and lies in the reader's scope. */
export async function getAuditEvent(options: { id: bigint; scope?: AuditScope }, db: DbTx = getDb()): Promise<AuditEventView | null> {
  const where = auditConditions({}, options.scope ?? allAuditEvents, [Prisma.sql`e.id = ${options.id}::bigint`]);
  const rows = await db.$queryRaw<AuditEventRow[]>`SELECT ${auditEventColumns} FROM audit_events e WHERE ${where}`;
  const [view] = await toAuditEventViews(db, rows);
  return view ?? null;
}
