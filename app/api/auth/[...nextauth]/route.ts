// GET|POST /api/auth/* – Auth.js sign-in, callback and sign-out endpoints; /session also checks the server-side session
import { withRequestContext } from "@/lib/platform/audit/request-context";
import { handlers } from "@/lib/platform/auth/auth";
import { getSessionDeps } from "@/lib/platform/auth/get-viewer";
import { guardSessionEndpoint } from "@/lib/platform/auth/guard-session-endpoint";

// Sign-ins and sign-outs are audited from inside these handlers: each call is one request.
export const GET = withRequestContext(guardSessionEndpoint(handlers.GET, getSessionDeps));
export const POST = withRequestContext(guardSessionEndpoint(handlers.POST, getSessionDeps));
