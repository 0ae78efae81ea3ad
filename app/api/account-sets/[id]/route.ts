// GET /api/account-sets/:id – a request's live status: accounts, ids, pull requests, errors and timeline
import { withRoute } from "@/lib/platform/http/with-route";
import { getAccountSet, getVendingDeps } from "@/lib/vending/server";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ id: string }>(async ({ params, viewer }) => getAccountSet(getVendingDeps(), viewer, { id: params.id }));
