import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getDb } from "../db";
import { getEnv } from "../env";
import { AppError } from "@/lib/errors/app-error";
import { auth } from "./auth";
import { createIdpGroupsReader } from "./idp-groups-reader";
import { resolveViewer } from "./resolve-viewer";
import { parseRoleMapping } from "./role-mapping";
import { satisfies, type Requirement, type Viewer } from "./roles";
import type { SessionDeps } from "./session-deps";
import { sessionPolicyFrom } from "./session-policy";

let sessionDeps: SessionDeps | undefined;

/** The session checker's dependencies, built once per process from the environment. */
export function getSessionDeps(): SessionDeps {
  if (!sessionDeps) {
    const env = getEnv();
    sessionDeps = {
      db: getDb(),
      policy: sessionPolicyFrom({ maxHours: env.BULKHEAD_SESSION_MAX_HOURS, recheckMinutes: env.BULKHEAD_SESSION_RECHECK_MINUTES }),
      rules: parseRoleMapping(env.BULKHEAD_ROLE_MAPPING),
      idp: createIdpGroupsReader(env),
      secret: env.AUTH_SECRET,
      now: () => new Date(),
    };
  }
  return sessionDeps;
}

/**
 * The signed-in person for this request, or null. The session JWT only names a server-side
 * session: it is checked (not revoked, not past its absolute end, roles re-read from the IdP
 * when due) and the roles are read fresh from the database, so a sign-out, an admin's revoke
 * or a revoked membership takes effect at once. Cached per request.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!userId || !sessionId) return null;
  return resolveViewer(getSessionDeps(), { sessionId, userId });
});

/** The id of this request's server-side session, if signed in (the admin screen marks it). */
export async function getCurrentSessionId(): Promise<string | null> {
  return (await auth())?.sessionId ?? null;
}

/**
 * True when the browser holds a session cookie that no longer stands for a session (ended,
 * revoked, expired): the sign-in page says so instead of showing a bare form.
 */
export async function hasEndedSession(): Promise<boolean> {
  const session = await auth();
  return Boolean(session?.user?.id) && (await getViewer()) === null;
}

/** For pages: sends anonymous visitors to sign in, and answers 403 when the role falls short. */
export async function requirePageViewer(requirement?: Requirement): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/signin");
  if (requirement && !satisfies(viewer, requirement)) forbidden();
  return viewer;
}

/** For route handlers and actions: throws AppError, which the error mapper turns into 401/403. */
export async function requireViewer(requirement?: Requirement): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  if (requirement && !satisfies(viewer, requirement)) {
    const scope = "workload" in requirement ? ` of workload "${requirement.workload}"` : "";
    throw new AppError("FORBIDDEN", `This needs the ${requirement.role} role${scope}.`);
  }
  return viewer;
}
