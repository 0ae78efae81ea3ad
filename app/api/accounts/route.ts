// GET /api/accounts – the organization's accounts, vended and imported (?q=&source=&env=&workload=&page=&pageSize=)
import { withRoute } from "@/lib/platform/http/with-route";
import { getVendingDeps, listAccounts, listAccountsInputSchema } from "@/lib/vending/server";

export const dynamic = "force-dynamic";

export const GET = withRoute(async ({ request, viewer }) => listAccounts(getVendingDeps(), viewer, listAccountsInputSchema.parse(Object.fromEntries(request.nextUrl.searchParams))));
