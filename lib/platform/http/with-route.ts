import "server-only";
import type { NextRequest } from "next/server";
import { requireViewer } from "../auth/get-viewer";
import type { Requirement, Viewer } from "../auth/roles";
import { errorResponse } from "./error-response";

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
 * Wraps every authenticated route handler: resolves the viewer, checks the
 * requirement, runs the handler and maps any error to the shared error shape.
 * A handler may return a Response or any JSON-serialisable value.
 */
export function withRoute<P extends Params = Params>(
  handler: (context: RouteContext<P>) => Promise<unknown>,
  options: { require?: Requirement | ((params: P) => Requirement) } = {},
) {
  return async (request: NextRequest, segment: { params: Promise<P> }): Promise<Response> => {
    try {
      const params = await segment.params;
      const requirement = typeof options.require === "function" ? options.require(params) : options.require;
      const viewer = await requireViewer(requirement);
      const result = await handler({ request, params, viewer });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The same error mapping for the few routes that take no session (health, webhooks, registry). */
export function withPublicRoute<P extends Params = Params>(handler: (context: PublicRouteContext<P>) => Promise<unknown>) {
  return async (request: NextRequest, segment: { params: Promise<P> }): Promise<Response> => {
    try {
      const result = await handler({ request, params: await segment.params });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
