import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { promisify } from "node:util";
import { App } from "@octokit/app";
import { Octokit } from "@octokit/core";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORG, startFixtureEmulator } from "./test-helpers.js";

const execFileAsync = promisify(execFile);

type Fixture = Awaited<ReturnType<typeof startFixtureEmulator>>;
type InstallationOctokit = Awaited<ReturnType<App["getInstallationOctokit"]>>;

let fixture: Fixture;
let app: App;

async function installationOctokit(repo: string): Promise<InstallationOctokit> {
  const { data } = await app.octokit.request("GET /repos/{owner}/{repo}/installation", { owner: ORG, repo });
  return app.getInstallationOctokit(data.id);
}

async function control(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fixture.emulator.url}/__emulator${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function gitShow(repoDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("git", ["--git-dir", repoDir, "show", ...args]);
  return stdout;
}

function decodeBase64(content: string): string {
  return Buffer.from(content, "base64").toString("utf8");
}

beforeAll(async () => {
  fixture = await startFixtureEmulator();
  app = new App({
    appId: fixture.emulator.appId,
    privateKey: fixture.emulator.appPrivateKeyPem,
    Octokit: Octokit.defaults({ baseUrl: fixture.emulator.apiUrl }),
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}, 30_000);

afterAll(async () => {
  await fixture?.close();
});

describe("app authentication", () => {
  it("answers 401 with GitHub's error shape for a JWT signed by another key", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
    const impostor = new App({ appId: fixture.emulator.appId, privateKey, Octokit: Octokit.defaults({ baseUrl: fixture.emulator.apiUrl }) });
    const error = await impostor.octokit.request("GET /app").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, response: { data: { message: "A JSON web token could not be decoded" } } });
    expect((error as { response: { data: { documentation_url?: string } } }).response.data.documentation_url).toMatch(/^https:\/\/docs\.github\.com/);
  });

  it("answers 401 for an unknown installation token", async () => {
    const response = await fetch(`${fixture.emulator.apiUrl}/repos/${ORG}/iac-modules`, { headers: { authorization: "token ghs_notarealtoken" } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ message: "Bad credentials" });
  });

  it("issues installation tokens with the App's permissions", async () => {
    const { data } = await app.octokit.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: 1 });
    expect(data.permissions).toEqual({ contents: "write", pull_requests: "write", metadata: "read" });
    expect(Date.parse(data.expires_at)).toBeGreaterThan(Date.now() + 50 * 60_000);
    const repo = await fetch(`${fixture.emulator.apiUrl}/repos/${ORG}/iac-modules`, { headers: { authorization: `Bearer ${data.token}` } });
    expect(repo.status).toBe(200);
    expect(repo.headers.get("x-ratelimit-limit")).toBe("5000");
  });
});

describe("reading modules", () => {
  it("lists repos, tags and refs, and reads a tree and blob at a tag", async () => {
    const octokit = await installationOctokit("iac-modules");
    const { data: repos } = await octokit.request("GET /installation/repositories");
    expect(repos.repositories.map((r) => r.full_name).sort()).toEqual([`${ORG}/iac-modules`, `${ORG}/payments-infra`]);

    const { data: repo } = await octokit.request("GET /repos/{owner}/{repo}", { owner: ORG, repo: "iac-modules" });
    expect(repo).toMatchObject({ default_branch: "main", full_name: `${ORG}/iac-modules`, owner: { login: ORG }, topics: ["terraform"], private: true });
    expect(repo.clone_url).toBe(`${fixture.emulator.gitUrl}/${ORG}/iac-modules.git`);

    const { data: tags } = await octokit.request("GET /repos/{owner}/{repo}/tags", { owner: ORG, repo: "iac-modules" });
    expect(tags.map((t) => t.name)).toEqual(["vpc/v1.1.0", "vpc/v1.0.0"]);

    const { data: refs } = await octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { owner: ORG, repo: "iac-modules", ref: "tags/vpc/" });
    expect(refs.map((r) => [r.ref, r.object.type])).toEqual([
      ["refs/tags/vpc/v1.0.0", "commit"],
      ["refs/tags/vpc/v1.1.0", "tag"],
    ]);
    const annotated = refs[1]!;
    const { data: tagObject } = await octokit.request("GET /repos/{owner}/{repo}/git/tags/{tag_sha}", { owner: ORG, repo: "iac-modules", tag_sha: annotated.object.sha });
    expect(tagObject).toMatchObject({ tag: "vpc/v1.1.0", object: { type: "commit", sha: tags[0]!.commit.sha } });

    const { data: commit } = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner: ORG, repo: "iac-modules", commit_sha: tags[1]!.commit.sha });
    expect(commit.message).toBe("vpc: first version");
    const { data: tree } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: ORG, repo: "iac-modules", tree_sha: commit.tree.sha, recursive: "1" });
    expect(tree.truncated).toBe(false);
    expect(tree.tree.map((e) => `${e.type}:${e.path}`)).toEqual(["blob:README.md", "tree:modules", "tree:modules/vpc", "blob:modules/vpc/main.tf", "blob:modules/vpc/variables.tf"]);
    expect(tree.tree.find((e) => e.path === "modules")?.mode).toBe("040000");
    const { data: subtree } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: ORG, repo: "iac-modules", tree_sha: "vpc/v1.0.0:modules/vpc", recursive: "1" });
    expect(subtree.tree.map((e) => e.path)).toEqual(["main.tf", "variables.tf"]);

    const variables = tree.tree.find((e) => e.path === "modules/vpc/variables.tf")!;
    const { data: blob } = await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { owner: ORG, repo: "iac-modules", file_sha: variables.sha! });
    expect(blob.encoding).toBe("base64");
    expect(decodeBase64(blob.content)).toBe('variable "cidr" {\n  type = string\n}\n');
    expect(blob.size).toBe(variables.size);
  });

  it("decodes encoded refs and serves contents as file and directory", async () => {
    const octokit = await installationOctokit("iac-modules");
    const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner: ORG, repo: "iac-modules", ref: "heads/main" });
    expect(ref.ref).toBe("refs/heads/main");
    const direct = await fetch(`${fixture.emulator.apiUrl}/repos/${ORG}/iac-modules/git/ref/tags%2Fvpc%2Fv1.0.0`, {
      headers: { authorization: `token ${(await app.octokit.request("POST /app/installations/{installation_id}/access_tokens", { installation_id: 1 })).data.token}` },
    });
    expect(await direct.json()).toMatchObject({ ref: "refs/tags/vpc/v1.0.0" });

    const { data: dir } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: ORG, repo: "iac-modules", path: "modules/vpc", ref: "vpc/v1.0.0" });
    expect(Array.isArray(dir) && dir.map((e) => `${e.type}:${e.path}`)).toEqual(["file:modules/vpc/main.tf", "file:modules/vpc/variables.tf"]);
    const { data: file } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: ORG, repo: "iac-modules", path: "modules/vpc/variables.tf", ref: "vpc/v1.1.0" });
    expect(!Array.isArray(file) && file.type === "file" && decodeBase64(file.content)).toContain('variable "name"');

    const missing = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: ORG, repo: "iac-modules", path: "nope.tf" }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404 });
  });

  it("paginates with a Link header", async () => {
    const octokit = await installationOctokit("iac-modules");
    const first = await octokit.request("GET /repos/{owner}/{repo}/tags", { owner: ORG, repo: "iac-modules", per_page: 1 });
    expect(first.data).toHaveLength(1);
    expect(first.headers.link).toContain('rel="next"');
    const second = await octokit.request("GET /repos/{owner}/{repo}/tags", { owner: ORG, repo: "iac-modules", per_page: 1, page: 2 });
    expect(second.data[0]?.name).toBe("vpc/v1.0.0");
    expect(second.headers.link).not.toContain('rel="next"');
  });
});

describe("opening, merging and closing a pull request", () => {
  it("runs the scaffold sequence, merges for real and sends a signed merged webhook", async () => {
    const owner = ORG;
    const repo = "payments-infra";
    const octokit = await installationOctokit(repo);
    const { data: repository } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
    const { data: baseRef } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: `heads/${repository.default_branch}` });
    const { data: baseCommit } = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner, repo, commit_sha: baseRef.object.sha });
    const unit = 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n';
    const { data: blob } = await octokit.request("POST /repos/{owner}/{repo}/git/blobs", { owner, repo, content: Buffer.from(unit).toString("base64"), encoding: "base64" });
    const { data: tree } = await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
      owner,
      repo,
      base_tree: baseCommit.tree.sha,
      tree: [
        { path: "dev/eu-west-1/vpc/terragrunt.hcl", mode: "100644", type: "blob", sha: blob.sha },
        { path: "dev/account.hcl", mode: "100644", type: "blob", sha: null },
      ],
    });
    expect(tree.tree.map((e) => e.path).sort()).toEqual(["dev", "root.hcl"]);
    const { data: commit } = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { owner, repo, message: "Add vpc unit", tree: tree.sha, parents: [baseCommit.sha] });
    expect(commit.author.name).toBe("bulkhead-dev[bot]");

    const branch = "bulkhead/vpc-dev-abc123";
    const created = await octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    expect(created.status).toBe(201);
    const again = await octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha }).catch((e: unknown) => e);
    expect(again).toMatchObject({ status: 422, response: { data: { message: "Reference already exists" } } });
    const updated = await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
    expect(updated.data.object.sha).toBe(commit.sha);

    const { data: existing } = await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner, repo, head: `${owner}:${branch}`, state: "open" });
    expect(existing).toEqual([]);
    const { data: pull, status } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, title: "Add vpc to dev", body: "Module vpc v1.1.0", head: branch, base: "main" });
    expect(status).toBe(201);
    expect(pull).toMatchObject({ number: 1, state: "open", merged: false, head: { ref: branch, sha: commit.sha }, base: { ref: "main", sha: baseCommit.sha }, user: { login: "bulkhead-dev[bot]" } });
    expect(pull.html_url).toBe(`${fixture.emulator.gitUrl}/${owner}/${repo}/pull/1`);
    const duplicate = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, title: "again", head: branch, base: "main" }).catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ status: 422, response: { data: { errors: [{ message: `A pull request already exists for ${owner}:${branch}.` }] } } });
    const { data: listed } = await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner, repo, head: `${owner}:${branch}`, state: "open" });
    expect(listed.map((p) => p.number)).toEqual([1]);

    const { data: labels } = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner, repo, issue_number: 1, labels: ["bulkhead", "module:vpc"] });
    expect(labels.map((l) => l.name)).toEqual(["bulkhead", "module:vpc"]);
    const reviewers = await octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { owner, repo, pull_number: 1, reviewers: [], team_reviewers: ["payments"] });
    expect(reviewers.status).toBe(201);
    expect(reviewers.data.requested_teams?.map((t) => t.slug)).toEqual(["payments"]);

    const merge = await control(`/repos/${owner}/${repo}/pulls/1/merge`, { method: "POST" });
    expect(merge.status).toBe(200);
    const mergeSha = (merge.body as { sha: string }).sha;
    expect(await gitShow(fixture.consumerDir, "main:dev/eu-west-1/vpc/terragrunt.hcl")).toBe(unit);
    await expect(gitShow(fixture.consumerDir, "main:dev/account.hcl")).rejects.toThrow();
    expect((await gitShow(fixture.consumerDir, "--no-patch", "--format=%P", "main")).trim()).toBe(`${baseCommit.sha} ${commit.sha}`);

    const closed = fixture.receiver.received.find((w) => w.event === "pull_request" && w.payload.action === "closed");
    expect(closed).toBeDefined();
    const webhooks = new Webhooks({ secret: fixture.emulator.webhookSecret });
    expect(await webhooks.verify(closed!.rawBody, String(closed!.headers["x-hub-signature-256"]))).toBe(true);
    expect(await new Webhooks({ secret: "wrong" }).verify(closed!.rawBody, String(closed!.headers["x-hub-signature-256"]))).toBe(false);
    expect(closed!.headers["content-type"]).toBe("application/json");
    expect(closed!.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(closed!.payload).toMatchObject({
      number: 1,
      pull_request: { merged: true, merge_commit_sha: mergeSha, head: { ref: branch }, base: { ref: "main" } },
      repository: { full_name: `${owner}/${repo}`, name: repo, owner: { login: owner } },
      installation: { id: 1 },
    });
    const { data: after } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: 1 });
    expect(after).toMatchObject({ state: "closed", merged: true, merge_commit_sha: mergeSha });
    const { data: afterList } = await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner, repo, head: `${owner}:${branch}`, state: "open" });
    expect(afterList).toEqual([]);
  }, 30_000);

  it("refuses a PR without commits and a non-fast-forward ref update without force", async () => {
    const owner = ORG;
    const repo = "payments-infra";
    const octokit = await installationOctokit(repo);
    const { data: main } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/main" });
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo, ref: "refs/heads/empty", sha: main.object.sha });
    const empty = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, title: "nothing", head: `${owner}:empty`, base: "main" }).catch((e: unknown) => e);
    expect(empty).toMatchObject({ status: 422, response: { data: { errors: [{ message: "No commits between main and empty" }] } } });

    const { data: parent } = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner, repo, commit_sha: main.object.sha });
    const { data: sideways } = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { owner, repo, message: "side", tree: parent.tree.sha, parents: parent.parents.map((p) => p.sha) });
    const rejected = await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { owner, repo, ref: "heads/empty", sha: sideways.sha }).catch((e: unknown) => e);
    expect(rejected).toMatchObject({ status: 422, response: { data: { message: "Update is not a fast forward" } } });
    await octokit.request("DELETE /repos/{owner}/{repo}/git/refs/{ref}", { owner, repo, ref: "heads/empty" });
    const gone = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/empty" }).catch((e: unknown) => e);
    expect(gone).toMatchObject({ status: 404 });
  });

  it("closes a PR without merging through the control route", async () => {
    const owner = ORG;
    const repo = "payments-infra";
    const commit = await control(`/repos/${owner}/${repo}/commits`, { method: "POST", body: { branch: "to-close", files: { "x.txt": "x\n" }, message: "x" } });
    expect(commit.status).toBe(201);
    const octokit = await installationOctokit(repo);
    const { data: pull } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, title: "close me", head: "to-close", base: "main" });
    const closed = await control(`/repos/${owner}/${repo}/pulls/${pull.number}/close`, { method: "POST" });
    expect(closed.status).toBe(200);
    const deliveries = (await control("/deliveries")).body as Array<{ event: string; action: string | null; status: number; payload: { number?: number; pull_request?: { merged: boolean } } }>;
    const last = deliveries.filter((d) => d.event === "pull_request" && d.payload.number === pull.number).map((d) => d.action);
    expect(last).toEqual(["opened", "closed"]);
    expect(deliveries.at(-1)).toMatchObject({ status: 202, payload: { pull_request: { merged: false } } });
    const state = (await control(`/pulls?repo=${owner}/${repo}`)).body as Array<{ number: number; state: string; merged: boolean }>;
    expect(state.find((p) => p.number === pull.number)).toMatchObject({ state: "closed", merged: false });
  });
});

describe("access and fault injection", () => {
  it("hides a repo from the App, makes another read-only, and injects rate limits and 500s", async () => {
    const owner = ORG;
    const octokit = await installationOctokit("iac-modules");

    await control("/access", { method: "POST", body: { repo: `${owner}/iac-modules`, writable: false } });
    const write = await octokit.request("POST /repos/{owner}/{repo}/git/blobs", { owner, repo: "iac-modules", content: "x" }).catch((e: unknown) => e);
    expect(write).toMatchObject({ status: 403, response: { data: { message: "Resource not accessible by integration" } } });

    await control("/access", { method: "POST", body: { repo: `${owner}/payments-infra`, visible: false } });
    const hidden = await app.octokit.request("GET /repos/{owner}/{repo}/installation", { owner, repo: "payments-infra" }).catch((e: unknown) => e);
    expect(hidden).toMatchObject({ status: 404 });
    await control("/access", { method: "POST", body: { repo: `${owner}/payments-infra`, visible: true } });
    await control("/access", { method: "POST", body: { repo: `${owner}/iac-modules`, writable: true } });

    await control("/faults", { method: "POST", body: { match: { method: "GET", pathPattern: "/tags$" }, status: 403, count: 1 } });
    const limited = await octokit.request("GET /repos/{owner}/{repo}/tags", { owner, repo: "iac-modules" }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } });
    const recovered = await octokit.request("GET /repos/{owner}/{repo}/tags", { owner, repo: "iac-modules" });
    expect(recovered.status).toBe(200);

    await control("/faults", { method: "POST", body: { match: { pathPattern: "/git/trees" }, status: 500, count: 1 } });
    const failed = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo: "iac-modules", tree_sha: "main" }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ status: 500 });
  });

  it("answers unknown routes with GitHub's 404", async () => {
    const response = await fetch(`${fixture.emulator.apiUrl}/nope/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: "Not Found" });
  });
});
