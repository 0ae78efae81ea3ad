// GET /api/estate/export?kind=estate|overdue – the estate (one row per unit) or the overdue notices as CSV, streamed; admins get every workload, others their own
import { z } from "zod";
import { exportEstateCsv, exportOverdueCsv, getEstateDeps } from "@/lib/estate";
import { toCsvByteStream } from "@/lib/platform/audit/export-audit-csv";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

const querySchema = z.object({ kind: z.enum(["estate", "overdue"], { error: 'kind must be "estate" or "overdue"' }) });

export const GET = withRoute(
  async ({ request, viewer }) => {
    const { kind } = querySchema.parse({ kind: request.nextUrl.searchParams.get("kind") ?? undefined });
    const deps = getEstateDeps();
    const chunks = kind === "estate" ? exportEstateCsv(deps, viewer) : exportOverdueCsv(deps, viewer);
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(toCsvByteStream(chunks), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="bulkhead-${kind}-${stamp}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
  { require: { role: "builder" } },
);
