// GET /api/audit/export – the filtered audit log as CSV, streamed from the database in keyset batches (admins only)
import { auditFilterSchema, pickAuditFilterParams } from "@/lib/platform/audit/audit-filter";
import { startAuditCsvExport, toCsvByteStream } from "@/lib/platform/audit/export-audit-csv";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withRoute(
  async ({ request }) => {
    const filter = auditFilterSchema.parse(pickAuditFilterParams(Object.fromEntries(request.nextUrl.searchParams)));
    const chunks = await startAuditCsvExport({ filter });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(toCsvByteStream(chunks), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="bulkhead-audit-${stamp}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
  { require: { role: "admin" } },
);
