// GET /api/catalogue/modules/:owner/:repo/:module/compare – what changed between two versions (?from=&to=)
import { z } from "zod";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { compareModuleVersions } from "@/lib/catalogue/compare-module-versions";
import { withRoute } from "@/lib/platform/http/with-route";

const query = z.object({ from: z.string().trim().min(1).max(100), to: z.string().trim().min(1).max(100) });

export const GET = withRoute<{ owner: string; repo: string; module: string }>(async ({ request, params }) => {
  const { from, to } = query.parse(Object.fromEntries(request.nextUrl.searchParams));
  return compareModuleVersions(getCatalogueDeps(), { ...params, from, to });
});
