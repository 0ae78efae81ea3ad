// POST /api/tag-changes/policy-fix – {changes, reason, idempotencyKey}: one bulk request for every account that breaks the tag policy (admins; another admin approves)
import { getGovernanceDeps, requestPolicyFixAs, requestPolicyFixInputSchema } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async ({ request, viewer }) => {
    const body = (await request.json()) as Record<string, unknown>;
    const input = requestPolicyFixInputSchema.parse({ ...body, idempotencyKey: body.idempotencyKey ?? request.headers.get("idempotency-key") ?? undefined });
    const result = await requestPolicyFixAs(getGovernanceDeps(), viewer, input);
    return Response.json({ id: result.request.id, state: result.request.state, created: result.created, accounts: result.request.items.length, unresolved: result.unresolved }, { status: result.created ? 201 : 200 });
  },
  { require: { role: "admin" } },
);
