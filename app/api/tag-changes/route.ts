// POST /api/tag-changes – request a tag change (idempotent on the key, also read from Idempotency-Key); 409 with `requestId` when a key has an open change · GET – the requests the caller may follow
import { getGovernanceDeps, listTagChanges, listTagChangesInputSchema, requestTagChangeAs, requestTagChangeInputSchema } from "@/lib/governance";
import { withRoute } from "@/lib/platform/http/with-route";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async ({ request, viewer }) => {
    const body = (await request.json()) as Record<string, unknown>;
    const input = requestTagChangeInputSchema.parse({ ...body, idempotencyKey: body.idempotencyKey ?? request.headers.get("idempotency-key") ?? undefined });
    const outcome = await requestTagChangeAs(getGovernanceDeps(), viewer, input);
    if (outcome.status === "conflict") return Response.json({ error: { code: "CONFLICT", message: outcome.message, requestId: outcome.requestId } }, { status: 409 });
    return Response.json(
      { id: outcome.request.id, state: outcome.request.state, created: outcome.status === "created", accounts: outcome.request.items.length, unchanged: outcome.unchanged, inactive: outcome.inactive },
      { status: outcome.status === "created" ? 201 : 200 },
    );
  },
  { require: { role: "lead" } },
);

export const GET = withRoute(async ({ request, viewer }) => listTagChanges(getGovernanceDeps(), viewer, listTagChangesInputSchema.parse(Object.fromEntries(request.nextUrl.searchParams))));
