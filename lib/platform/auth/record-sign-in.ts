import type { Db } from "../create-prisma-client";
import { recordAudit } from "../audit";
import { mapGroupsToGrants, type RoleRule } from "./roles";

export interface SignInIdentity {
  /** Auth.js provider id, e.g. "oidc" or "github". */
  provider: string;
  subject: string;
  username: string;
  name: string;
  email: string | null;
  groups: string[];
}

/**
 * Upserts the user, re-derives their IdP memberships from their groups, and writes the
 * sign-in to the audit log, all in one transaction. Manual memberships are kept.
 */
export async function recordSignIn(
  db: Db,
  identity: SignInIdentity,
  rules: readonly RoleRule[],
): Promise<{ userId: string }> {
  const grants = mapGroupsToGrants(identity.groups, rules);
  return db.$transaction(async (tx) => {
    const externalId = `${identity.provider}:${identity.subject}`;
    const now = new Date();
    const user = await tx.user.upsert({
      where: { externalId },
      create: {
        externalId,
        username: identity.username,
        name: identity.name,
        email: identity.email,
        groups: identity.groups,
        lastSignInAt: now,
      },
      update: {
        username: identity.username,
        name: identity.name,
        email: identity.email,
        groups: identity.groups,
        lastSignInAt: now,
      },
    });

    const slugs = grants.flatMap((g) => (g.workload ? [g.workload] : []));
    const workloads = await tx.workload.findMany({ where: { slug: { in: slugs } }, select: { id: true, slug: true } });
    const idBySlug = new Map(workloads.map((w) => [w.slug, w.id]));

    const before = await tx.membership.findMany({
      where: { userId: user.id, source: "idp" },
      select: { role: true, workload: { select: { slug: true } } },
    });
    await tx.membership.deleteMany({ where: { userId: user.id, source: "idp" } });
    const applicable = grants.filter((g) => g.workload === null || idBySlug.has(g.workload));
    if (applicable.length > 0) {
      await tx.membership.createMany({
        data: applicable.map((g) => ({
          userId: user.id,
          role: g.role,
          workloadId: g.workload ? (idBySlug.get(g.workload) ?? null) : null,
          source: "idp" as const,
        })),
        skipDuplicates: true,
      });
    }

    const describe = (role: string, workload: string | null) => (workload ? `${role}:${workload}` : role);
    await recordAudit(tx, {
      actor: { id: user.id, label: identity.username },
      action: "auth.sign_in",
      subject: { type: "user", id: user.id },
      before: { roles: before.map((m) => describe(m.role, m.workload?.slug ?? null)).sort() },
      after: { roles: applicable.map((g) => describe(g.role, g.workload)) },
      metadata: {
        provider: identity.provider,
        groups: identity.groups,
        unmatchedWorkloads: grants.filter((g) => g.workload && !idBySlug.has(g.workload)).map((g) => g.workload),
      },
    });
    return { userId: user.id };
  });
}
