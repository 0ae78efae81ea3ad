// POST /api/scaffolds – store a scaffold request and open its pull request (idempotent on the key; a vulnerable version needs acknowledgeVulnerability: true, and prod an admin) · GET – list requests
import { withRoute } from "@/lib/platform/http/with-route";
import { createScaffold, createScaffoldInputSchema, getScaffoldDeps, listScaffolds } from "@/lib/scaffold";

export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ request, viewer }) => {
  const body = (await request.json()) as Record<string, unknown>;
  const input = createScaffoldInputSchema.parse({ ...body, idempotencyKey: body.idempotencyKey ?? request.headers.get("idempotency-key") ?? undefined });
  return createScaffold(getScaffoldDeps(), viewer, input);
});

export const GET = withRoute(async ({ request, viewer }) => {
  const params = request.nextUrl.searchParams;
  return listScaffolds(getScaffoldDeps(), viewer, {
    workload: params.get("workload") ?? undefined,
    mine: params.get("mine") === "1",
    page: Number(params.get("page") ?? "1") || 1,
  });
});
