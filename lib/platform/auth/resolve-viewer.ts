import { recheckSessionGroups } from "./recheck-session-groups";
import { highestRole, type Viewer } from "./roles";
import type { SessionDeps } from "./session-deps";
import { LAST_SEEN_RESOLUTION_MS, recheckStateOf } from "./session-policy";

const withMemberships = {
  memberships: { include: { workload: { select: { slug: true, name: true } } } },
} as const;

/**
 * The viewer behind a session JWT's claims, or null when the session has ended: signed out,
 * revoked by an admin, past its absolute lifetime, unknown (a cookie from before server-side
 * sessions), or its roles are due a re-check the IdP refuses. One indexed lookup loads the
 * session, the user and the memberships together; the IdP is only asked when a re-check is due.
 */
export async function resolveViewer(
  deps: SessionDeps,
  claims: { sessionId: string; userId: string },
): Promise<Viewer | null> {
  const now = deps.now();
  const session = await deps.db.userSession.findUnique({
    where: { id: claims.sessionId },
    include: { user: { include: withMemberships } },
  });
  if (!session || session.userId !== claims.userId || session.revokedAt !== null || session.expiresAt <= now) return null;

  let user = session.user;
  const state = recheckStateOf(session.groupsCheckedAt, now, deps.policy);
  if (state !== "fresh") {
    const outcome = await recheckSessionGroups(deps, session, state);
    if (outcome === "ended") return null;
    if (outcome === "updated") {
      const fresh = await deps.db.user.findUnique({ where: { id: session.userId }, include: withMemberships });
      if (!fresh) return null;
      user = fresh;
    }
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    await deps.db.userSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { lastSeenAt: now } });
  }

  const workloads = user.memberships
    .filter((m) => m.workload && m.role !== "admin")
    .map((m) => ({ slug: m.workload!.slug, name: m.workload!.name, role: m.role as "builder" | "lead" }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.email,
    role: highestRole(user.memberships),
    workloads,
  };
}
