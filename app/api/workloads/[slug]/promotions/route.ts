// POST /api/workloads/:slug/promotions – open a PR copying a unit to the next environment (idempotent on the key)
import { withRoute } from "@/lib/platform/http/with-route";
import { promoteUnit } from "@/lib/scaffold/promote-unit";
import { promoteUnitInputSchema } from "@/lib/scaffold/scaffold-input";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";

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
