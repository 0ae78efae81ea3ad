// POST /api/drift-findings/:id/settle – {action: revert|adopt|dismiss, reason, idempotencyKey}: revert is applied at once, adopt waits for another admin (admins)
import { getGovernanceDeps, settleDriftFindingAs, settleDriftFindingInputSchema } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(
  async ({ request, params, viewer }) => {
    const body = (await request.json()) as Record<string, unknown>;
    const input = settleDriftFindingInputSchema.parse({ ...body, findingId: params.id, idempotencyKey: body.idempotencyKey ?? request.headers.get("idempotency-key") ?? undefined });
    return settleDriftFindingAs(getGovernanceDeps(), viewer, input);
  },
  { require: { role: "admin" } },
);
