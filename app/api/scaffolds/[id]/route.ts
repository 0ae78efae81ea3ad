// GET /api/scaffolds/:id – one scaffold request with its state, PR and failure
import { withRoute } from "@/lib/platform/http/with-route";
import { getScaffold, getScaffoldDeps } from "@/lib/scaffold";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ id: string }>(async ({ params, viewer }) => getScaffold(getScaffoldDeps(), viewer, { id: params.id }));
