import type { IncomingMessage, ServerResponse } from "node:http";

const DOCS = "https://docs.github.com/rest";

/** An error rendered the way GitHub renders API errors: `{ message, documentation_url, status }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): Record<string, unknown> {
    return { message: this.message, ...this.extra, documentation_url: this.extra.documentation_url ?? DOCS, status: String(this.status) };
  }
}

export const notFound = (): ApiError => new ApiError(404, "Not Found");

/** GitHub's 422 with an `errors` array, as octokit surfaces it in `error.response.data`. */
export function validationFailed(errors: Array<Record<string, unknown>>, message = "Validation Failed"): ApiError {
  return new ApiError(422, message, { errors });
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes instead of JSON (raw media types, tarballs). */
  raw?: Buffer;
}

export async function readRawBody(req: IncomingMessage, limitBytes = 100 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new ApiError(413, "Request body too large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch {
    throw new ApiError(400, "Problems parsing JSON");
  }
}

export function writeResponse(res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: Buffer | undefined;
  if (response.raw) payload = response.raw;
  else if (response.body !== undefined) {
    payload = Buffer.from(JSON.stringify(response.body));
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  if (payload) headers["content-length"] = String(payload.length);
  res.writeHead(response.status, headers);
  res.end(payload);
}

export interface PageRequest {
  page: number;
  perPage: number;
}

export function readPage(query: URLSearchParams, defaultPerPage = 30): PageRequest {
  const perPage = Math.min(100, Math.max(1, Number(query.get("per_page")) || defaultPerPage));
  const page = Math.max(1, Number(query.get("page")) || 1);
  return { page, perPage };
}

/** Slices a list and builds GitHub's `Link` header (first/prev/next/last) for it. */
export function paginate<T>(items: readonly T[], query: URLSearchParams, selfUrl: string): { items: T[]; headers: Record<string, string> } {
  const { page, perPage } = readPage(query);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string): string => {
    const params = new URLSearchParams(query);
    params.set("per_page", String(perPage));
    params.set("page", String(target));
    return `<${selfUrl}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  return { items: slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}
