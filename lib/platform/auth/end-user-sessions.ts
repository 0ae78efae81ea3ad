import { AppError } from "@/lib/errors/app-error";
import type { Db } from "../create-prisma-client";
import { recordAudit, type AuditActor } from "../audit";
import { getDb } from "../db";

/** Why a session ended before its absolute lifetime (user_sessions.revoke_reason). */
export type SessionEndReason =
  /** The user signed out. */
  | "sign_out"
  /** An admin revoked it. */
  | "admin"
  /** The IdP refused a re-check: not an org member any more, token or refresh token revoked. */
  | "idp_denied"
  /** A re-check was overdue and the IdP could not be reached. */
  | "recheck_failed"
  /** A re-check was overdue and the IdP gave nothing to re-check with (no refresh token). */
  | "reauth_required";

const actionOf: Record<SessionEndReason, string> = {
  sign_out: "auth.sign_out",
  admin: "auth.session_revoke",
  idp_denied: "auth.session_end",
  recheck_failed: "auth.session_end",
  reauth_required: "auth.session_end",
};

/** The first characters of a session id: enough to tell sessions apart on screens and in the log. */
export const sessionLabel = (id: string) => id.slice(0, 8);

/**
 * Ends one session, with its audit event, in one transaction. Idempotent: a session that has
 * already ended stays as it was and nothing is written (`ended: false`).
 */
export async function endUserSession(
  db: Db,
  options: { sessionId: string; actor: AuditActor; reason: SessionEndReason; detail?: string; now?: Date },
): Promise<{ ended: boolean; userId: string | null }> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const session = await tx.userSession.findUnique({ where: { id: options.sessionId }, select: { userId: true, provider: true } });
    if (!session) return { ended: false, userId: null };
    const { count } = await tx.userSession.updateMany({
      where: { id: options.sessionId, revokedAt: null },
      data: { revokedAt: now, revokedBy: options.actor.label, revokeReason: options.reason },
    });
    if (count === 0) return { ended: false, userId: session.userId };
    await recordAudit(tx, {
      actor: options.actor,
      action: actionOf[options.reason],
      subject: options.reason === "sign_out" ? { type: "user", id: session.userId } : { type: "user_session", id: sessionLabel(options.sessionId) },
      metadata: {
        session: sessionLabel(options.sessionId),
        userId: session.userId,
        provider: session.provider,
        reason: options.reason,
        ...(options.detail ? { detail: options.detail } : {}),
      },
    });
    return { ended: true, userId: session.userId };
  });
}

/** An admin's revoke of one session. NOT_FOUND when there is no such session. */
export async function revokeUserSession(
  options: { sessionId: string; actor: AuditActor; now?: Date },
  db: Db = getDb(),
): Promise<{ ended: boolean }> {
  const result = await endUserSession(db, { ...options, reason: "admin" });
  if (result.userId === null) throw new AppError("NOT_FOUND", "There is no such session.");
  return { ended: result.ended };
}

/**
 * An admin's revoke of every live session of one user (e.g. a lost laptop, or someone who
 * left), audited as one event naming the sessions. NOT_FOUND when there is no such user.
 */
export async function revokeAllUserSessions(
  options: { userId: string; actor: AuditActor; now?: Date },
  db: Db = getDb(),
): Promise<{ ended: number }> {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: options.userId }, select: { id: true, username: true } });
    if (!user) throw new AppError("NOT_FOUND", "There is no such user.");
    const live = await tx.userSession.findMany({
      where: { userId: user.id, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    if (live.length === 0) return { ended: 0 };
    const { count } = await tx.userSession.updateMany({
      where: { id: { in: live.map((s) => s.id) }, revokedAt: null },
      data: { revokedAt: now, revokedBy: options.actor.label, revokeReason: "admin" },
    });
    await recordAudit(tx, {
      actor: options.actor,
      action: "auth.sessions_revoke_all",
      subject: { type: "user", id: user.id },
      metadata: { username: user.username, sessions: live.map((s) => sessionLabel(s.id)), ended: count },
    });
    return { ended: count };
  });
}
