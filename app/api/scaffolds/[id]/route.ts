// GET /api/scaffolds/:id – one scaffold request with its state, PR and failure
import { withRoute } from "@/lib/platform/http/with-route";
import { getScaffold } from "@/lib/scaffold/get-scaffold";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";

export const dynamic = "force-dynamic";

export const GET = withRoute<{ id: string }>(async ({ params, viewer }) => getScaffold(getScaffoldDeps(), viewer, { id: params.id }));
