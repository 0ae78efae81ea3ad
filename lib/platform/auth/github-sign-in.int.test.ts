import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Account, Profile } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOwnerDirectory } from "@/emulators/github/directory-store";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import { parseEnv, type Env } from "../env";
import { buildConfig, signInErrors } from "./auth";
import { createIdpGroupsReader } from "./idp-groups-reader";
import { readGithubIdentity } from "./read-github-identity";

const ORG = "acme-platform";
const db = connectTestDb();
let stateDir: string;
let emulator: GithubEmulator;
let env: Env;
let aliceToken: string;

const control = (route: string, method: string, body?: unknown) =>
  fetch(`${emulator.url}/__emulator/${route}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }) });

async function tokenFor(login: string): Promise<string> {
  const response = await control(`users/${login}/token`, "POST");
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

/** Runs the sign-in callbacks as Auth.js's OAuth callback does: signIn, then jwt with the same account. */
async function signInWithGithub(login: string, token: string, fetchImpl?: typeof fetch) {
  const config = buildConfig(env, { db: () => db, fetch: fetchImpl });
  const account = { provider: "github", type: "oauth", providerAccountId: `${login}-id`, access_token: token } as Account;
  const profile = { login, id: `${login}-id`, name: login, email: null } as unknown as Profile;
  const user = { id: `${login}-id`, name: login };
  const allowed = await config.callbacks!.signIn!({ account, profile, user });
  if (allowed !== true) return { allowed, token: null };
  const jwt = await config.callbacks!.jwt!({ token: { name: login }, account, profile, user, trigger: "signIn" });
  return { allowed, token: jwt };
}

const rolesOf = async (login: string) => {
  const user = await db.user.findUnique({ where: { externalId: `github:${login}-id` }, include: { memberships: { include: { workload: true } } } });
  return (user?.memberships ?? []).map((m) => (m.workload ? `${m.role}:${m.workload.slug}` : m.role)).sort();
};

beforeAll(async () => {
  await seedDemoData(db);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "github-sign-in-it-"));
  writeOwnerDirectory(path.join(stateDir, "repos", ORG), {
    basePermission: "read",
    members: { alice: "member", carol: "admin" },
    teams: [
      { slug: "payments-leads", name: "Payments leads", description: null, privacy: "closed", members: { alice: "maintainer" }, repos: {} },
      { slug: "team-ledger", name: "Ledger", description: null, privacy: "closed", members: { alice: "member" }, repos: {} },
    ],
    collaborators: {},
  });
  // A team of another org with a powerful name must never count.
  writeOwnerDirectory(path.join(stateDir, "repos", "evil-org"), {
    basePermission: "read",
    members: { alice: "admin" },
    teams: [{ slug: "platform-admins", name: "Admins", description: null, privacy: "closed", members: { alice: "member" }, repos: {} }],
    collaborators: {},
  });
  emulator = await startGithubEmulator({ port: 0, stateDir, org: ORG });
  env = parseEnv({
    DATABASE_URL: testDatabaseUrl(),
    AUTH_SECRET: "integration-test-secret-that-is-long-enough",
    AUTH_GITHUB_ID: "github-client",
    AUTH_GITHUB_SECRET: "github-secret",
    AUTH_GITHUB_ORG: ORG,
    GITHUB_API_URL: emulator.apiUrl,
  });
  aliceToken = await tokenFor("alice");
  // 120 more teams: the first page of /user/teams holds 100.
  for (let i = 0; i < 120; i += 1) {
    const response = await control(`orgs/${ORG}/teams/squad-${String(i).padStart(3, "0")}`, "PUT", { members: ["alice"] });
    expect(response.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await db.$disconnect();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("GitHub sign-in", () => {
  it("reads every team past the first page of 100, and only the sign-in org's", async () => {
    const result = await readGithubIdentity({ accessToken: aliceToken, apiUrl: emulator.apiUrl, org: ORG });
    expect(result.ok).toBe(true);
    const teams = result.ok ? result.teams : [];
    expect(teams).toHaveLength(122);
    expect(teams).toContain(`${ORG}/squad-119`);
    expect(teams).toContain(`${ORG}/payments-leads`);
    expect(teams.some((t) => t.startsWith("evil-org/"))).toBe(false);
  });

  it("derives roles from the teams at sign-in", async () => {
    const { allowed, token } = await signInWithGithub("alice", aliceToken);
    expect(allowed).toBe(true);
    expect(token).toMatchObject({ uid: expect.any(String), sid: expect.any(String), username: "alice" });
    expect(await rolesOf("alice")).toEqual(["builder:ledger", "lead:payments"]);
  });

  it("refuses the sign-in when the teams call fails, and keeps the roles the user had", async () => {
    await signInWithGithub("alice", aliceToken);
    const sessionsBefore = await db.userSession.count();
    const fault = await control("faults", "POST", { match: { method: "GET", pathPattern: "^/user/teams" }, status: 502, count: 1 });
    expect(fault.status).toBe(201);
    const { allowed } = await signInWithGithub("alice", aliceToken);
    expect(allowed).toBe(`/signin?error=${signInErrors.githubTeamsUnavailable}`);
    expect(await rolesOf("alice")).toEqual(["builder:ledger", "lead:payments"]);
    expect(await db.userSession.count()).toBe(sessionsBefore);

    // A failure on the second page fails the same way: half a team list is no team list.
    let pages = 0;
    const secondPageFails: typeof fetch = async (input, init) => {
      if (String(input).includes("page=2")) {
        pages += 1;
        return new Response("{}", { status: 502 });
      }
      return fetch(input, init);
    };
    expect((await signInWithGithub("alice", aliceToken, secondPageFails)).allowed).toBe(`/signin?error=${signInErrors.githubTeamsUnavailable}`);
    expect(pages).toBe(1);
    expect(await rolesOf("alice")).toEqual(["builder:ledger", "lead:payments"]);
  });

  it("refuses someone who is not an active member of the org", async () => {
    const mallory = await tokenFor("mallory");
    expect((await signInWithGithub("mallory", mallory)).allowed).toBe(`/signin?error=${signInErrors.githubNotMember}`);
    expect(await db.user.count({ where: { externalId: "github:mallory-id" } })).toBe(0);
  });

  it("re-reads the teams with the user's token at the hourly check, and refuses a member who left", async () => {
    const reader = createIdpGroupsReader(env);
    expect(await control(`orgs/${ORG}/teams/payments-leads`, "PUT", { members: ["carol"] })).toHaveProperty("status", 200);
    const reread = await reader.reread({ provider: "github", subject: "alice-id", token: aliceToken });
    expect(reread.ok && reread.groups.includes(`${ORG}/payments-leads`)).toBe(false);
    expect(reread.ok && reread.groups).toContain(`${ORG}/team-ledger`);

    expect((await control(`orgs/${ORG}/members/alice`, "DELETE")).status).toBe(204);
    expect(await reader.reread({ provider: "github", subject: "alice-id", token: aliceToken })).toMatchObject({ ok: false, kind: "denied" });
    expect(await reader.reread({ provider: "github", subject: "alice-id", token: "gho_revoked" })).toMatchObject({ ok: false, kind: "denied" });
  });
});
