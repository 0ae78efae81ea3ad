// GET /api/health – database reachability and version; 503 when the database is down
import { checkDatabaseHealth } from "@/lib/platform/check-database-health";
import { withPublicRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withPublicRoute(async () => {
  const database = await checkDatabaseHealth();
  return Response.json(
    { status: database.reachable ? "ok" : "degraded", database },
    { status: database.reachable ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
