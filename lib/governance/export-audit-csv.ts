import { auditCsvHeader, toAuditCsvLine } from "./core/audit-csv";
import { auditFilterSchema, type AuditFilter } from "./core/audit-filter";
import type { GovernanceStore } from "./ports";

/**
 * The filtered audit log as CSV, streamed: keyset pages of `pageSize` rows by id, one chunk per
 * page, so 100,000 rows export in constant memory. The set is fixed at the start (rows up to the
 * chain head then; the log is append-only, so those rows cannot change while they stream) and
 * needs no long-running transaction. Callers check the admin role.
 */
export async function* exportAuditCsv(deps: { store: GovernanceStore }, input: { filter: unknown; pageSize?: number }): AsyncGenerator<string> {
  const filter: AuditFilter = auditFilterSchema.parse(input.filter ?? {});
  const take = input.pageSize ?? 2_000;
  const { lastId } = await deps.store.getAuditChainHead();
  yield auditCsvHeader();
  let afterId: string | null = null;
  for (;;) {
    const rows = await deps.store.readAuditExport({ filter, afterId, upToId: lastId, take });
    if (rows.length === 0) return;
    yield rows.map(toAuditCsvLine).join("");
    if (rows.length < take) return;
    afterId = rows.at(-1)!.id;
  }
}

/** The export as a web stream for a route's `Response`: pulled page by page as the client reads. */
export function auditCsvStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
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
  });
}
