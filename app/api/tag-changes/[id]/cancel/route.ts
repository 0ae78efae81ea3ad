// POST /api/tag-changes/:id/cancel – {reason}: the requester withdraws a waiting request; an admin also an approved or failed one
import { cancelTagChangeAs, cancelTagChangeInputSchema, getGovernanceDeps } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(async ({ request, params, viewer }) => {
  const body = (await request.json()) as Record<string, unknown>;
  const view = await cancelTagChangeAs(getGovernanceDeps(), viewer, cancelTagChangeInputSchema.parse({ ...body, id: params.id }));
  return { id: view.id, state: view.state };
});
