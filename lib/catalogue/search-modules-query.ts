import { z } from "zod";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SEARCH_SORTS, type SearchModulesQuery } from "./search-modules-params";

/*
 * The zod schema of the catalogue search state, for the edges that receive it from outside:
 * the list page's URL, the JSON route and the use case. Server side only; the browser uses
 * the plain helpers in search-modules-params.ts.
 */

const filterText = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === "" ? undefined : v))
  .optional();

export const searchModulesInputSchema = z.object({
  q: filterText,
  provider: filterText,
  category: filterText,
  /** `owner/repo` of a module source. */
  source: filterText,
  /** An owning team or person, e.g. `@acme-platform/networking`. */
  owner: filterText,
  status: z
    .enum(["active", "deprecated", "vulnerable", ""])
    .transform((v) => (v === "" ? undefined : v))
    .optional(),
  /** Relevance needs a query; without one the default is by name. */
  sort: z
    .enum([...SEARCH_SORTS, ""])
    .transform((v) => (v === "" ? undefined : v))
    .optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type SearchModulesInput = z.input<typeof searchModulesInputSchema>;

/** Validates a search state; the result is the plain {@link SearchModulesQuery} the browser shares. */
export function parseSearchModulesInput(input: SearchModulesInput): SearchModulesQuery {
  return searchModulesInputSchema.parse(input);
}

/**
 * Reads a search state from URL parameters (Next's `searchParams` or URLSearchParams).
 * Invalid values fall back to defaults instead of failing: a hand-edited URL still shows a page.
 */
export function parseSearchParams(raw: URLSearchParams | Record<string, string | string[] | undefined>): SearchModulesQuery {
  const entries: Record<string, string> = {};
  if (raw instanceof URLSearchParams) {
    raw.forEach((value, key) => (entries[key] ??= value));
  } else {
    for (const [key, value] of Object.entries(raw)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) entries[key] = first;
    }
  }
  const result = searchModulesInputSchema.safeParse(entries);
  if (result.success) return result.data;
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (searchModulesInputSchema.shape[key as keyof typeof searchModulesInputSchema.shape]?.safeParse(value).success) {
      cleaned[key] = value;
    }
  }
  return searchModulesInputSchema.parse(cleaned);
}
