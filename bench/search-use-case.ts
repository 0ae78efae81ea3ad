// The ONE place the search bench calls the catalogue search use case in process. When the use
// case's signature changes, change this file only: build the deps from `db` here and keep the
// returned shape.
import type { Db } from "../lib/platform/create-prisma-client";
import { createPrismaCatalogueReader } from "../lib/catalogue/adapters/prisma-catalogue-reader";
import { searchModules } from "../lib/catalogue/search-modules";
import { searchModulesInputSchema } from "../lib/catalogue/search-modules-query";
import type { BenchQuery } from "./search-queries";

export interface SearchCallResult {
  /** Modules matching the query and filters (all pages). */
  total: number;
  /** Items on the returned page. */
  items: number;
}

/** Returns a function that runs one search the way GET /api/catalogue/modules does, minus HTTP and auth. */
export function createSearchCaller(db: Db): (query: BenchQuery) => Promise<SearchCallResult> {
  const deps = { reader: createPrismaCatalogueReader(db) };
  return async (query) => {
    // The route parses the query string with this schema; strings in, as from a URL.
    const input = searchModulesInputSchema.parse(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
    const result = await searchModules(deps, input);
    return { total: result.total, items: result.items.length };
  };
}
