import "server-only";
import type { DbTx } from "../create-prisma-client";
import { getDb } from "../db";
import { sessionLabel } from "./end-user-sessions";

/** One session as the admin screen shows it; dates are ISO strings so client components can take them. */
export interface UserSessionView {
  id: string;
  label: string;
  userId: string;
  username: string;
  name: string;
  provider: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  groupsCheckedAt: string;
  groupsCheckError: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

/**
 * Live sessions (not revoked, not past their absolute end), newest first, and the most
 * recently ended ones (revoked or expired in the last day) for the admin sessions screen.
 */
export async function listUserSessions(
  options: { now?: Date; endedLimit?: number } = {},
  db: DbTx = getDb(),
): Promise<{ live: UserSessionView[]; ended: UserSessionView[] }> {
  const now = options.now ?? new Date();
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const include = { user: { select: { username: true, name: true } } } as const;
  const [live, ended] = await Promise.all([
    db.userSession.findMany({
      where: { revokedAt: null, expiresAt: { gt: now } },
      include,
      orderBy: [{ lastSeenAt: "desc" }],
      take: 500,
    }),
    db.userSession.findMany({
      where: { OR: [{ revokedAt: { gte: dayAgo } }, { revokedAt: null, expiresAt: { gte: dayAgo, lte: now } }] },
      include,
      orderBy: [{ expiresAt: "desc" }],
      take: options.endedLimit ?? 50,
    }),
  ]);
  const view = (s: (typeof live)[number]): UserSessionView => ({
    id: s.id,
    label: sessionLabel(s.id),
    userId: s.userId,
    username: s.user.username,
    name: s.user.name,
    provider: s.provider,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    groupsCheckedAt: s.groupsCheckedAt.toISOString(),
    groupsCheckError: s.groupsCheckError,
    revokedAt: s.revokedAt?.toISOString() ?? null,
    revokedBy: s.revokedBy,
    revokeReason: s.revokeReason,
  });
  const endedViews = ended.map(view).sort((a, b) => (b.revokedAt ?? b.expiresAt).localeCompare(a.revokedAt ?? a.expiresAt));
  return { live: live.map(view), ended: endedViews };
}
