// POST /api/scaffolds/preview – render a scaffold and diff it against the consumer repo, writing nothing
import { withRoute } from "@/lib/platform/http/with-route";
import { previewScaffold } from "@/lib/scaffold/preview-scaffold";
import { scaffoldInputSchema } from "@/lib/scaffold/scaffold-input";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";

export const dynamic = "force-dynamic";

export const POST = withRoute(async ({ request, viewer }) => {
  const input = scaffoldInputSchema.parse(await request.json());
  return previewScaffold(getScaffoldDeps(), viewer, input);
});
