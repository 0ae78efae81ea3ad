/**
 * The searches the bench sends, as a search-as-you-type client would: URL query parameters of
 * GET /api/catalogue/modules. Broad and selective terms, prefixes, filters, sorts and pages,
 * and a query that matches nothing. The bench reports the share of modules each one matches.
 */
export type BenchQuery = Record<string, string | number>;

export const BENCH_QUERIES: BenchQuery[] = [
  {},
  { q: "vp" },
  { q: "vpc" },
  { q: "sub" },
  { q: "subnet" },
  { q: "kms_key_arn" },
  { q: "dead letter" },
  { q: "redrive" },
  { q: "eks node group" },
  { q: "postgres" },
  { q: "aurora serverless" },
  { q: "bucket lifecycle" },
  { q: "lambda layer" },
  { q: "waf rate" },
  { q: "rotation", category: "security" },
  { q: "cross account" },
  { q: "database backup", sort: "updated" },
  { category: "networking" },
  { provider: "aws", status: "active", sort: "updated" },
  { page: 5 },
  { q: "tags", page: 3 },
  { q: "zzzz-no-hit" },
];

export function toQueryString(query: BenchQuery): string {
  return new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
}

export function describeQuery(query: BenchQuery): string {
  const text = toQueryString(query);
  return text === "" ? "(browse, no filter)" : decodeURIComponent(text.replace(/\+/g, " "));
}
