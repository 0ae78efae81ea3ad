// GET /api/drift-findings – drift findings (?status=unsettled|open|reverting|reverted|adopting|adopted|dismissed|all, ?page), newest first (admins)
import { getGovernanceDeps, listDriftFindingViews, listDriftInputSchema } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ request, viewer }) => listDriftFindingViews(getGovernanceDeps(), viewer, listDriftInputSchema.parse(Object.fromEntries(request.nextUrl.searchParams))), {
  require: { role: "admin" },
});
