import { resolveViewer } from "./resolve-viewer";
import type { SessionDeps } from "./session-deps";

// Auth.js's session cookie, possibly chunked (`.0`, `.1`, …), with the __Secure- prefix on https.
const SESSION_COOKIE = /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?$/;

function sessionCookieNames(request: Request): string[] {
  const header = request.headers.get("cookie") ?? "";
  return header
    .split(";")
    .map((pair) => pair.slice(0, pair.indexOf("=")).trim())
    .filter((name) => SESSION_COOKIE.test(name));
}

/** `null`, as Auth.js answers without a session, and the session cookie expired. */
function endedSessionResponse(request: Request): Response {
  const headers = new Headers({ "content-type": "application/json", "cache-control": "private, no-cache, no-store" });
  for (const name of sessionCookieNames(request)) {
    const secure = name.startsWith("__Secure-") ? "; Secure" : "";
    headers.append("set-cookie", `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  }
  return new Response("null", { status: 200, headers });
}

/**
 * Wraps an Auth.js handler so that `/api/auth/session` honours the server-side session: a
 * cookie whose session was signed out, revoked or ended gets `null` and an expired cookie,
 * not a session and a re-issued cookie. Every other Auth.js endpoint passes through unchanged.
 */
export function guardSessionEndpoint<R extends Request>(
  handler: (request: R) => Promise<Response>,
  deps: () => SessionDeps,
): (request: R) => Promise<Response> {
  return async (request) => {
    const response = await handler(request);
    if (!new URL(request.url).pathname.endsWith("/session") || !response.ok) return response;
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { user?: { id?: unknown }; sessionId?: unknown } | null;
    const userId = body?.user?.id;
    if (body === null || typeof userId !== "string") return response;
    const sessionId = body.sessionId;
    if (typeof sessionId === "string" && (await resolveViewer(deps(), { sessionId, userId }))) return response;
    return endedSessionResponse(request);
  };
}
