import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorContext } from "./emulator-context.js";
import { ApiError, notFound, type ApiResponse } from "./http-io.js";
import type { RepoHandle } from "./repo-registry.js";

export type AuthKind = "none" | "app" | "installation" | "user";

export interface RouteRequest {
  ctx: EmulatorContext;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody: Buffer;
  /** The URL of this resource without query, for Link headers. */
  selfUrl: string;
  /** The signed-in user's login on `user` routes, else null. */
  viewer: string | null;
}

export interface Route {
  method: string;
  pattern: string;
  auth: AuthKind;
  handle: (req: RouteRequest) => Promise<ApiResponse>;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { route: null; methodNotAllowed: boolean };

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ApiError(400, "Invalid URL encoding");
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] ?? "";
    if (part.startsWith("*")) {
      // Wildcards take the rest, decoded as a whole: octokit sends "heads%2Fmain" for "heads/main".
      params[part.slice(1)] = safeDecode(actual.slice(i).join("/"));
      return params;
    }
    const value = actual[i];
    if (value === undefined) return null;
    if (part.startsWith(":")) {
      if (value === "") return null;
      params[part.slice(1)] = safeDecode(value);
    } else if (part !== value) return null;
  }
  return pattern.length === actual.length ? params : null;
}

/** A first-match routing table over `/a/:param/*rest` patterns. */
export function createRouter(routes: readonly Route[]): (method: string, path: string) => RouteMatch {
  const compiled: CompiledRoute[] = routes.map((route) => ({ route, segments: route.pattern.split("/").slice(1) }));
  return (method, path) => {
    const actual = path.split("/").slice(1);
    let methodNotAllowed = false;
    for (const { route, segments } of compiled) {
      const params = matchSegments(segments, actual);
      if (!params) continue;
      if (route.method !== method) {
        methodNotAllowed = true;
        continue;
      }
      return { route, params };
    }
    return { route: null, methodNotAllowed };
  };
}

/**
 * Looks up the repository a route addresses, enforcing what the installation may do:
 * invisible repos are 404 (as GitHub hides them), read-only repos refuse writes with 403.
 */
export function requireRepo(req: RouteRequest, access: "read" | "write" = "read"): RepoHandle {
  const repo = req.ctx.repos.find(req.params.owner ?? "", req.params.repo ?? "");
  if (!repo) throw notFound();
  const rule = req.ctx.repos.access(repo);
  if (!rule.visible) throw notFound();
  if (access === "write" && !rule.writable) throw new ApiError(403, "Resource not accessible by integration");
  return repo;
}

export function bodyObject(req: RouteRequest): Record<string, unknown> {
  const body = req.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ApiError(400, "Problems parsing JSON");
  return body as Record<string, unknown>;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  return { status, body, headers };
}

/** Validates a JSON body with zod and answers GitHub's 422 "Invalid request" when it does not fit. */
export function parseBody<T>(req: RouteRequest, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }): T {
  const result = schema.safeParse(req.body);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => `"${issue.path.map(String).join(".") || "body"}": ${issue.message}`).join("\n");
  throw new ApiError(422, `Invalid request.\n\n${details}`);
}
