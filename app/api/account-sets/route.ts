// POST /api/account-sets – request an account set (idempotent on the key, also read from Idempotency-Key) · GET – the requests the caller may follow
import { withRoute } from "@/lib/platform/http/with-route";
import { getVendingDeps, listAccountSets, listAccountSetsInputSchema, requestAccountSet, requestAccountSetInputSchema } from "@/lib/vending/server";

export const dynamic = "force-dynamic";

export const POST = withRoute(
  async ({ request, viewer }) => {
    const body = (await request.json()) as Record<string, unknown>;
    const input = requestAccountSetInputSchema.parse({ ...body, idempotencyKey: body.idempotencyKey ?? request.headers.get("idempotency-key") ?? undefined });
    const { record, created } = await requestAccountSet(getVendingDeps(), viewer, input);
    return Response.json({ id: record.id, state: record.state, created }, { status: created ? 201 : 200 });
  },
  { require: { role: "lead" } },
);

export const GET = withRoute(async ({ request, viewer }) => {
  const input = listAccountSetsInputSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return listAccountSets(getVendingDeps(), viewer, input);
});
