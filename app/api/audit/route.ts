// GET /api/audit – the audit log, newest first, filtered (?actor=&action=&subjectType=&subjectId=&requestId=&from=&to=) and keyset-paginated (?older=|newer=) (admins only)
import { parseAuditListQuery } from "@/lib/platform/audit/audit-list-query";
import { withRoute } from "@/lib/platform/http/with-route";
import { listAuditEvents } from "@/lib/platform/list-audit-events";

export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ request }) => listAuditEvents(parseAuditListQuery(request.nextUrl.searchParams)), { require: { role: "admin" } });
