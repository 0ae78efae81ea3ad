import "server-only";
import type { NextRequest } from "next/server";
import { requireViewer } from "../auth/get-viewer";
import type { Requirement, Viewer } from "../auth/roles";
import { runInRequestContext, tagResponse } from "../audit/request-context";
import { errorResponse } from "./error-response";
import { HttpError } from "./http-error";

type Params = Record<string, string | string[] | undefined>;

export interface RouteContext<P extends Params> {
  request: NextRequest;
  params: P;
  viewer: Viewer;
}

export interface PublicRouteContext<P extends Params> {
  request: NextRequest;
  params: P;
}

/**
 * Makes `request.json()` refuse a body that is not JSON (empty, truncated, not JSON at all)
 * with 400 and a message that says so, instead of the SyntaxError that would map to 500.
 * Done here once, so that no route has to remember it.
 */
function refuseMalformedJson(request: NextRequest): NextRequest {
  const parse = request.json.bind(request);
  Object.defineProperty(request, "json", {
    configurable: true,
    value: async (): Promise<unknown> => {
      try {
        return await parse();
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        throw new HttpError("BAD_REQUEST", "The request body is not valid JSON: send one JSON object, with Content-Type: application/json.", { cause: error });
      }
    },
  });
  return request;
}

/**
 * Wraps every authenticated route handler: gives the request its id (audit rows, the
 * `x-request-id` header), resolves the viewer, checks the requirement, runs the handler and
 * maps any error to the shared error shape (a malformed JSON body included: 400).
 * A handler may return a Response or any JSON-serialisable value.
 */
export function withRoute<P extends Params = Params>(
  handler: (context: RouteContext<P>) => Promise<unknown>,
  options: { require?: Requirement | ((params: P) => Requirement) } = {},
) {
  return (request: NextRequest, segment: { params: Promise<P> }): Promise<Response> =>
    runInRequestContext(async (requestId) => {
      try {
        const params = await segment.params;
        const requirement = typeof options.require === "function" ? options.require(params) : options.require;
        const viewer = await requireViewer(requirement);
        const result = await handler({ request: refuseMalformedJson(request), params, viewer });
        return tagResponse(result instanceof Response ? result : Response.json(result), requestId);
      } catch (error) {
        return tagResponse(errorResponse(error), requestId);
      }
    });
}

/** The same error mapping for the few routes that take no session (health, webhooks, registry). */
export function withPublicRoute<P extends Params = Params>(handler: (context: PublicRouteContext<P>) => Promise<unknown>) {
  return (request: NextRequest, segment: { params: Promise<P> }): Promise<Response> =>
    runInRequestContext(async (requestId) => {
      try {
        const result = await handler({ request: refuseMalformedJson(request), params: await segment.params });
        return tagResponse(result instanceof Response ? result : Response.json(result), requestId);
      } catch (error) {
        return tagResponse(errorResponse(error), requestId);
      }
    });
}
