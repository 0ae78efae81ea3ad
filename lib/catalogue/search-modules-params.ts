/*
 * The catalogue search state as the list page's URL, the browser and the use case share it.
 * Plain TypeScript without zod or Prisma, so the browser bundle can import it; the zod schema
 * that validates the same state at the edge is in search-modules-query.ts (server side).
 */

import type { ModuleStatusFilter } from "./version-status-params";

export const SEARCH_SORTS = ["relevance", "name", "updated"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 64;

/** A validated search state; absent filters are undefined, never "". */
export interface SearchModulesQuery {
  q?: string;
  provider?: string;
  category?: string;
  /** `owner/repo` of a module source. */
  source?: string;
  /** An owning team or person as CODEOWNERS writes it, e.g. `@acme-platform/networking`. */
  owner?: string;
  /** `deprecated`/`vulnerable`: modules with at least one such version; `active`: modules with none. */
  status?: ModuleStatusFilter;
  /** Relevance needs a query; without one the default is by name. */
  sort?: SearchSort;
  page: number;
  pageSize: number;
}

/** The sort actually applied: relevance only makes sense when there is a text query. */
export function resolveSort(query: Pick<SearchModulesQuery, "q" | "sort">): SearchSort {
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
  if (query.owner) params.set("owner", query.owner);
  if (query.status) params.set("status", query.status);
  if (query.sort) params.set("sort", query.sort);
  if (query.page && query.page > 1) params.set("page", String(query.page));
  if (query.pageSize && query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  return params;
}
