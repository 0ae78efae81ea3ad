// POST /api/scaffolds/:id/retry – resume a failed delivery from its last checkpoint
import { withRoute } from "@/lib/platform/http/with-route";
import { getScaffoldDeps, retryScaffold } from "@/lib/scaffold";

export const dynamic = "force-dynamic";

export const POST = withRoute<{ id: string }>(async ({ params, viewer }) => {
  return retryScaffold(getScaffoldDeps(), viewer, { id: params.id });
});
