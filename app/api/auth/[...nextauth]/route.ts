// GET|POST /api/auth/* – Auth.js sign-in, callback and sign-out endpoints
import { withRequestContext } from "@/lib/platform/audit/request-context";
import { handlers } from "@/lib/platform/auth/auth";

// Sign-ins and sign-outs are audited from inside these handlers: each call is one request.
export const GET = withRequestContext(handlers.GET);
export const POST = withRequestContext(handlers.POST);
