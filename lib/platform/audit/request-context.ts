import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/*
 * The request id every audit row carries. The HTTP wrappers (`withRoute`, `withPublicRoute`,
 * `defineAction`), the Auth.js route and each job run open a context; `recordAudit` reads it, so
 * the id reaches every write without threading a parameter through each use case and store.
 */

interface RequestContext {
  requestId: string;
}

// One store per process, not per bundle: Next may load this module in several chunks (routes,
// instrumentation), and a context opened in one must be visible to `recordAudit` in another.
const globalForContext = globalThis as unknown as { bulkheadRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (globalForContext.bulkheadRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** The response header that tells a caller the id of their request (quote it to an admin). */
export const REQUEST_ID_HEADER = "x-request-id";

/** A fresh request id. Always made here, never taken from the caller: a client must not choose what the audit log says. */
export function newRequestId(): string {
  return randomUUID();
}

/** The id of the request (or job run) this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Runs `fn` as one request: with a new id, or the surrounding request's when there is one
 * (a use case that calls another wrapped function stays one request).
 */
export function runInRequestContext<T>(fn: (requestId: string) => T, requestId?: string): T {
  const existing = storage.getStore();
  if (existing && requestId === undefined) return fn(existing.requestId);
  const context = { requestId: requestId ?? newRequestId() };
  return storage.run(context, () => fn(context.requestId));
}

/** Adds the request id header to a response, where the response allows it (a fetched response's headers are immutable). */
export function tagResponse(response: Response, requestId: string): Response {
  try {
    if (!response.headers.has(REQUEST_ID_HEADER)) response.headers.set(REQUEST_ID_HEADER, requestId);
  } catch {
    // Immutable headers: the id is still in the audit rows and the logs.
  }
  return response;
}

/** Wraps a route handler that is not built with `withRoute` (Auth.js's) so that it runs as one request. */
export function withRequestContext<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return (...args) => runInRequestContext(async (requestId) => tagResponse(await handler(...args), requestId));
}
