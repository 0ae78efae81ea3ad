import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { AuditEventView } from "../audit";
import type { DbTx } from "../create-prisma-client";
import type { AuditFilter } from "./audit-filter";
import { resolveSubjects, workloadScopeCondition } from "./audit-subjects";

/*
 * The one place audit reads are written as SQL: the list, the detail and the CSV export share
 * the filter and the scope, so what the page shows is exactly what the export holds.
 */

/** Whose audit trail a reader may see: everything (admins), or the subjects of some workloads (leads). */
export type AuditScope = { kind: "all" } | { kind: "workloads"; workloadIds: readonly string[] };

export const allAuditEvents: AuditScope = { kind: "all" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** LIKE patterns take the person's text literally: %, _ and \ are not wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The WHERE conditions (over alias `e`) of a filter and a scope, AND-ed; TRUE when there are none. */
export function auditConditions(filter: AuditFilter, scope: AuditScope, extra: Prisma.Sql[] = []): Prisma.Sql {
  const conditions: Prisma.Sql[] = [...extra];
  if (filter.actor) {
    if (UUID.test(filter.actor)) conditions.push(Prisma.sql`e.actor_id = ${filter.actor}::uuid`);
    else {
      const pattern = `%${escapeLike(filter.actor)}%`;
      // The label is the username at the time; people also search by today's display name.
      conditions.push(
        Prisma.sql`(e.actor_label ILIKE ${pattern} OR e.actor_id IN (SELECT u.id FROM users u WHERE u.name ILIKE ${pattern} OR u.username ILIKE ${pattern}))`,
      );
    }
  }
  if (filter.action) conditions.push(Prisma.sql`e.action LIKE ${`${escapeLike(filter.action)}%`}`);
  if (filter.subjectType) conditions.push(Prisma.sql`e.subject_type = ${filter.subjectType}`);
  if (filter.subjectId) conditions.push(Prisma.sql`e.subject_id = ${filter.subjectId}`);
  if (filter.requestId) conditions.push(Prisma.sql`e.request_id = ${filter.requestId}`);
  if (filter.from) conditions.push(Prisma.sql`e.at >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) conditions.push(Prisma.sql`e.at < ${filter.to.toISOString()}::timestamptz`);
  if (scope.kind === "workloads") conditions.push(workloadScopeCondition(scope.workloadIds));
  return conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** An audit row as `SELECT e.*` returns it through the pg adapter. */
export interface AuditEventRow {
  id: bigint;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  request_id: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
}

export const auditEventColumns = Prisma.sql`e.id, e.at, e.actor_id::text AS actor_id, e.actor_label, e.action, e.subject_type, e.subject_id, e.request_id, e.before, e.after, e.metadata`;

/** Rows as the pages show them: subjects and user actors by name, with links. */
export async function toAuditEventViews(db: DbTx, rows: readonly AuditEventRow[]): Promise<AuditEventView[]> {
  const subjects = await resolveSubjects(db, [
    ...rows.map((r) => ({ type: r.subject_type, id: r.subject_id })),
    ...rows.flatMap((r) => (r.actor_id ? [{ type: "user", id: r.actor_id }] : [])),
  ]);
  return rows.map((row) => {
    const subject = subjects.get(`${row.subject_type}:${row.subject_id}`);
    const actor = row.actor_id ? subjects.get(`user:${row.actor_id}`) : undefined;
    return {
      id: row.id.toString(),
      at: row.at,
      actorId: row.actor_id,
      actorLabel: row.actor_label,
      actorName: actor?.name ?? null,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      subjectName: subject?.name ?? null,
      subjectHref: subject?.href ?? null,
      requestId: row.request_id,
      before: row.before ?? null,
      after: row.after ?? null,
      metadata: row.metadata ?? null,
    };
  });
}
