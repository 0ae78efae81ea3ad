import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedGithubRepos } from "../../emulators/github/seed/index";
import { startGithubEmulator, type GithubEmulator } from "../../emulators/github/server";
import { signWebhookBody } from "../../emulators/github/webhook-dispatcher";
import { connectTestDb } from "../../test/db";
import type { Db } from "../platform/create-prisma-client";
import { createGithubApp, getRepoOctokit } from "../platform/github/github-app";
import { verifyWebhook } from "../platform/github/verify-webhook";
import { startPgBossJobQueue } from "../platform/jobs/pg-boss-job-queue";
import { createGithubModuleSource } from "./adapters/github-module-source";
import { createPrismaCatalogueReader } from "./adapters/prisma-catalogue-reader";
import { createPrismaCatalogueStore } from "./adapters/prisma-catalogue-store";
import { reshapeModuleDocs } from "./adapters/reshape-module-docs";
import { configureModuleSource } from "./configure-module-source";
import { handleTagWebhook } from "./handle-tag-webhook";
import { listRegistryVersions } from "./list-registry-versions";
import { resolveRegistryDownload } from "./resolve-registry-download";
import { setVersionStatus } from "./set-version-status";
import type { CatalogueDeps } from "./ports";
import { syncModuleSource } from "./sync-module-source";
import { testDatabaseUrl } from "@/test/db";

vi.mock("server-only", () => ({}));

// Its own org, so other test files sharing this database never see these sources.
const org = `sync-it-${Date.now().toString(36)}`;
const actor = { id: null, label: "test:admin" };
let stateDir: string;
let emulator: GithubEmulator;
let db: Db;
let deps: CatalogueDeps;
const sourceIds: Record<string, string> = {};

function tagsOf(repo: string): string[] {
  const out = execFileSync("git", ["--git-dir", path.join(stateDir, "repos", org, `${repo}.git`), "for-each-ref", "--format=%(refname:short)", "refs/tags/"], { encoding: "utf8" });
  return out.split("\n").filter(Boolean);
}

async function control(method: string, route: string, body?: unknown): Promise<Response> {
  const response = await fetch(`${emulator.url}/__emulator${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response;
}

async function versionsOf(repo: string) {
  return db.moduleVersion.findMany({
    where: { module: { sourceId: sourceIds[repo] } },
    include: { module: { select: { name: true, path: true, provider: true } } },
  });
}

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-sync-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org });
  emulator = await startGithubEmulator({ port: 0, stateDir, org });
  const app = createGithubApp({
    appId: String(emulator.appId),
    privateKey: emulator.appPrivateKeyPem,
    webhookSecret: emulator.webhookSecret,
    apiUrl: emulator.apiUrl,
    gitUrl: emulator.gitUrl,
    org,
  });
  db = connectTestDb();
  deps = {
    store: createPrismaCatalogueStore({ db, databaseUrl: testDatabaseUrl() }),
    reader: createPrismaCatalogueReader(db),
    openSource: () => createGithubModuleSource({ getOctokit: (owner, repo) => getRepoOctokit(app, owner, repo) }),
    // No worker in tests: syncs requested through the webhook run inline.
    getJobQueue: async () => null,
    config: { gitUrl: emulator.gitUrl, registryHost: "portal.example.test" },
  };
  for (const [repo, layout] of [["iac-modules", "monorepo"], ["terraform-aws-eks-cluster", "repo"], ["terraform-aws-waf-acl", "repo"]] as const) {
    const created = await configureModuleSource(deps, { input: { repository: `${org}/${repo}`, layout }, actor });
    sourceIds[repo] = created.id;
  }
});

afterAll(async () => {
  await emulator?.close();
  await db?.$disconnect();
  await rm(stateDir, { recursive: true, force: true });
});

describe("catalogue sync against the GitHub emulator and PostgreSQL", () => {
  it("refuses a source the App cannot see, with a field error", async () => {
    await expect(
      configureModuleSource(deps, { input: { repository: `${org}/no-such-repo`, layout: "repo" }, actor }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [expect.objectContaining({ path: "repository" })] });
  });

  it("ingests every seeded version on the first sync; the broken one is kept with file and line", async () => {
    for (const repo of Object.keys(sourceIds)) {
      const result = await syncModuleSource(deps, { sourceId: sourceIds[repo]!, trigger: "manual", actor });
      expect(result.status, `${repo}: ${result.error}`).toBe("succeeded");
      expect(result.counts.versionsIngested).toBe(tagsOf(repo).length);
    }
    const mono = await versionsOf("iac-modules");
    expect(new Set(mono.map((v) => v.tag))).toEqual(new Set(tagsOf("iac-modules")));
    const vpc = mono.find((v) => v.module.name === "vpc")!;
    expect(vpc.module).toMatchObject({ path: "modules/vpc", provider: "aws" });
    expect(vpc.tag).toMatch(/^vpc\/v\d+\.\d+\.\d+$/);
    expect(reshapeModuleDocs(vpc.docs).inputs.length).toBeGreaterThan(0);

    const broken = mono.filter((v) => v.hasErrors);
    expect(broken.map((v) => `${v.module.name}@${v.version}`)).toEqual(["sqs-queue@1.1.0"]);
    expect(broken[0]!.errors).toEqual([expect.objectContaining({ file: expect.stringMatching(/\.tf$/), line: expect.any(Number), message: expect.any(String) })]);
    expect(mono.filter((v) => v.module.name === "sqs-queue" && !v.hasErrors).length).toBeGreaterThan(0);

    const eks = await versionsOf("terraform-aws-eks-cluster");
    expect(eks[0]!.module).toMatchObject({ name: "eks-cluster", path: "", provider: "aws" });
    const waf = await versionsOf("terraform-aws-waf-acl");
    expect(waf.every((v) => /^\d+\.\d+\.\d+$/.test(v.tag))).toBe(true);

    // Release dates are the tags' commit dates.
    expect(mono.every((v) => v.publishedAt !== null)).toBe(true);
    const iamRole = await db.module.findFirstOrThrow({ where: { sourceId: sourceIds["iac-modules"], name: "iam-role" } });
    expect(iamRole.description).toContain("permissions_boundary_arn");
    expect(iamRole.keywords).toContain("permissions_boundary_arn");

    const catalogueModule = await db.module.findFirstOrThrow({ where: { sourceId: sourceIds["iac-modules"], name: "vpc" } });
    expect(catalogueModule.latestVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(catalogueModule.versionCount).toBe(mono.filter((v) => v.module.name === "vpc").length);
    expect(catalogueModule.description.length).toBeGreaterThan(10);
    expect(catalogueModule.category).toBe("networking");
    expect(catalogueModule.searchText).toContain("vpc");
    const run = await db.syncRun.findFirstOrThrow({ where: { sourceId: sourceIds["iac-modules"] } });
    expect(run).toMatchObject({ status: "succeeded", trigger: "manual", versionsFailed: 1 });
    expect(await db.auditEvent.count({ where: { action: "catalogue.sync", subjectId: sourceIds["iac-modules"] } })).toBe(1);
  });

  it("gives each module the owners of the last CODEOWNERS rule matching its folder, in every layout", async () => {
    const owners = async (repo: string) =>
      Object.fromEntries((await db.module.findMany({ where: { sourceId: sourceIds[repo] } })).map((m) => [m.name, [m.owners, m.ownersOrigin]]));
    const mono = await owners("iac-modules");
    expect(mono.vpc).toEqual([[`@${org}/networking`], "codeowners"]);
    expect(mono["kms-key"]).toEqual([[`@${org}/security`, `@${org}/platform`], "codeowners"]);
    expect(mono["sqs-queue"]).toEqual([[`@${org}/platform`], "codeowners"]);
    expect(await owners("terraform-aws-eks-cluster")).toEqual({ "eks-cluster": [[`@${org}/platform`], "codeowners"] });
    expect(await owners("terraform-aws-waf-acl")).toEqual({ "waf-acl": [[`@${org}/security`], "codeowners"] });
  });

  it("re-syncs with nothing new in well under 2 s and ingests nothing", async () => {
    const started = performance.now();
    const result = await syncModuleSource(deps, { sourceId: sourceIds["iac-modules"]!, trigger: "schedule" });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.counts).toMatchObject({ versionsIngested: 0, versionsWithdrawn: 0, versionsFailed: 0 });
  });

  it("picks up a pushed tag, withdraws it when deleted, and never deletes a row", async () => {
    await control("POST", `/repos/${org}/iac-modules/tags`, { tag: "vpc/v9.0.0" });
    const added = await syncModuleSource(deps, { sourceId: sourceIds["iac-modules"]!, trigger: "webhook" });
    expect(added.counts.versionsIngested).toBe(1);
    const catalogueModule = await db.module.findFirstOrThrow({ where: { sourceId: sourceIds["iac-modules"], name: "vpc" } });
    expect(catalogueModule.latestVersion).toBe("9.0.0");
    const before = (await versionsOf("iac-modules")).length;

    await control("DELETE", `/repos/${org}/iac-modules/tags/vpc/v9.0.0`);
    const removed = await syncModuleSource(deps, { sourceId: sourceIds["iac-modules"]!, trigger: "webhook" });
    expect(removed.counts.versionsWithdrawn).toBe(1);
    const after = await versionsOf("iac-modules");
    expect(after.length).toBe(before);
    expect(after.find((v) => v.tag === "vpc/v9.0.0")?.status).toBe("withdrawn");
    expect((await db.module.findUniqueOrThrow({ where: { id: catalogueModule.id } })).latestVersion).not.toBe("9.0.0");
  });

  it("lets concurrent syncs of one source insert nothing twice", async () => {
    await control("POST", `/repos/${org}/iac-modules/tags`, { tag: "kms-key/v7.0.0" });
    const results = await Promise.all([1, 2, 3].map(() => syncModuleSource(deps, { sourceId: sourceIds["iac-modules"]!, trigger: "webhook" })));
    const ingested = results.reduce((n, r) => n + r.counts.versionsIngested, 0);
    expect(ingested).toBe(1);
    expect((await versionsOf("iac-modules")).filter((v) => v.tag === "kms-key/v7.0.0")).toHaveLength(1);
  });

  it("serves the registry protocol: versions without withdrawn and broken ones, and the git source at the tag", async () => {
    const sqs = (await listRegistryVersions(deps, { namespace: org, name: "sqs-queue", provider: "aws" })).modules[0]!.versions.map((v) => v.version);
    expect(sqs.length).toBeGreaterThan(0);
    expect(sqs).not.toContain("1.1.0");
    await expect(resolveRegistryDownload(deps, { namespace: org, name: "sqs-queue", provider: "aws", version: "1.1.0" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const list = await listRegistryVersions(deps, { namespace: org, name: "vpc", provider: "aws" });
    const versions = list.modules[0]!.versions.map((v) => v.version);
    expect(versions).not.toContain("9.0.0");
    expect(versions.length).toBe(tagsOf("iac-modules").filter((t) => t.startsWith("vpc/")).length);
    const get = await resolveRegistryDownload(deps, { namespace: org, name: "vpc", provider: "aws", version: versions.at(-1)! });
    expect(get).toBe(`git::${emulator.gitUrl}/${org}/iac-modules.git//modules/vpc?ref=vpc/v${versions.at(-1)}`);
    const eks = await listRegistryVersions(deps, { namespace: org, name: "eks-cluster", provider: "aws" });
    const eksGet = await resolveRegistryDownload(deps, { namespace: org, name: "eks-cluster", provider: "aws", version: eks.modules[0]!.versions[0]!.version });
    expect(eksGet).toMatch(new RegExp(`^git::${emulator.gitUrl}/${org}/terraform-aws-eks-cluster\\.git\\?ref=v\\d`));
    // The git URL really clones at that tag (async: the emulator answers from this process).
    const clone = await mkdtemp(path.join(os.tmpdir(), "bulkhead-clone-"));
    try {
      await promisify(execFile)("git", ["clone", "-q", "--depth", "1", "--branch", `vpc/v${versions.at(-1)}`, `${emulator.gitUrl}/${org}/iac-modules.git`, clone]);
      expect(execFileSync("ls", [path.join(clone, "modules/vpc")], { encoding: "utf8" })).toContain("variables.tf");
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
    await expect(listRegistryVersions(deps, { namespace: org, name: "nope", provider: "aws" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(resolveRegistryDownload(deps, { namespace: org, name: "vpc", provider: "aws", version: "9.0.0" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("flags a version vulnerable, audited, and the registry keeps listing it, marked", async () => {
    const albVersions = (await versionsOf("iac-modules")).filter((v) => v.module.name === "alb" && v.status === "active");
    const [newest, older] = [...albVersions].sort((a, b) => b.major - a.major || b.minor - a.minor || b.patch - a.patch);
    await expect(setVersionStatus(deps, { input: { versionId: older!.id, action: "flag-vulnerable", reason: "CVE-2026-1" }, actor })).rejects.toThrow();
    await setVersionStatus(deps, {
      input: {
        versionId: older!.id,
        action: "flag-vulnerable",
        reason: "Listener allows TLS 1.0.",
        severity: "high",
        advisoryUrl: "https://www.cve.org/CVERecord?id=CVE-2026-1",
        fixedIn: newest!.version,
        upgradeDeadline: "2099-01-31",
      },
      actor,
    });
    const flagged = await db.moduleVersion.findUniqueOrThrow({ where: { id: older!.id } });
    expect(flagged).toMatchObject({ status: "vulnerable", statusReason: "Listener allows TLS 1.0.", severity: "high", fixedIn: newest!.version });
    expect(flagged.upgradeDeadline?.toISOString().slice(0, 10)).toBe("2099-01-31");
    expect(await db.auditEvent.count({ where: { action: "catalogue.version.flag-vulnerable", subjectId: older!.id } })).toBe(1);
    const listed = (await listRegistryVersions(deps, { namespace: org, name: "alb", provider: "aws" })).modules[0]!.versions;
    expect(listed.find((v) => v.version === older!.version)).toMatchObject({
      status: "vulnerable",
      deprecation: { link: "https://www.cve.org/CVERecord?id=CVE-2026-1" },
      vulnerability: { severity: "high", fixed_in: newest!.version, upgrade_deadline: "2099-01-31" },
    });
    expect(await db.module.findFirstOrThrow({ where: { sourceId: sourceIds["iac-modules"], name: "alb" } })).toMatchObject({ vulnerableCount: 1 });
  });

  it("verifies webhook signatures and routes tag events of configured sources to a sync", async () => {
    const body = JSON.stringify({ ref: "waf-x", ref_type: "tag", repository: { name: "terraform-aws-waf-acl", owner: { login: org } } });
    const headers = (signature: string) => new Headers({ "x-hub-signature-256": signature, "x-github-event": "create", "x-github-delivery": "d-1" });
    await expect(verifyWebhook({ secret: emulator.webhookSecret, headers: headers(signWebhookBody("wrong-secret", body).sha256), rawBody: body })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(verifyWebhook({ secret: emulator.webhookSecret, headers: headers(signWebhookBody(emulator.webhookSecret, body).sha256), rawBody: `${body} ` })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const event = await verifyWebhook({ secret: emulator.webhookSecret, headers: headers(signWebhookBody(emulator.webhookSecret, body).sha256), rawBody: body });

    await control("POST", `/repos/${org}/terraform-aws-waf-acl/tags`, { tag: "9.9.9" });
    const inline = deps;
    expect(await handleTagWebhook(event, inline)).toMatch(/ran: succeeded/);
    expect((await versionsOf("terraform-aws-waf-acl")).some((v) => v.version === "9.9.9")).toBe(true);
    expect(await handleTagWebhook({ ...event, payload: { ...event.payload, repository: { name: "unknown", owner: { login: org } } } }, inline)).toBeNull();
    expect(await handleTagWebhook({ ...event, payload: { ...event.payload, ref_type: "branch" } }, inline)).toBeNull();

    const sent: unknown[] = [];
    const queued = { ...inline, getJobQueue: async () => ({ send: async (...args: unknown[]) => (sent.push(args), "job-1") }) };
    const push = { id: "d-2", name: "push", payload: { ref: "refs/tags/9.9.9", repository: { name: "terraform-aws-waf-acl", owner: { login: org } } } };
    expect(await handleTagWebhook(push, queued)).toMatch(/queued/);
    expect(sent).toEqual([["catalogue.sync-source", { sourceId: sourceIds["terraform-aws-waf-acl"], trigger: "webhook" }, { singletonKey: sourceIds["terraform-aws-waf-acl"] }]]);
  });

  it("runs durable jobs through pg-boss on this database, coalescing by singleton key", async () => {
    const handled: unknown[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const queue = await startPgBossJobQueue({
      connectionString: testDatabaseUrl(),
      pollingIntervalSeconds: 0.5,
      jobs: [{ name: `it-job-${org}`, handler: async (data) => void handled.push(data) }],
    });
    try {
      const first = await queue.send(`it-job-${org}`, { n: 1 }, { singletonKey: "k" });
      const duplicate = await queue.send(`it-job-${org}`, { n: 2 }, { singletonKey: "k" });
      expect(first).toEqual(expect.any(String));
      expect(duplicate).toBeNull();
      const deadline = Date.now() + 20_000;
      while (handled.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(handled).toEqual([{ n: 1 }]);
      release();
      await gate;
    } finally {
      await queue.stop();
    }
  });
});
