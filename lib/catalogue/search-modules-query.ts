import { z } from "zod";

/*
 * The catalogue search state, shared by the list page (URL), the JSON route and the use case.
 * Pure and free of Prisma so that the browser bundle can use it too.
 */

export const SEARCH_SORTS = ["relevance", "name", "updated"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 64;

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
  status: z
    .enum(["active", "deprecated", ""])
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
export type SearchModulesQuery = z.output<typeof searchModulesInputSchema>;

/** The sort actually applied: relevance only makes sense when there is a text query. */
export function resolveSort(query: Pick<SearchModulesQuery, "q" | "sort">): Exclude<SearchSort, "relevance"> | "relevance" {
  const hasText = buildPrefixTsQuery(query.q ?? "") !== null;
  if (query.sort === "relevance") return hasText ? "relevance" : "name";
  return query.sort ?? (hasText ? "relevance" : "name");
}

/**
 * Splits free text into search words: runs of letters, digits and combining marks in any
 * script. Everything else (quotes, `&|!():*<>-_/`, spaces) separates words, so no user text
 * ever reaches tsquery syntax.
 */
export function tokenizeSearchText(text: string): string[] {
  const words = text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const unique: string[] = [];
  for (const word of words) {
    const term = Array.from(word).slice(0, MAX_TERM_LENGTH).join("");
    if (!unique.includes(term)) unique.push(term);
    if (unique.length === MAX_TERMS) break;
  }
  return unique;
}

/**
 * Builds a `to_tsquery('simple', ...)` text that matches every word as a prefix
 * (`vpc:* & sub:*`), so that search-as-you-type matches partial words. Returns null when
 * the text is shorter than two characters in total: one letter matches nearly everything.
 */
export function buildPrefixTsQuery(text: string): string | null {
  const terms = tokenizeSearchText(text);
  if (terms.join("").length < 2) return null;
  return terms.map((term) => `${term}:*`).join(" & ");
}

/** The URL query string for a search state, leaving defaults out so URLs stay short. */
export function toSearchParams(query: Partial<SearchModulesQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.provider) params.set("provider", query.provider);
  if (query.category) params.set("category", query.category);
  if (query.source) params.set("source", query.source);
  if (query.status) params.set("status", query.status);
  if (query.sort) params.set("sort", query.sort);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  if (query.pageSize && query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  return params;
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
