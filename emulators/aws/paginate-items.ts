import type { AwsError } from "./aws-error.js";

export interface PaginateOptions {
  token: string | undefined;
  pageSize: number;
  /** The operation and its filters: a token only works for the listing that issued it, as on AWS. */
  scope: string;
  invalidToken: () => AwsError;
}

/** One page of `items` and the opaque token of the next page, if any. */
export function paginateItems<T>(items: readonly T[], options: PaginateOptions): { page: T[]; nextToken: string | undefined } {
  let offset = 0;
  if (options.token !== undefined) {
    offset = decodeToken(options.token, options.scope);
    if (offset < 0 || offset > items.length) throw options.invalidToken();
  }
  const end = offset + options.pageSize;
  return {
    page: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(JSON.stringify({ s: options.scope, o: end })).toString("base64url") : undefined,
  };
}

function decodeToken(token: string, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { s?: unknown; o?: unknown };
    if (parsed.s === scope && typeof parsed.o === "number" && Number.isInteger(parsed.o)) return parsed.o;
  } catch {
    // fall through: not one of ours
  }
  return -1;
}
