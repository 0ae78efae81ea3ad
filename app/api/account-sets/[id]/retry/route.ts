// POST /api/account-sets/:id/retry – an admin retries the failed accounts ({accountRequestId?}) and the wiring
import { withRoute } from "@/lib/platform/http/with-route";
import { getVendingDeps, retryAccountSet, retryAccountSetInputSchema } from "@/lib/vending/server";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(
  async ({ request, params, viewer }) => {
    const body = request.headers.get("content-length") === "0" ? {} : ((await request.json().catch(() => ({}))) as Record<string, unknown>);
    const set = await retryAccountSet(getVendingDeps(), viewer, retryAccountSetInputSchema.parse({ ...body, id: params.id }));
    return { id: set.id, state: set.state };
  },
  { require: { role: "admin" } },
);
