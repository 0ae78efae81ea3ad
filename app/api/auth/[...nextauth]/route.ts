// GET|POST /api/auth/* – Auth.js sign-in, callback and sign-out endpoints; /session also checks the server-side session
import { handlers } from "@/lib/platform/auth/auth";
import { getSessionDeps } from "@/lib/platform/auth/get-viewer";
import { guardSessionEndpoint } from "@/lib/platform/auth/guard-session-endpoint";

export const GET = guardSessionEndpoint(handlers.GET, getSessionDeps);
export const POST = guardSessionEndpoint(handlers.POST, getSessionDeps);
