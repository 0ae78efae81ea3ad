import "server-only";
import { Prisma } from "../../generated/prisma/client";
import type { DbTx } from "../create-prisma-client";
import { getDb } from "../db";
import { auditCsvHeader, toAuditCsvLine } from "./audit-csv";
import type { AuditFilter } from "./audit-filter";
import { allAuditEvents, auditConditions, type AuditScope } from "./audit-query";
import { resolveSubjects } from "./audit-subjects";

export interface ExportAuditCsvOptions {
  filter: AuditFilter;
  scope?: AuditScope;
  /** Rows per query; memory holds one batch at a time. */
  batchSize?: number;
}

interface CsvRow {
  id: bigint;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  request_id: string | null;
  before: string | null;
  after: string | null;
  metadata: string | null;
}

/**
 * The filtered audit log as CSV, oldest first, in keyset batches by id: each batch is one
 * short query (no transaction or cursor held open while a slow client downloads, which the
 * idle-in-transaction timeout would kill), and memory holds one batch whatever the size of the
 * export. The set is fixed when the export starts: rows up to the newest id then; the log is
 * append-only, so those rows cannot change while they stream.
 *
 * Resolves once the upper bound is read, so a database that is down fails the request with
 * 503 before any byte is sent; the CSV itself is pulled batch by batch.
 */
export async function startAuditCsvExport(options: ExportAuditCsvOptions, db: DbTx = getDb()): Promise<AsyncGenerator<string>> {
  const [{ max } = { max: null }] = await db.$queryRaw<Array<{ max: bigint | null }>>`SELECT max(id) AS max FROM audit_events`;
  return exportBatches(db, options, max);
}

async function* exportBatches(db: DbTx, options: ExportAuditCsvOptions, upTo: bigint | null): AsyncGenerator<string> {
  yield auditCsvHeader();
  if (upTo === null) return;
  const take = options.batchSize ?? 2_000;
  const scope = options.scope ?? allAuditEvents;
  let after = 0n;
  for (;;) {
    const where = auditConditions(options.filter, scope, [Prisma.sql`e.id > ${after}::bigint`, Prisma.sql`e.id <= ${upTo}::bigint`]);
    const rows = await db.$queryRaw<CsvRow[]>`
      SELECT e.id, e.at, e.actor_id::text AS actor_id, e.actor_label, e.action, e.subject_type, e.subject_id, e.request_id,
             e.before::text AS before, e.after::text AS after, e.metadata::text AS metadata
        FROM audit_events e WHERE ${where} ORDER BY e.id LIMIT ${take}`;
    if (rows.length === 0) return;
    const names = await resolveSubjects(db, rows.map((r) => ({ type: r.subject_type, id: r.subject_id })));
    yield rows
      .map((r) =>
        toAuditCsvLine({
          id: r.id.toString(),
          at: r.at,
          actorId: r.actor_id,
          actorLabel: r.actor_label,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          subjectName: names.get(`${r.subject_type}:${r.subject_id}`)?.name ?? null,
          requestId: r.request_id,
          before: r.before,
          after: r.after,
          metadata: r.metadata,
        }),
      )
      .join("");
    if (rows.length < take) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * A generator of text chunks as a byte stream for a `Response`. Pull-based: the next batch is
 * read only when the client has taken the previous one, so a slow download holds one batch,
 * and a client that goes away stops the export.
 */
export function toCsvByteStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
