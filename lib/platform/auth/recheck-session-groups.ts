import { recordAudit, systemActor } from "../audit";
import { logger } from "../logger";
import { endUserSession, sessionLabel } from "./end-user-sessions";
import { replaceIdpMemberships } from "./record-sign-in";
import { openSecret, sealSecret } from "./seal-secret";
import type { SessionDeps } from "./session-deps";
import { RECHECK_RETRY_MS } from "./session-policy";

export interface RecheckableSession {
  id: string;
  userId: string;
  provider: string;
  groupsCheckedAt: Date;
  idpToken: string | null;
  user: { externalId: string; username: string };
}

/**
 * `kept`: roles unchanged for now (another request is checking, or the IdP failed before the
 * limit); `updated`: groups re-read and memberships replaced; `ended`: the session is over.
 */
export type RecheckOutcome = "kept" | "updated" | "ended";

const actor = systemActor("idp-recheck");

/**
 * Re-reads a session's IdP groups and replaces the user's IdP memberships through the same
 * code as sign-in. One request per session does it (a lease on the row); before the limit a
 * failure is retried a minute later, past it (`overdue`) the session ends: roles older than
 * the limit are never used. An IdP that refuses (user left the org, refresh token revoked)
 * ends the session at once.
 */
export async function recheckSessionGroups(
  deps: SessionDeps,
  session: RecheckableSession,
  state: "due" | "overdue",
): Promise<RecheckOutcome> {
  const { db } = deps;
  const now = deps.now();
  const retryCutoff = new Date(now.getTime() - RECHECK_RETRY_MS);
  const claimable = [{ groupsCheckStartedAt: null }, { groupsCheckStartedAt: { lt: retryCutoff } }];
  // Past the limit, a recent failed attempt does not hold the lease; one in flight (no error yet) does.
  const { count } = await db.userSession.updateMany({
    where: {
      id: session.id,
      revokedAt: null,
      groupsCheckedAt: session.groupsCheckedAt,
      OR: state === "overdue" ? [...claimable, { groupsCheckError: { not: null } }] : claimable,
    },
    data: { groupsCheckStartedAt: now, groupsCheckError: null },
  });
  // Another request holds the lease: it is checking right now (or failed under a minute ago, before the limit).
  if (count === 0) return "kept";

  const end = async (reason: "idp_denied" | "recheck_failed" | "reauth_required", detail: string) => {
    logger.info("session ended by the IdP re-check", { session: sessionLabel(session.id), reason, detail });
    await endUserSession(db, { sessionId: session.id, actor, reason, detail, now });
    return "ended" as const;
  };
  const fail = async (detail: string) => {
    if (state === "overdue") return end("recheck_failed", detail);
    logger.warn("IdP re-check failed; retrying before the limit", { session: sessionLabel(session.id), detail });
    await db.userSession.updateMany({ where: { id: session.id }, data: { groupsCheckError: detail.slice(0, 500) } });
    return "kept" as const;
  };

  const token = session.idpToken === null ? null : openSecret(session.idpToken, deps.secret);
  if (token === null) {
    const detail = "the identity provider gave no refresh token at sign-in; a new sign-in is needed to re-read the groups";
    return state === "overdue" ? end("reauth_required", detail) : fail(detail);
  }

  const subject = session.user.externalId.slice(session.user.externalId.indexOf(":") + 1);
  const result = await deps.idp.reread({ provider: session.provider, subject, token });
  if (!result.ok) return result.kind === "denied" ? end("idp_denied", result.detail) : fail(result.detail);

  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: session.userId }, data: { groups: result.groups } });
    const change = await replaceIdpMemberships(tx, { userId: session.userId, groups: result.groups, rules: deps.rules });
    await tx.userSession.updateMany({
      where: { id: session.id },
      data: {
        groupsCheckedAt: now,
        groupsCheckStartedAt: null,
        groupsCheckError: null,
        idpToken: sealSecret(result.token, deps.secret),
      },
    });
    // Only a change of roles is a state change worth an audit event; an hourly "no change" is not.
    if (change.before.join() !== [...change.after].sort().join()) {
      await recordAudit(tx, {
        actor,
        action: "auth.roles_recheck",
        subject: { type: "user", id: session.userId },
        before: { roles: change.before },
        after: { roles: change.after },
        metadata: {
          username: session.user.username,
          provider: session.provider,
          groups: result.groups,
          session: sessionLabel(session.id),
          unmatchedWorkloads: change.unmatchedWorkloads,
        },
      });
    }
  });
  return "updated";
}
