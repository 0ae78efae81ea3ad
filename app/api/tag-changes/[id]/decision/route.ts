// POST /api/tag-changes/:id/decision – an admin approves (applied at once) or rejects ({decision, reason}); never the requester
import { decideTagChangeAs, decideTagChangeInputSchema, getGovernanceDeps } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(
  async ({ request, params, viewer }) => {
    const body = (await request.json()) as Record<string, unknown>;
    const view = await decideTagChangeAs(getGovernanceDeps(), viewer, decideTagChangeInputSchema.parse({ ...body, id: params.id }));
    return { id: view.id, state: view.state, decidedBy: view.decidedBy?.name ?? null, reason: view.decisionReason };
  },
  { require: { role: "admin" } },
);
