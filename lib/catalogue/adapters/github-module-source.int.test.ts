import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubEmulator, type GithubEmulator } from "../../../emulators/github/server";
import { createGithubApp, getRepoOctokit } from "../../platform/github/github-app";
import type { ModuleSource, RepoRef, SourceTag } from "../ports";
import { createGithubModuleSource } from "./github-module-source";

vi.mock("server-only", () => ({}));

/*
 * The GitHub adapter against the emulator, which behaves as GitHub does where it matters here:
 * 409 on an empty repo, recursive trees cut at a limit with `truncated: true`, and a contents
 * listing that stops at a limit without saying so (the control route lowers both limits).
 */

const org = "adapter-org";
let stateDir: string;
let emulator: GithubEmulator;
let source: () => ModuleSource;

async function control(method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function tagOf(ref: RepoRef, name: string): Promise<SourceTag> {
  const tag = (await source().listTags(ref)).find((t) => t.name === name);
  if (!tag) throw new Error(`no tag ${name}`);
  return tag;
}

// A module folder of 24 files in four nested folders: past a 5-entry tree limit and a 3-entry listing limit.
const bigModule: Record<string, string> = Object.fromEntries([
  ["modules/big/main.tf", 'resource "aws_sqs_queue" "this" {\n  name = var.name\n}\n'],
  ["modules/big/variables.tf", 'variable "name" {\n  type = string\n}\n'],
  ...Array.from({ length: 22 }, (_, k) => [`modules/big/${["docs", "examples/a", "examples/b", "files"][k % 4]}/f${k}.txt`, `file ${k}\n`]),
]);

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), "bulkhead-gh-adapter-"));
  emulator = await startGithubEmulator({ port: 0, stateDir, org });
  const app = createGithubApp({
    appId: String(emulator.appId),
    privateKey: emulator.appPrivateKeyPem,
    webhookSecret: emulator.webhookSecret,
    apiUrl: emulator.apiUrl,
    gitUrl: emulator.gitUrl,
    org,
  });
  source = () => createGithubModuleSource({ getOctokit: (owner, repo) => getRepoOctokit(app, owner, repo) });
  await control("POST", "/repos", { name: "empty-modules" });
  await control("POST", "/repos", { name: "big-modules", files: { ...bigModule, "CODEOWNERS": "* @adapter-org/root\n", ".github/CODEOWNERS": "* @adapter-org/dot-github\n" } });
  await control("POST", "/repos/adapter-org/big-modules/tags", { tag: "big/v1.0.0" });
  await control("POST", "/repos/adapter-org/big-modules/tags", { tag: "big/v1.0.1", message: "an annotated tag" });
  await control("POST", "/repos", { name: "docs-owners", files: { "main.tf": "", "docs/CODEOWNERS": "* @adapter-org/docs\n" } });
});

afterAll(async () => {
  await emulator?.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe("GitHub module source against the emulator", () => {
  it("treats GitHub's 409 on an empty repository as a repo without tags or CODEOWNERS", async () => {
    const ref = { owner: org, repo: "empty-modules" };
    const direct = await fetch(`${emulator.apiUrl}/repos/${org}/empty-modules/git/matching-refs/tags/`, {
      headers: { authorization: `token ${await installationToken()}` },
    });
    expect(direct.status).toBe(409);
    expect(await source().listTags(ref)).toEqual([]);
    expect(await source().readCodeOwners(ref)).toBeNull();
  });

  it("reads every file of a module folder when GitHub truncates the tree and caps directory listings", async () => {
    const ref = { owner: org, repo: "big-modules" };
    const tag = await tagOf(ref, "big/v1.0.0");
    await control("POST", "/limits", { treeEntries: 5, directoryEntries: 3 });
    try {
      // What GitHub now answers: a cut recursive tree, and a listing that silently stops at 3.
      const token = await installationToken();
      const tree = (await (await fetch(`${emulator.apiUrl}/repos/${org}/big-modules/git/trees/${tag.targetSha}:modules%2Fbig?recursive=1`, {
        headers: { authorization: `token ${token}` },
      })).json()) as { truncated: boolean; tree: unknown[] };
      expect(tree).toMatchObject({ truncated: true });
      const listing = (await (await fetch(`${emulator.apiUrl}/repos/${org}/big-modules/contents/modules/big?ref=${tag.targetSha}`, {
        headers: { authorization: `token ${token}` },
      })).json()) as unknown[];
      expect(listing).toHaveLength(3);

      const snapshot = await source().readModuleAtTag({ ref, tag, path: "modules/big" });
      const expected = Object.keys(bigModule).map((p) => p.slice("modules/big/".length)).sort();
      expect(snapshot.files.map((f) => f.path)).toEqual(expected);
      expect(snapshot.files.find((f) => f.path === "examples/b/f2.txt")?.content).toBe("file 2\n");
      expect(snapshot.commitSha).toBe(tag.targetSha);
    } finally {
      await control("POST", "/limits", { treeEntries: 100_000, directoryEntries: 1000 });
    }
  });

  it("reads a folder at a tag in one tree call, and reports a missing folder as NOT_FOUND", async () => {
    const ref = { owner: org, repo: "big-modules" };
    const tag = await tagOf(ref, "big/v1.0.0");
    const snapshot = await source().readModuleAtTag({ ref, tag, path: "modules/big/" });
    expect(snapshot.files).toHaveLength(Object.keys(bigModule).length);
    await expect(source().readModuleAtTag({ ref, tag, path: "modules/nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives an annotated tag's commit and date as the release", async () => {
    const ref = { owner: org, repo: "big-modules" };
    const annotated = await tagOf(ref, "big/v1.0.1");
    expect(annotated.targetType).toBe("tag");
    const lightweight = await tagOf(ref, "big/v1.0.0");
    const commit = await source().readTagCommit({ ref, tag: annotated });
    expect(commit.commitSha).toBe(lightweight.targetSha);
    expect(commit.committedAt).toBeInstanceOf(Date);
    expect(Math.abs(commit.committedAt!.getTime() - Date.now())).toBeLessThan(10 * 60_000);
  });

  it("reads CODEOWNERS where GitHub does: .github/ first, then the root, then docs/", async () => {
    expect(await source().readCodeOwners({ owner: org, repo: "big-modules" })).toEqual({ path: ".github/CODEOWNERS", content: "* @adapter-org/dot-github\n" });
    expect(await source().readCodeOwners({ owner: org, repo: "docs-owners" })).toEqual({ path: "docs/CODEOWNERS", content: "* @adapter-org/docs\n" });
  });
});

async function installationToken(): Promise<string> {
  const app = createGithubApp({
    appId: String(emulator.appId),
    privateKey: emulator.appPrivateKeyPem,
    webhookSecret: emulator.webhookSecret,
    apiUrl: emulator.apiUrl,
    gitUrl: emulator.gitUrl,
    org,
  });
  const octokit = await getRepoOctokit(app, org, "big-modules");
  const auth = (await octokit.auth({ type: "installation" })) as { token: string };
  return auth.token;
}
