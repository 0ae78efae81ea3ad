// GET /api/workloads/:slug/audit – the audit trail of one workload's subjects (its accounts, requests, scaffolds, members), for its leads and admins
import { parseAuditListQuery } from "@/lib/platform/audit/audit-list-query";
import { workloadAuditScope } from "@/lib/platform/audit/workload-audit-scope";
import { withRoute } from "@/lib/platform/http/with-route";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ slug: string }>(
  async ({ request, params }) => {
    const query = parseAuditListQuery(request.nextUrl.searchParams);
    const { scope } = await workloadAuditScope(params.slug);
    return listAuditEvents({ ...query, scope });
  },
  { require: (params) => ({ role: "lead", workload: params.slug }) },
);
