// POST /api/scaffolds/preview – render a scaffold and diff it against the consumer repo, writing nothing
import { withRoute } from "@/lib/platform/http/with-route";
import { getScaffoldDeps, previewScaffold, scaffoldInputSchema } from "@/lib/scaffold";

export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ request, viewer }) => {
  const input = scaffoldInputSchema.parse(await request.json());
  return previewScaffold(getScaffoldDeps(), viewer, input);
});
