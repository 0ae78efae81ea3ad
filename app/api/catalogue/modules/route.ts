// GET /api/catalogue/modules – search the module catalogue (full text, filters, sort, pages, facets)
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { searchModules } from "@/lib/catalogue/search-modules";
import { searchModulesInputSchema } from "@/lib/catalogue/search-modules-query";
import { withRoute } from "@/lib/platform/http/with-route";

export const GET = withRoute(async ({ request }) => {
  const input = searchModulesInputSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return searchModules(getCatalogueDeps(), input);
});
