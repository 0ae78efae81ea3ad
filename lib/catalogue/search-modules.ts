import type { SearchModulesResult } from "./catalogue-views";
import type { CatalogueDeps } from "./ports";
import { buildPrefixTsQuery, resolveSort } from "./search-modules-params";
import { parseSearchModulesInput, type SearchModulesInput } from "./search-modules-query";

/**
 * Searches the catalogue: full-text prefix search over each module's search text (name,
 * description, input names, README), filters (provider, category, source, owner, status),
 * sort and pagination, plus facet counts for the filter controls. Only modules with at least
 * one usable version show. Free text never reaches tsquery syntax: it is cut into words first
 * (`buildPrefixTsQuery`). The app's reader answers repeated searches from a cache that every
 * committed catalogue change empties (`withSearchCache`).
 */
export async function searchModules(deps: Pick<CatalogueDeps, "reader">, input: SearchModulesInput): Promise<SearchModulesResult> {
  const query = parseSearchModulesInput(input);
  const sort = resolveSort(query);
  const { page, pageSize } = query;
  // A filter without "/" names no source: it matches nothing rather than every repo of an owner.
  const [owner = "", repo = ""] = query.source?.includes("/") ? query.source.split("/", 2) : [query.source];
  const found = await deps.reader.searchModules({
    tsQuery: buildPrefixTsQuery(query.q ?? ""),
    exactName: (query.q ?? "").trim().toLowerCase(),
    status: query.status,
    provider: query.provider,
    category: query.category,
    source: query.source ? { owner, repo } : undefined,
    owner: query.owner,
    sort,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: found.items, total: found.total, page, pageSize, sort, facets: found.facets, catalogueEmpty: found.catalogueEmpty };
}
