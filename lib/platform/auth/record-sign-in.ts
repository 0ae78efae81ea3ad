import type { Db, DbTx } from "../create-prisma-client";
import { recordAudit } from "../audit";
import { mapGroupsToGrants, type RoleRule } from "./role-mapping";

export interface SignInIdentity {
  /** Auth.js provider id, e.g. "oidc" or "github". */
  provider: string;
  subject: string;
  username: string;
  name: string;
  email: string | null;
  groups: string[];
}

/** The server-side session a sign-in opens (see user_sessions). */
export interface NewSession {
  /** Random id, also put in the session JWT. */
  id: string;
  signedInAt: Date;
  expiresAt: Date;
  /** OIDC refresh token or GitHub user token, already sealed; null when the IdP gave none. */
  sealedIdpToken: string | null;
}

export interface IdpMembershipChange {
  before: string[];
  after: string[];
  /** Workload slugs the groups named that do not exist (yet). */
  unmatchedWorkloads: string[];
}

/** Ended sessions of a user are deleted this long after their absolute end, at the user's next sign-in. */
const SESSION_RETENTION_MS = 30 * 24 * 3_600_000;

const describe = (role: string, workload: string | null) => (workload ? `${role}:${workload}` : role);

/**
 * Replaces a user's IdP memberships with those their groups map to, keeping manual ones.
 * Sign-in and the hourly re-check both go through here, so they can never disagree.
 */
export async function replaceIdpMemberships(
  tx: DbTx,
  options: { userId: string; groups: readonly string[]; rules: readonly RoleRule[] },
): Promise<IdpMembershipChange> {
  const grants = mapGroupsToGrants(options.groups, options.rules);
  const slugs = grants.flatMap((g) => (g.workload ? [g.workload] : []));
  const workloads = await tx.workload.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
  const idBySlug = new Map(workloads.map((w) => [w.slug, w.id]));

  const before = await tx.membership.findMany({
    where: { userId: options.userId, source: "idp" },
    select: { role: true, workload: { select: { slug: true } } },
  });
  await tx.membership.deleteMany({ where: { userId: options.userId, source: "idp" } });
  const applicable = grants.filter((g) => g.workload === null || idBySlug.has(g.workload));
  if (applicable.length > 0) {
    await tx.membership.createMany({
      data: applicable.map((g) => ({
        userId: options.userId,
        role: g.role,
        workloadId: g.workload ? (idBySlug.get(g.workload) ?? null) : null,
        source: "idp" as const,
      })),
      skipDuplicates: true,
    });
  }
  return {
    before: before.map((m) => describe(m.role, m.workload?.slug ?? null)).sort(),
    after: applicable.map((g) => describe(g.role, g.workload)),
    unmatchedWorkloads: grants.flatMap((g) => (g.workload && !idBySlug.has(g.workload) ? [g.workload] : [])),
  };
}

/**
 * Upserts the user, re-derives their IdP memberships from their groups, opens their
 * server-side session and writes the sign-in to the audit log, all in one transaction.
 * Manual memberships are kept.
 */
export async function recordSignIn(
  db: Db,
  identity: SignInIdentity,
  rules: readonly RoleRule[],
  session?: NewSession,
): Promise<{ userId: string; sessionId: string | null }> {
  return db.$transaction(async (tx) => {
    const externalId = `${identity.provider}:${identity.subject}`;
    const now = session?.signedInAt ?? new Date();
    const profile = {
      username: identity.username,
      name: identity.name,
      email: identity.email,
      groups: identity.groups,
      lastSignInAt: now,
    };
    const user = await tx.user.upsert({ where: { externalId }, create: { externalId, ...profile }, update: profile });
    const change = await replaceIdpMemberships(tx, { userId: user.id, groups: identity.groups, rules });
    if (session) {
      // The audit log keeps the history; the rows themselves go 30 days after their end.
      const retention = new Date(now.getTime() - SESSION_RETENTION_MS);
      await tx.userSession.deleteMany({ where: { userId: user.id, expiresAt: { lt: retention } } });
      await tx.userSession.create({
        data: {
          id: session.id,
          userId: user.id,
          provider: identity.provider,
          createdAt: now,
          lastSeenAt: now,
          expiresAt: session.expiresAt,
          groupsCheckedAt: now,
          idpToken: session.sealedIdpToken,
        },
      });
    }
    await recordAudit(tx, {
      actor: { id: user.id, label: identity.username },
      action: "auth.sign_in",
      subject: { type: "user", id: user.id },
      before: { roles: change.before },
      after: { roles: change.after },
      metadata: {
        provider: identity.provider,
        groups: identity.groups,
        unmatchedWorkloads: change.unmatchedWorkloads,
        ...(session ? { session: session.id.slice(0, 8), expiresAt: session.expiresAt.toISOString() } : {}),
      },
    });
    return { userId: user.id, sessionId: session?.id ?? null };
  });
}
