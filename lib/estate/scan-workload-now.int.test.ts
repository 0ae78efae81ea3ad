import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedGithubRepos } from "@/emulators/github/seed/index";
import type { Requirement, Viewer } from "@/lib/platform/auth/roles";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import { setInProcessPortalEnv } from "@/test/in-process-portal-env";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";

/*
 * The "scan now" route, POST /api/workloads/:slug/scan, in-process against PostgreSQL and the GitHub
 * emulator. The emulator delivers no webhooks here, so a merge reaches the portal only through the
 * manual scan: it must record the unit's new version and resolve its notice at once, as the
 * estate job does (the workloads scan it replaces recorded consumptions only).
 */

vi.mock("server-only", () => ({}));

// Who is calling: set per test, read by the stubbed requireViewer (the route's own check runs as in production).
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/lib/platform/auth/get-viewer", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/platform/auth/get-viewer")>();
  const { satisfies } = await import("@/lib/platform/auth/roles");
  const { AppError } = await import("@/lib/errors/app-error");
  const requireViewer = async (requirement?: Requirement): Promise<Viewer> => {
    if (!session.viewer) throw new AppError("UNAUTHENTICATED", "Sign in first.");
    if (requirement && !satisfies(session.viewer, requirement)) throw new AppError("FORBIDDEN", `This needs the ${requirement.role} role.`);
    return session.viewer;
  };
  return { ...original, getViewer: async () => session.viewer, requireViewer, requirePageViewer: requireViewer };
});

const exec = promisify(execFile);
const ORG = "acme-platform";
const UNIT = "prod/eu-west-1/vpc/terragrunt.hcl";
setInProcessPortalEnv(testDatabaseUrl());
const db = connectTestDb();

const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const dave: Viewer = { id: "0d0d0d00-0000-4000-8000-000000000004", username: "dave", name: "Dave", email: null, role: "builder", workloads: [] };
const carol: Viewer = { id: "0c0c0c00-0000-4000-8000-000000000003", username: "carol", name: "Carol Admin", email: null, role: "admin", workloads: [] };

let stateDir: string;
let emulator: GithubEmulator;
let POST: (request: NextRequest, context: { params: Promise<{ slug: string }> }) => Promise<Response>;

async function scan(viewer: Viewer | null, slug: string): Promise<{ status: number; body: Record<string, unknown> }> {
  session.viewer = viewer;
  const response = await POST(new NextRequest(`http://portal.test/api/workloads/${slug}/scan`, { method: "POST" }), { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Commits to payments-infra's default branch, as a merged pull request would. */
async function mergeToMain(file: string, edit: (text: string) => string): Promise<void> {
  const clone = await mkdtemp(path.join(os.tmpdir(), "scan-now-clone-"));
  const git = (...args: string[]) => exec("git", ["-C", clone, "-c", "user.name=Alice", "-c", "user.email=alice@example.test", ...args]);
  try {
    await exec("git", ["clone", "--quiet", path.join(stateDir, "repos", ORG, "payments-infra.git"), clone]);
    await writeFile(path.join(clone, file), edit(await readFile(path.join(clone, file), "utf8")));
    await git("commit", "--quiet", "-am", `Upgrade ${file}`);
    await git("push", "--quiet", "origin", "HEAD");
  } finally {
    await rm(clone, { recursive: true, force: true });
  }
}

async function openNoticeOf(file: string) {
  const workload = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
  return db.estateNotice.findFirst({ where: { workloadId: workload.id, resolvedAt: null, consumption: { file } } });
}

beforeAll(async () => {
  await seedDemoData(db);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "scan-now-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  emulator = await startGithubEmulator({ port: 0, stateDir });
  Object.assign(process.env, {
    GITHUB_API_URL: emulator.apiUrl,
    GITHUB_GIT_URL: emulator.gitUrl,
    GITHUB_APP_ID: String(emulator.appId),
    GITHUB_APP_PRIVATE_KEY: emulator.appPrivateKeyPem,
    GITHUB_WEBHOOK_SECRET: emulator.webhookSecret,
    GITHUB_ORG: ORG,
  });
  await seedCatalogueFixture({ db, repoDir: path.join(stateDir, "repos", ORG, "iac-modules.git"), owner: ORG, repo: "iac-modules", modules: { vpc: ["1.0.0", "1.1.0", "1.2.0"], "sqs-queue": ["1.0.0", "1.2.0"] } });
  ({ POST } = await import("@/app/api/workloads/[slug]/scan/route"));
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await db.$disconnect();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("POST /api/workloads/:slug/scan", () => {
  it("records the repo's units and opens their notices, answering what it found", async () => {
    const { status, body } = await scan(alice, "payments");
    expect(status).toBe(200);
    expect(body).toMatchObject({ workload: "payments", commitSha: expect.stringMatching(/^[0-9a-f]{40}$/), notices: { resolved: 0 } });
    expect(body.units).toBeGreaterThan(3);
    expect(body.references).toBeGreaterThanOrEqual(body.units as number);
    expect(body.bringYourOwn).toBeGreaterThan(0);
    expect((body.notices as { opened: number }).opened).toBeGreaterThan(0);
    expect(body).not.toHaveProperty("timings");
    expect(await openNoticeOf(UNIT)).toMatchObject({ fromVersion: "1.0.0", targetVersion: "1.2.0" });
    // The viewer is the audit actor.
    const workload = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
    expect(await db.auditEvent.count({ where: { action: "estate.scan.apply", subjectId: workload.id, actorId: alice.id } })).toBe(1);
  });

  it("resolves the unit's notice when a scan after a merge sees the unit on the target version", async () => {
    const notice = (await openNoticeOf(UNIT))!;
    await mergeToMain(UNIT, (text) => text.replace("?ref=vpc/v1.0.0", "?ref=vpc/v1.2.0"));
    // No webhook reaches the portal: until the scan, the notice stays open.
    expect(await db.estateNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ resolvedAt: null });

    const { status, body } = await scan(alice, "payments");
    expect(status).toBe(200);
    expect(body).toMatchObject({ started: 1, ended: 1, notices: { resolved: 1 } });
    expect(await db.estateNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ resolution: "satisfied", resolvedAt: expect.any(Date) });
    const now = await db.consumption.findFirst({ where: { file: UNIT, endedAt: null, workload: { slug: "payments" } }, include: { moduleVersion: true } });
    expect(now?.moduleVersion?.version).toBe("1.2.0");
    expect(await openNoticeOf(UNIT)).toBeNull();
  });

  it("needs the builder role on the workload: anonymous 401, another workload's builder 403, an admin may", async () => {
    expect((await scan(null, "payments")).status).toBe(401);
    expect(await scan(dave, "payments")).toMatchObject({ status: 403 });
    expect(await scan(carol, "payments")).toMatchObject({ status: 200, body: { workload: "payments", started: 0, ended: 0 } });
  });

  it("names a workload that does not exist or has no consumer repo", async () => {
    expect(await scan(carol, "no-such-workload")).toMatchObject({ status: 404, body: { error: { message: expect.stringContaining('"no-such-workload"') } } });
    const team = await db.team.findUniqueOrThrow({ where: { slug: "payments" } });
    await db.workload.create({ data: { slug: "scan-unlinked", name: "Unlinked", teamId: team.id } });
    expect(await scan(carol, "scan-unlinked")).toMatchObject({ status: 404, body: { error: { message: expect.stringContaining("with a consumer repo linked") } } });
  });
});
