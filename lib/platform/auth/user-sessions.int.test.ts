import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOidcEmulator, type OidcEmulator } from "@/emulators/oidc/server";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { AppClient, signInWithOidc, type AuthHandlers } from "@/test/auth-flow";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import { parseEnv, type Env } from "../env";
import { buildConfig } from "./auth";
import { revokeAllUserSessions, revokeUserSession } from "./end-user-sessions";
import { guardSessionEndpoint } from "./guard-session-endpoint";
import { listUserSessions } from "./list-user-sessions";
import { createIdpGroupsReader, type IdpGroupsReader } from "./idp-groups-reader";
import { recordSignIn } from "./record-sign-in";
import { resolveViewer } from "./resolve-viewer";
import { defaultRoleRules } from "./role-mapping";
import { sealSecret } from "./seal-secret";
import type { SessionDeps } from "./session-deps";
import { sessionPolicyFrom } from "./session-policy";

const db = connectTestDb();
const APP_URL = "http://localhost:3999";
const SECRET = "integration-test-secret-that-is-long-enough";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let emulator: OidcEmulator;
let env: Env;
let handlers: AuthHandlers;
let deps: SessionDeps;
/** The clock every callback and check reads; tests move it forward. */
let clock = new Date();

const at = (ms: number) => new Date(clock.getTime() + ms);
const app = () => new AppClient(APP_URL, handlers);
const patchIdpUser = (username: string, body: unknown) =>
  fetch(`${emulator.url}/__emulator/users/${username}`, { method: "PATCH", body: JSON.stringify(body) });

/** What getViewer does for a cookie: Auth.js reads the JWT, then the server-side session is checked. */
async function viewerOf(client: AppClient, checkDeps: SessionDeps = deps) {
  const token = client.jar.sessionToken();
  if (!token) return null;
  const claims = await decode({ token, secret: SECRET, salt: "authjs.session-token" });
  if (typeof claims?.sid !== "string" || typeof claims.uid !== "string") return null;
  return resolveViewer(checkDeps, { sessionId: claims.sid, userId: claims.uid });
}

async function sessionRow(client: AppClient) {
  const claims = await decode({ token: client.jar.sessionToken() ?? "", secret: SECRET, salt: "authjs.session-token" });
  return db.userSession.findUniqueOrThrow({ where: { id: String(claims?.sid) } });
}

beforeAll(async () => {
  await seedDemoData(db);
  emulator = await startOidcEmulator({ port: 0 });
  env = parseEnv({
    DATABASE_URL: testDatabaseUrl(),
    AUTH_SECRET: SECRET,
    AUTH_OIDC_ISSUER: emulator.issuer,
    AUTH_OIDC_CLIENT_ID: "bulkhead",
    AUTH_OIDC_CLIENT_SECRET: "bulkhead-dev-secret",
  });
  const nextAuth = NextAuth(buildConfig(env, { db: () => db, now: () => clock }));
  deps = {
    db,
    policy: sessionPolicyFrom({ maxHours: env.BULKHEAD_SESSION_MAX_HOURS, recheckMinutes: env.BULKHEAD_SESSION_RECHECK_MINUTES }),
    rules: defaultRoleRules,
    idp: createIdpGroupsReader(env),
    secret: SECRET,
    now: () => clock,
  };
  // The route handler in app/api/auth wraps Auth.js the same way.
  handlers = { GET: guardSessionEndpoint(nextAuth.handlers.GET, () => deps), POST: guardSessionEndpoint(nextAuth.handlers.POST, () => deps) };
});

beforeEach(() => {
  clock = new Date();
});

afterAll(async () => {
  await emulator?.close();
  await db.$disconnect();
});

describe("server-side sessions", () => {
  it("a cookie copied before sign-out stops working after it", async () => {
    const alice = app();
    await signInWithOidc(alice, "alice");
    expect(await viewerOf(alice)).toMatchObject({ username: "alice", workloads: [{ slug: "payments", role: "builder" }] });
    expect(await alice.session()).toMatchObject({ user: { id: expect.any(String) }, sessionId: expect.any(String) });

    const stolen = new AppClient(APP_URL, handlers, alice.jar.copy());
    const row = await sessionRow(alice);
    const signOut = await alice.signOut();
    expect(signOut.status).toBe(302);
    expect(alice.jar.sessionToken()).toBeUndefined();

    // The copy is still a well-formed, unexpired JWT: only the server-side session can refuse it.
    expect(stolen.jar.sessionToken()).toEqual(expect.any(String));
    expect(await viewerOf(stolen)).toBeNull();
    expect(await stolen.session()).toBeNull();
    expect(stolen.jar.sessionToken()).toBeUndefined();

    expect(await db.userSession.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ revokeReason: "sign_out", revokedBy: "alice" });
    expect(await db.auditEvent.count({ where: { action: "auth.sign_out", subjectId: row.userId } })).toBeGreaterThan(0);
  });

  it("caps the session at its absolute lifetime, however often /api/auth/session re-issues it", async () => {
    const signedInAt = clock;
    const bob = app();
    await signInWithOidc(bob, "bob");
    const row = await sessionRow(bob);
    expect(row.expiresAt.getTime() - signedInAt.getTime()).toBe(12 * HOUR);

    // Half an hour before the end, a session read re-issues the JWT: its exp must not pass the end.
    clock = new Date(signedInAt.getTime() + 11.5 * HOUR);
    // Keep the roles fresh so that the re-check (tested below) stays out of this test.
    await db.userSession.update({ where: { id: row.id }, data: { groupsCheckedAt: clock } });
    const issuedAt = Math.floor(Date.now() / 1000);
    expect(await bob.session()).not.toBeNull();
    const reissued = await decode({ token: bob.jar.sessionToken() ?? "", secret: SECRET, salt: "authjs.session-token" });
    expect(reissued?.exp).toBeLessThanOrEqual(issuedAt + 30 * 60 + 1);
    expect(reissued?.sexp).toBe(Math.floor(row.expiresAt.getTime() / 1000));

    clock = new Date(row.expiresAt.getTime() + 1000);
    expect(await viewerOf(bob)).toBeNull();
    expect(await bob.session()).toBeNull();
  });

  it("lets an admin revoke another user's session, and all sessions of a user", async () => {
    const dave = app();
    await signInWithOidc(dave, "dave");
    const carol = app();
    await signInWithOidc(carol, "carol");
    const admin = await viewerOf(carol);
    expect(admin?.role).toBe("admin");
    const actor = { id: admin!.id, label: admin!.username };

    const daveRow = await sessionRow(dave);
    expect(await revokeUserSession({ sessionId: daveRow.id, actor }, db)).toEqual({ ended: true });
    expect(await revokeUserSession({ sessionId: daveRow.id, actor }, db)).toEqual({ ended: false });
    await expect(revokeUserSession({ sessionId: "no-such-session", actor }, db)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await viewerOf(dave)).toBeNull();
    expect(await viewerOf(carol)).not.toBeNull();
    expect(await db.auditEvent.findFirst({ where: { action: "auth.session_revoke", actorId: admin!.id }, orderBy: { id: "desc" } })).toMatchObject({
      actorLabel: "carol",
      metadata: expect.objectContaining({ userId: daveRow.userId, reason: "admin" }),
    });

    const laptop = app();
    const phone = app();
    await signInWithOidc(laptop, "dave");
    await signInWithOidc(phone, "dave");
    expect(await revokeAllUserSessions({ userId: daveRow.userId, actor }, db)).toEqual({ ended: 2 });
    expect(await viewerOf(laptop)).toBeNull();
    expect(await viewerOf(phone)).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "auth.sessions_revoke_all", subjectId: daveRow.userId } })).toBe(1);

    // The admin screen: carol's session is live, dave's three are listed as ended, with how.
    const { live, ended } = await listUserSessions({ now: clock }, db);
    expect(live.some((s) => s.username === "carol")).toBe(true);
    expect(live.some((s) => s.username === "dave")).toBe(false);
    const daves = ended.filter((s) => s.userId === daveRow.userId);
    expect(daves.length).toBeGreaterThanOrEqual(3);
    expect(daves.every((s) => s.revokeReason === "admin" && s.revokedBy === "carol")).toBe(true);
  });
});

describe("the hourly IdP re-check", () => {
  it("applies a removal from an IdP group at the next check, through the refresh token", async () => {
    const bob = app();
    await signInWithOidc(bob, "bob");
    expect(await viewerOf(bob)).toMatchObject({ role: "lead", workloads: [{ slug: "ledger", role: "lead" }, { slug: "payments", role: "lead" }] });
    const row = await sessionRow(bob);
    expect(row.idpToken).toMatch(/^v1\./);

    expect((await patchIdpUser("bob", { groups: ["team-payments"] })).status).toBe(200);
    try {
      const signedInAt = clock;
      clock = new Date(signedInAt.getTime() + 30 * MINUTE);
      expect((await viewerOf(bob))?.role).toBe("lead");

      clock = new Date(signedInAt.getTime() + 55 * MINUTE);
      expect(await viewerOf(bob)).toMatchObject({ role: "builder", workloads: [{ slug: "payments", role: "builder" }] });
      expect(await db.userSession.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ groupsCheckedAt: clock, groupsCheckError: null, revokedAt: null });
      const audit = await db.auditEvent.findFirst({ where: { action: "auth.roles_recheck", subjectId: row.userId }, orderBy: { id: "desc" } });
      expect(audit).toMatchObject({ actorLabel: "system:idp-recheck", before: { roles: ["lead:ledger", "lead:payments"] }, after: { roles: ["builder:payments"] } });

      // Someone who left the company: the IdP refuses the refresh token, and the session ends.
      expect((await patchIdpUser("bob", { disabled: true })).status).toBe(200);
      clock = new Date(signedInAt.getTime() + 2 * HOUR);
      expect(await viewerOf(bob)).toBeNull();
      expect(await db.userSession.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ revokeReason: "idp_denied", revokedBy: "system:idp-recheck" });
    } finally {
      await patchIdpUser("bob", { groups: null, disabled: false });
    }
  });

  async function sessionWith(idp: IdpGroupsReader, token: string | null, subject = `unit-${Math.random().toString(36).slice(2, 8)}`) {
    const id = `test-${subject}`;
    const { userId } = await recordSignIn(
      db,
      { provider: "oidc", subject, username: subject, name: subject, email: null, groups: ["payments-leads"] },
      defaultRoleRules,
      { id, signedInAt: clock, expiresAt: at(12 * HOUR), sealedIdpToken: token === null ? null : sealSecret(token, SECRET) },
    );
    return { id, userId, deps: { ...deps, idp } satisfies SessionDeps };
  }

  it("keeps the roles while the IdP is briefly down before the limit, and ends the session past it", async () => {
    let calls = 0;
    const down: IdpGroupsReader = {
      reread: async () => {
        calls += 1;
        return { ok: false, kind: "unavailable", detail: "GET /token answered 503" };
      },
    };
    const signedInAt = clock;
    const { id, userId, deps: downDeps } = await sessionWith(down, "refresh-1");
    clock = new Date(signedInAt.getTime() + 52 * MINUTE);
    expect((await resolveViewer(downDeps, { sessionId: id, userId }))?.role).toBe("lead");
    expect(await db.userSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ groupsCheckError: "GET /token answered 503", revokedAt: null });
    // A retry waits a minute.
    clock = new Date(signedInAt.getTime() + 52.5 * MINUTE);
    expect((await resolveViewer(downDeps, { sessionId: id, userId }))?.role).toBe("lead");
    expect(calls).toBe(1);
    // Past the limit the stale roles are never used.
    clock = new Date(signedInAt.getTime() + 60 * MINUTE + 1);
    expect(await resolveViewer(downDeps, { sessionId: id, userId })).toBeNull();
    expect(calls).toBe(2);
    expect(await db.userSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokeReason: "recheck_failed" });
  });

  it("ends a session that has nothing to re-check with once the check is overdue", async () => {
    const never: IdpGroupsReader = { reread: async () => Promise.reject(new Error("must not be called")) };
    const signedInAt = clock;
    const { id, userId, deps: noTokenDeps } = await sessionWith(never, null);
    clock = new Date(signedInAt.getTime() + 55 * MINUTE);
    expect(await resolveViewer(noTokenDeps, { sessionId: id, userId })).not.toBeNull();
    clock = new Date(signedInAt.getTime() + 61 * MINUTE);
    expect(await resolveViewer(noTokenDeps, { sessionId: id, userId })).toBeNull();
    expect(await db.userSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ revokeReason: "reauth_required" });
  });

  it("asks the IdP once when many requests arrive as the check falls due, and keeps the rotated token", async () => {
    let calls = 0;
    const slow: IdpGroupsReader = {
      reread: async ({ token }) => {
        calls += 1;
        expect(token).toBe("refresh-1");
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { ok: true, groups: ["team-ledger"], token: "refresh-2" };
      },
    };
    const signedInAt = clock;
    const { id, userId, deps: slowDeps } = await sessionWith(slow, "refresh-1");
    clock = new Date(signedInAt.getTime() + 55 * MINUTE);
    const viewers = await Promise.all(Array.from({ length: 8 }, () => resolveViewer(slowDeps, { sessionId: id, userId })));
    expect(viewers.every((v) => v !== null)).toBe(true);
    expect(calls).toBe(1);
    expect((await resolveViewer(slowDeps, { sessionId: id, userId }))?.workloads).toEqual([{ slug: "ledger", name: "Ledger", role: "builder" }]);
    const row = await db.userSession.findUniqueOrThrow({ where: { id } });
    const { openSecret } = await import("./seal-secret");
    expect(openSecret(row.idpToken ?? "", SECRET)).toBe("refresh-2");
  });
});
