// POST /api/workloads/:slug/promotions – open a PR copying a unit to the next environment (idempotent on the key; a vulnerable version needs acknowledgeVulnerability: true, and prod an admin)
import { withRoute } from "@/lib/platform/http/with-route";
import { getScaffoldDeps, promoteUnit, promoteUnitInputSchema } from "@/lib/scaffold";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ slug: string }>(async ({ request, params, viewer }) => {
  const body = (await request.json()) as Record<string, unknown>;
  const input = promoteUnitInputSchema.parse({
    ...body,
    workload: params.slug,
    idempotencyKey: body.idempotencyKey ?? request.headers.get("idempotency-key") ?? undefined,
  });
  return promoteUnit(getScaffoldDeps(), viewer, input);
});
