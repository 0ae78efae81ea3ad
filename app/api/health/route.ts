// GET /api/health – status and database latency for anyone; the PostgreSQL version for admins; 503 when the database is down
import { getViewer } from "@/lib/platform/auth/get-viewer";
import { checkDatabaseHealth } from "@/lib/platform/check-database-health";
import { getHealthReport } from "@/lib/platform/get-health-report";
import { withPublicRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withPublicRoute(async () => {
  const report = await getHealthReport({ checkDatabase: () => checkDatabaseHealth(), getViewer });
  return Response.json(report.body, { status: report.httpStatus, headers: { "cache-control": "no-store" } });
});
