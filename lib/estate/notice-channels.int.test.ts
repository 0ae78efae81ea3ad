import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedGithubRepos } from "@/emulators/github/seed/index";
import type { Viewer } from "@/lib/platform/auth/roles";
import { systemActor } from "@/lib/platform/audit";
import { createGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { connectTestDb } from "@/test/db";
import { createChatWebhookPoster } from "./adapters/chat-webhook-poster";
import { createGithubNoticeIssues } from "./adapters/github-notice-issues";
import { createPrismaEstateStore } from "./adapters/prisma-estate-store";
import { noticeMarker } from "./core/build-notice-message";
import { DAY_MS } from "./core/notice-policy";
import { deliverNoticeChannels } from "./deliver-notice-channels";
import { saveEstateSettings } from "./manage-estate-settings";
import type { ConsumptionInput, EstateDeps } from "./ports";
import { reconcileNotices } from "./reconcile-notices";
import { setWorkloadNoticeIssues } from "./set-workload-notice-issues";

/*
 * The notice channels against real PostgreSQL, the GitHub emulator and a chat receiver: a
 * workload that opted in gets one issue per notice, updated when the notice tightens (also after
 * a crash lost the issue's number) and closed with a comment when it resolves; hostile names stay
 * inert in the issue body; an overdue notice is posted to chat once; bad webhook URLs are refused.
 */

vi.mock("server-only", () => ({}));

const ORG = "acme-platform";
const db = connectTestDb();
const run = randomUUID().slice(0, 8);
const repoName = `notices-${run}`;
const HOSTILE_NAME = "Payments\n## Security review: approved @acme-platform/security [see](https://evil.example/x) <img src=x onerror=alert(1)>";
const HOSTILE_PATH = "dev/eu-west-1/`x`\n# Approved";

let stateDir: string;
let emulator: GithubEmulator;
let chat: http.Server;
let chatUrl: string;
const chatPosts: Array<{ text: string; blocks: unknown[] }> = [];
let chatStatus = 200;
let deps: EstateDeps;
/** How far the tests' clock runs ahead of the real one (to make a notice overdue). */
let aheadMs = 0;
let workloadId: string;
let slug: string;
let moduleId: string;
const versions: Record<string, string> = {};
let carol: Viewer;
let bob: Viewer;

async function control(route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${route}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

type EmulatedIssue = { number: number; title: string; body: string; state: string; labels: string[]; comments: Array<{ body: string }> };
const issues = async () => (await control(`/issues?repo=${ORG}/${repoName}`)) as EmulatedIssue[];

function reference(version: "1.0.0" | "1.1.0"): ConsumptionInput {
  return {
    env: "dev",
    region: "eu-west-1",
    unitPath: HOSTILE_PATH,
    file: `${HOSTILE_PATH}/terragrunt.hcl`,
    address: "terraform.source",
    kind: "terragrunt",
    source: `git::https://github.com/${ORG}/iac-modules.git//modules/vpc?ref=vpc/v${version}`,
    normalizedSource: null,
    ref: `vpc/v${version}`,
    versionConstraint: null,
    match: "version",
    moduleId,
    moduleVersionId: versions[version]!,
    matchProblem: null,
    commitSha: randomUUID().replaceAll("-", "").slice(0, 40),
  };
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "estate-channels-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  emulator = await startGithubEmulator({ port: 0, stateDir });
  await control("/repos", { name: repoName, files: { "root.hcl": "# root\n" } });
  chat = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (chatStatus === 200) chatPosts.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text: string; blocks: unknown[] });
      res.writeHead(chatStatus).end(chatStatus === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => chat.listen(0, "127.0.0.1", resolve));
  const chatHost = `127.0.0.1:${(chat.address() as AddressInfo).port}`;
  chatUrl = `http://${chatHost}/services/T000/B000/secret`;

  const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
  const rules = { production: true, allowHosts: [chatHost] };
  deps = {
    store: createPrismaEstateStore(db),
    repos: { readHead: vi.fn(), listFiles: vi.fn(), readFiles: vi.fn() },
    channels: { ...createGithubNoticeIssues({ getOctokit: (o, r) => getRepoOctokit(app, o, r) }), ...createChatWebhookPoster({ ...rules, timeoutMs: 5_000 }) },
    now: () => new Date(Date.now() + aheadMs),
    config: { publicUrl: "http://portal.test", registryHosts: ["portal.test"], envs: ["dev", "stage", "prod"], chatWebhook: rules },
  };

  const source = await db.moduleSource.create({ data: { owner: `${ORG}-${run}`, repo: "iac-modules", layout: "monorepo" } });
  moduleId = (await db.module.create({ data: { sourceId: source.id, name: "vpc", path: "modules/vpc" } })).id;
  for (const [version, minor, at] of [
    ["1.0.0", 0, new Date(Date.now() - 10 * DAY_MS)],
    ["1.1.0", 1, new Date(Date.now() - DAY_MS)],
  ] as const) {
    versions[version] = (await db.moduleVersion.create({ data: { moduleId, version, tag: `vpc/v${version}`, commitSha: "c".repeat(40), major: 1, minor, patch: 0, docs: {}, ingestedAt: at } })).id;
  }
  const team = await db.team.create({ data: { slug: `channels-${run}`, name: "Channels team" } });
  slug = `channels-${run}`;
  workloadId = (await db.workload.create({ data: { slug, name: HOSTILE_NAME, teamId: team.id, consumerRepo: `${ORG}/${repoName}` } })).id;
  const user = (name: string) => db.user.create({ data: { externalId: `test:${name}-${run}`, username: `${name}-${run}`, name } });
  carol = { id: (await user("carol")).id, username: `carol-${run}`, name: "Carol", email: null, role: "admin", workloads: [] };
  const bobRow = await user("bob");
  bob = { id: bobRow.id, username: bobRow.username, name: "Bob", email: null, role: "lead", workloads: [{ slug, name: HOSTILE_NAME, role: "lead" }] };
  await deps.store.applyScan({ workloadId, commitSha: "a".repeat(40), startedAt: new Date(), references: [reference("1.0.0")], unreadableFiles: [] }, systemActor("test"));
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await new Promise<void>((resolve) => chat?.close(() => resolve()));
  await db.$disconnect();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("GitHub issues for notices", () => {
  it("opens nothing until the workload's lead opts in, then one issue per notice", async () => {
    await reconcileNotices(deps, { moduleId });
    expect((await deliverNoticeChannels(deps)).issuesWritten).toBe(0);
    expect(await issues()).toEqual([]);

    const builder: Viewer = { ...bob, role: "builder", workloads: [{ slug, name: HOSTILE_NAME, role: "builder" }] };
    await expect(setWorkloadNoticeIssues(deps, builder, { workload: slug, enabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await setWorkloadNoticeIssues(deps, bob, { workload: slug, enabled: true });
    const audit = await db.auditEvent.findFirst({ where: { action: "estate.channels.update", subjectId: workloadId } });
    expect(audit).toMatchObject({ actorId: bob.id, after: { githubIssues: true } });

    expect(await deliverNoticeChannels(deps)).toMatchObject({ issuesWritten: 1, failures: [] });
    expect(await deliverNoticeChannels(deps)).toMatchObject({ issuesWritten: 0, failures: [] });
    const [issue, ...others] = await issues();
    expect(others).toEqual([]);
    expect(issue).toMatchObject({ state: "open", labels: ["bulkhead-notice"] });
    expect(issue!.title).toContain("Update available");
    const notice = await db.estateNotice.findFirstOrThrow({ where: { workloadId, resolvedAt: null } });
    expect(issue!.body).toContain(`<!-- bulkhead-notice:${notice.id} -->`);
    expect(notice).toMatchObject({ issueNumber: issue!.number, issueState: "open" });
  });

  it("keeps hostile workload names and unit paths inert in the issue body", async () => {
    const [issue] = await issues();
    const lines = issue!.body.split("\n");
    // No line of the body starts a heading, and no mention, link or HTML survives as such.
    expect(lines.filter((l) => /^\s*#/.test(l))).toEqual([]);
    expect(issue!.body).not.toContain("@acme-platform/security");
    expect(issue!.body).not.toContain("](https://evil.example");
    expect(issue!.body).not.toMatch(/(?<!\\)<img/);
    expect(issue!.title).not.toContain("\n");
  });

  it("updates the same issue when the notice tightens, also after a crash lost its number", async () => {
    await db.moduleVersion.update({ where: { id: versions["1.0.0"] }, data: { status: "vulnerable", statusReason: "Open security group", severity: "critical", fixedIn: "1.1.0" } });
    const reconciled = await reconcileNotices(deps, { moduleId });
    expect(reconciled).toMatchObject({ tightened: 1 });
    // As if the process died between GitHub's answer and recording the issue.
    await db.estateNotice.updateMany({ where: { workloadId, resolvedAt: null }, data: { issueNumber: null, issueUrl: null, issueState: null, issueSyncedAt: null } });

    expect(await deliverNoticeChannels(deps)).toMatchObject({ issuesWritten: 1, failures: [] });
    const [issue, ...others] = await issues();
    expect(others).toEqual([]);
    expect(issue!.title).toContain("Vulnerable version");
    expect(issue!.labels).toEqual(expect.arrayContaining(["bulkhead-notice", "security"]));
    expect(issue!.body).toContain("Fixed in");
  });

  it("does not take over an issue that only quotes another notice's marker further down", async () => {
    const repo = { owner: ORG, repo: repoName };
    const victim = randomUUID();
    const decoy = await deps.channels.upsertIssue(repo, { noticeId: randomUUID(), title: "decoy", body: `${noticeMarker(randomUUID())}\nname: \` ${noticeMarker(victim)} \``, severity: null, advisory: null, dueAt: new Date(), url: "http://portal.test" }, { existing: null, labels: [] });
    const own = await deps.channels.upsertIssue(repo, { noticeId: victim, title: "victim", body: `${noticeMarker(victim)}\nmine`, severity: null, advisory: null, dueAt: new Date(), url: "http://portal.test" }, { existing: null, labels: [] });
    expect(own.number).not.toBe(decoy.number);
    const again = await deps.channels.upsertIssue(repo, { noticeId: victim, title: "victim", body: `${noticeMarker(victim)}\nmine, updated`, severity: null, advisory: null, dueAt: new Date(), url: "http://portal.test" }, { existing: null, labels: [] });
    expect(again.number).toBe(own.number);
    // Leave the repo with the notice's issue only, for the tests that follow.
    for (const number of [decoy.number, own.number]) await deps.channels.closeIssue(repo, { number, comment: "test" });
  });

  it("closes the issue with a comment when the unit moves to a version that satisfies the notice", async () => {
    const applied = await deps.store.applyScan({ workloadId, commitSha: "b".repeat(40), startedAt: new Date(), references: [reference("1.1.0")], unreadableFiles: [] }, systemActor("test"));
    const reconciled = await reconcileNotices(deps, { workloadId, endedConsumptionIds: applied.touchedConsumptionIds });
    expect(reconciled.resolved).toBe(1);
    expect(await deliverNoticeChannels(deps)).toMatchObject({ issuesClosed: 1, failures: [] });
    expect(await deliverNoticeChannels(deps)).toMatchObject({ issuesClosed: 0, issuesWritten: 0 });
    const [issue, ...others] = (await issues()).filter((i) => i.title.startsWith("[Bulkhead]"));
    expect(others).toEqual([]);
    expect(issue!.state).toBe("closed");
    expect(issue!.comments.map((c) => c.body)).toEqual([expect.stringContaining("satisfies this notice")]);
  });
});

describe("the chat webhook for overdue notices", () => {
  it("refuses http, credentials and private hosts, naming the field", async () => {
    const policy = await deps.store.getPolicy();
    for (const url of ["http://hooks.example.com/services/x", "https://user:secret@hooks.example.com/services/x", "https://10.0.0.7/hook", "https://localhost/hook"]) {
      await expect(saveEstateSettings(deps, carol, { policy, chatWebhookUrl: url })).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "chatWebhookUrl" }] });
    }
    await expect(saveEstateSettings(deps, bob, { policy, chatWebhookUrl: chatUrl })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await deps.store.getSettings()).chatWebhookUrl).toBeNull();
  });

  it("refuses a public name that resolves to a private address when posting", async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const poster = createChatWebhookPoster({ production: true, allowHosts: [], timeoutMs: 1_000, fetch: fetchSpy, resolve: async () => ["10.1.2.3"] });
    await expect(poster.postChatMessage({ webhookUrl: "https://hooks.example.com/services/x", payload: { text: "t", blocks: [] } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("connects to the address it checked, not to a second lookup of the name (DNS rebinding)", async () => {
    // A name server can answer the portal's check with a public address and the connection's own
    // lookup with an internal one. The poster resolves once, in the connection's lookup, and
    // connects to what it checked: 203.0.113.7 (TEST-NET-3, unroutable here), so the post times
    // out or finds no route. A second lookup of the name (.invalid never resolves) would fail ENOTFOUND.
    const resolve = vi.fn(async () => ["203.0.113.7"]);
    const poster = createChatWebhookPoster({ production: true, allowHosts: [], timeoutMs: 500, resolve });
    const error = await poster.postChatMessage({ webhookUrl: "https://hooks.rebind.invalid/services/x", payload: { text: "t", blocks: [] } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: expect.stringContaining("hooks.rebind.invalid could not be reached") });
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(resolve).toHaveBeenCalledWith("hooks.rebind.invalid");
    const causes: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) causes.push(`${(e as { code?: string }).code ?? ""} ${e.message}`);
    expect(causes.join(" | ")).not.toMatch(/ENOTFOUND|EAI_AGAIN|getaddrinfo/);
  });

  it("refuses a name whose lookup fails, naming the host only", async () => {
    const poster = createChatWebhookPoster({ production: true, allowHosts: [], timeoutMs: 1_000, resolve: async () => Promise.reject(new Error("SERVFAIL")) });
    await expect(poster.postChatMessage({ webhookUrl: "https://hooks.example.com/services/secret-path", payload: { text: "t", blocks: [] } })).rejects.toMatchObject({
      code: "UPSTREAM_FAILED",
      message: "The chat webhook host hooks.example.com could not be resolved",
    });
  });

  it("posts an overdue notice once, and again only after a failed post", async () => {
    const policy = await deps.store.getPolicy();
    await saveEstateSettings(deps, carol, { policy, chatWebhookUrl: chatUrl });
    const audit = await db.auditEvent.findFirst({ where: { action: "estate.settings.update", actorId: carol.id }, orderBy: { at: "desc" } });
    expect(JSON.stringify(audit?.after)).not.toContain("secret");

    // The unit's new notice (1.1.0 is current: none) — make one overdue: a newer version, and time passes.
    await db.moduleVersion.create({ data: { moduleId, version: "2.0.0", tag: "vpc/v2.0.0", commitSha: "d".repeat(40), major: 2, minor: 0, patch: 0, docs: {} } });
    await reconcileNotices(deps, { moduleId });
    aheadMs = 400 * DAY_MS;

    chatStatus = 500;
    const failed = await deliverNoticeChannels(deps);
    expect(failed.chatPosted).toBe(0);
    expect(failed.failures.map((f) => f.channel)).toEqual(["chat"]);

    chatStatus = 200;
    expect((await deliverNoticeChannels(deps)).chatPosted).toBe(1);
    expect((await deliverNoticeChannels(deps)).chatPosted).toBe(0);
    expect(chatPosts).toHaveLength(1);
    expect(chatPosts[0]!.text).toContain("1 module update notice is overdue");
    expect(JSON.stringify(chatPosts[0]!.blocks)).not.toContain("<https://evil");
    expect(JSON.stringify(chatPosts[0]!.blocks)).toContain("&lt;img");
  });
});
