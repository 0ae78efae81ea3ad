// GET /api/catalogue/modules/:owner/:repo/:module – one module's versions and the docs of one version (?version=)
import { z } from "zod";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { getModuleDetail } from "@/lib/catalogue/get-module-detail";
import { withRoute } from "@/lib/platform/http/with-route";

const query = z.object({ version: z.string().trim().min(1).max(100).optional() });

export const GET = withRoute<{ owner: string; repo: string; module: string }>(async ({ request, params }) => {
  const { version } = query.parse(Object.fromEntries(request.nextUrl.searchParams));
  return getModuleDetail(getCatalogueDeps(), { ...params, version });
});
