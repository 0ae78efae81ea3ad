// POST /api/account-sets/:id/decision – an admin approves or rejects ({decision, reason}); never the requester
import { withRoute } from "@/lib/platform/http/with-route";
import { decideAccountSet, decideAccountSetInputSchema, getVendingDeps } from "@/lib/vending/server";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(
  async ({ request, params, viewer }) => {
    const body = (await request.json()) as Record<string, unknown>;
    const set = await decideAccountSet(getVendingDeps(), viewer, decideAccountSetInputSchema.parse({ ...body, id: params.id }));
    return { id: set.id, state: set.state, decidedBy: set.decidedBy?.name ?? null, reason: set.decisionReason };
  },
  { require: { role: "admin" } },
);
