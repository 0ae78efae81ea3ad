import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "@octokit/app";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { RequestError } from "@octokit/request-error";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGithubContract, type GithubContract, type HttpExchange } from "./github-contract.js";
import { ORG, startFixtureEmulator } from "./test-helpers.js";

/**
 * The emulator against GitHub's official descriptions (@octokit/openapi, @octokit/openapi-webhooks):
 * every operation the portal calls (found by scanning lib/, so a new call without a case here fails)
 * is driven through Octokit as the portal drives it, and every response, success or error, must have
 * a status the description documents and a body that fits that status's schema. Every webhook the
 * emulator sends for the events the portal handles must fit its payload schema.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const exchanges: HttpExchange[] = [];

/** Records every response (and every error response) an Octokit instance receives, with its route template. */
function recordExchanges(octokit: Octokit): void {
  octokit.hook.wrap("request", async (request, options) => {
    // Octokit fills in the Accept header for a media type format only after this hook.
    const format = (options.mediaType as { format?: string } | undefined)?.format;
    const accept = format ? `application/vnd.github.v3.${format}` : String(options.headers.accept ?? "");
    // Pagination follows Link URLs: name them by the operation they belong to.
    const route = /^https?:/.test(options.url) ? (contract.findOperation(options.method, new URL(options.url).pathname.replace(/^\/api\/v3/, "")) ?? options.url) : options.url;
    const base = { method: options.method, route, accept };
    try {
      const response = await request(options);
      exchanges.push({ ...base, status: response.status, contentType: String(response.headers["content-type"] ?? ""), body: response.data });
      return response;
    } catch (error) {
      if (error instanceof RequestError && error.response) {
        exchanges.push({ ...base, status: error.status, contentType: String(error.response.headers["content-type"] ?? ""), body: error.response.data });
      }
      throw error;
    }
  });
}

const RecordingOctokit = Octokit.plugin(paginateRest, recordExchanges);
type RecordingClient = InstanceType<typeof RecordingOctokit>;

/** Every GitHub route the portal's code calls, as `METHOD /path`: Octokit routes, and the REST paths sign-in fetches. */
function portalRoutes(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "generated") walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(root, "lib"));
  const routes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\b(?:request|paginate)\(\s*["`](GET|POST|PUT|PATCH|DELETE) ([^"`]+)["`]/g)) routes.add(`${match[1]} ${match[2]}`);
    for (const match of text.matchAll(/githubApi\([^,]+,\s*["`]([^"`]+)["`]\)/g)) routes.add(`GET /${match[1]}`);
  }
  return [...routes].sort();
}

/** The webhook events the portal handles, from its dispatch table. */
function portalEvents(): string[] {
  const text = readFileSync(path.join(root, "lib/platform/github/handle-github-event.ts"), "utf8");
  const table = /const handlers[^=]*=\s*\{([\s\S]*?)\n\};/.exec(text)?.[1] ?? "";
  return [...table.matchAll(/^\s*([a-z_]+):/gm)].map((m) => m[1] ?? "").sort();
}

let fixture: Awaited<ReturnType<typeof startFixtureEmulator>>;
let contract: GithubContract;
let app: App<{ Octokit: typeof RecordingOctokit }>;
let octokit: RecordingClient;

async function control(route: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<unknown> {
  const response = await fetch(`${fixture.emulator.url}/__emulator${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : ((await response.json()) as unknown);
}

/** Runs a call that must fail with `status`; the failure's body is recorded and checked like any answer. */
async function expectStatus(status: number, call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toMatchObject({ status });
}

beforeAll(async () => {
  const started = Date.now();
  contract = loadGithubContract();
  fixture = await startFixtureEmulator();
  app = new App({
    appId: fixture.emulator.appId,
    privateKey: fixture.emulator.appPrivateKeyPem,
    Octokit: RecordingOctokit.defaults({ baseUrl: fixture.emulator.apiUrl }),
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const { data: installation } = await app.octokit.request("GET /repos/{owner}/{repo}/installation", { owner: ORG, repo: "payments-infra" });
  octokit = await app.getInstallationOctokit(installation.id);
  await control("/repos", { name: "empty-infra" });
  await control(`/repos/${ORG}/payments-infra/commits`, { files: { "docs/big.txt": "x".repeat(1_500_000) }, message: "A file over 1 MB" });
  // The whole suite (loading both descriptions included) must stay a few seconds.
  expect(Date.now() - started).toBeLessThan(15_000);
}, 30_000);

afterAll(async () => {
  await fixture?.close();
});

describe("the emulator against GitHub's OpenAPI description", () => {
  const owner = ORG;

  it("reads a module source as the catalogue does", async () => {
    const repo = "iac-modules";
    await octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
    const refs = (await octokit.paginate("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { owner, repo, ref: "tags/", per_page: 100 })) as Array<{
      object: { sha: string; type: string };
    }>;
    const annotated = refs.find((r) => r.object.type === "tag")!;
    const { data: tag } = await octokit.request("GET /repos/{owner}/{repo}/git/tags/{tag_sha}", { owner, repo, tag_sha: annotated.object.sha });
    const { data: commit } = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner, repo, commit_sha: tag.object.sha });
    await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: commit.sha, recursive: "1" });
    const { data: listing } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "modules/vpc", ref: commit.sha });
    const file = (listing as Array<{ sha: string; type: string }>).find((e) => e.type === "file")!;
    await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { owner, repo, file_sha: file.sha });
    await expectStatus(404, octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "0".repeat(40) }));
    await expectStatus(404, octokit.request("GET /repos/{owner}/{repo}", { owner, repo: "no-such-repo" }));
    await control("/limits", { treeEntries: 2 });
    const { data: truncated } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: commit.sha, recursive: "1" });
    expect(truncated.truncated).toBe(true);
    await control("/limits", { treeEntries: 100_000 });
  });

  it("reads a consumer repo as the scaffold reader does, large files and media types included", async () => {
    const repo = "payments-infra";
    const { data: info } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
    await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: `heads/${info.default_branch}` });
    await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "main", recursive: "1" });
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "root.hcl", ref: "main" });
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "dev", ref: "main", mediaType: { format: "object" } });
    const { data: big } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "docs/big.txt" });
    expect(big).toMatchObject({ encoding: "none", content: "" });
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "docs/big.txt", mediaType: { format: "object" } });
    await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "docs/big.txt", mediaType: { format: "raw" } });
    await expectStatus(404, octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "missing.hcl" }));
    await expectStatus(404, octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/no-such-branch" }));
  });

  it("opens a pull request as the scaffold publisher does, with GitHub's refusals", async () => {
    const repo = "payments-infra";
    const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/main" });
    const { data: base } = await octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner, repo, commit_sha: ref.object.sha });
    const { data: blob } = await octokit.request("POST /repos/{owner}/{repo}/git/blobs", { owner, repo, content: Buffer.from("unit\n").toString("base64"), encoding: "base64" });
    const { data: tree } = await octokit.request("POST /repos/{owner}/{repo}/git/trees", {
      owner,
      repo,
      base_tree: base.tree.sha,
      tree: [{ path: "dev/eu-west-1/queue/terragrunt.hcl", mode: "100644", type: "blob", sha: blob.sha }],
    });
    const { data: commit } = await octokit.request("POST /repos/{owner}/{repo}/git/commits", { owner, repo, message: "Add queue", tree: tree.sha, parents: [base.sha] });
    const branch = "bulkhead/queue-dev";
    await octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
    await expectStatus(422, octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha }));
    await octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { owner, repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
    await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner, repo, head: `${owner}:${branch}`, state: "open", per_page: 10 });
    const { data: pull } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, head: branch, base: "main", title: "Add queue", body: "**Module:** sqs" });
    await expectStatus(422, octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, head: branch, base: "main", title: "again" }));
    await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner, repo, head: `${owner}:${branch}`, state: "open", per_page: 10 });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner, repo, issue_number: pull.number, labels: ["bulkhead"] });
    await octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { owner, repo, pull_number: pull.number, team_reviewers: ["payments"] });
    await expectStatus(422, octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { owner, repo, pull_number: pull.number, team_reviewers: ["nobody"] }));
    await control("/limits", { mergeabilityDelayMs: 0 });
    const { data: detail } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: pull.number });
    expect(detail.mergeable).toBe(true);

    // The rest of a PR's life, for its webhooks: a push to the branch, an edit, close, reopen, merge.
    await control(`/repos/${owner}/${repo}/commits`, { branch, files: { "dev/eu-west-1/queue/extra.hcl": "x\n" }, message: "More" });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: pull.number, title: "Add queue (edited)" });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: pull.number, state: "closed" });
    await octokit.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: pull.number, state: "open" });
    await control(`/repos/${owner}/${repo}/pulls/${pull.number}/merge`, {});
    await control(`/repos/${owner}/iac-modules/tags`, { tag: "vpc/v1.2.0", message: "vpc 1.2.0" });
    await control(`/repos/${owner}/iac-modules/tags/vpc/v1.2.0`, undefined, "DELETE");
  });

  it("opens, finds, updates and closes a notice issue as the estate does", async () => {
    const repo = "payments-infra";
    const { data: issue } = await octokit.request("POST /repos/{owner}/{repo}/issues", { owner, repo, title: "Update available", body: "<!-- bulkhead-notice:n1 -->", labels: ["bulkhead-notice"] });
    const listed = await octokit.paginate("GET /repos/{owner}/{repo}/issues", { owner, repo, state: "all", labels: "bulkhead-notice", per_page: 100 });
    expect(listed.map((i) => i.number)).toContain(issue.number);
    // Pull requests are issues too: the list carries them with a `pull_request` member.
    const everything = await octokit.paginate("GET /repos/{owner}/{repo}/issues", { owner, repo, state: "all", per_page: 2 });
    expect(everything.some((i) => i.pull_request)).toBe(true);
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: issue.number, title: "Vulnerable version", body: "<!-- bulkhead-notice:n1 -->\nnow", state: "open", labels: ["bulkhead-notice", "security"] });
    await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: issue.number });
    await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner, repo, issue_number: issue.number, body: "Resolved" });
    const { data: closed } = await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: issue.number, state: "closed", state_reason: "completed" });
    expect(closed).toMatchObject({ state: "closed", state_reason: "completed", comments: 1 });
    await expectStatus(404, octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner, repo, issue_number: 99_999 }));
    await expectStatus(422, octokit.request("POST /repos/{owner}/{repo}/issues", { owner, repo, title: "" }));
  });

  it("generates a consumer repo from a template as vending does", async () => {
    await control("/repos", { name: "consumer-template", isTemplate: true, files: { "root.hcl": "# root\n" } });
    const { data } = await octokit.request("POST /repos/{template_owner}/{template_repo}/generate", {
      template_owner: owner,
      template_repo: "consumer-template",
      owner,
      name: "orders-infra",
      description: "Orders workload",
      private: true,
      include_all_branches: false,
    });
    expect(data.full_name).toBe(`${owner}/orders-infra`);
    await octokit.request("GET /repos/{owner}/{repo}", { owner, repo: "orders-infra" });
  });

  it("answers 409 on an empty repository where GitHub documents it", async () => {
    const repo = "empty-infra";
    const sha = "1".repeat(40);
    await expectStatus(409, octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/main" }));
    await expectStatus(409, octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { owner, repo, ref: "tags/" }));
    await expectStatus(409, octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "main", recursive: "1" }));
    await expectStatus(409, octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner, repo, commit_sha: sha }));
    await expectStatus(409, octokit.request("POST /repos/{owner}/{repo}/git/blobs", { owner, repo, content: "x" }));
    await expectStatus(409, octokit.request("POST /repos/{owner}/{repo}/git/trees", { owner, repo, tree: [{ path: "a", mode: "100644", type: "blob", content: "a" }] }));
    await expectStatus(409, octokit.request("POST /repos/{owner}/{repo}/git/commits", { owner, repo, message: "m", tree: sha, parents: [] }));
    await expectStatus(409, octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner, repo, ref: "refs/heads/main", sha }));
    await expectStatus(404, octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "root.hcl" }));
  });

  it("answers GitHub sign-in's user routes", async () => {
    const { token } = (await control("/users/alice/token", {})) as { token: string };
    const user = new RecordingOctokit({ auth: token, baseUrl: fixture.emulator.apiUrl });
    const { data: teams } = await user.request("GET /user/teams", { per_page: 100 });
    expect(teams.map((t) => `${t.organization.login}/${t.slug}`)).toEqual([`${ORG}/payments`]);
    await user.request("GET /user/memberships/orgs/{org}", { org: ORG });
    await expectStatus(404, user.request("GET /user/memberships/orgs/{org}", { org: "another-org" }));
  });

  it("sends only responses that fit the description", () => {
    const problems = exchanges.flatMap((exchange) => contract.checkResponse(exchange));
    expect(problems).toEqual([]);
    expect(exchanges.length).toBeGreaterThan(40);
    // Compiling the large response schemas takes seconds on a busy 2-core machine.
  }, 60_000);

  it("covers every route the portal calls", () => {
    const recorded = new Set(exchanges.map((e) => `${e.method} ${e.route}`));
    const uncovered = portalRoutes().filter((route) => {
      const [method = "", template = ""] = route.split(" ");
      const operation = contract.findOperation(method, template);
      return operation === null || !recorded.has(`${method} ${operation}`);
    });
    expect(portalRoutes().length).toBeGreaterThan(15);
    expect(uncovered).toEqual([]);
  });

  it("sends only webhooks that fit the description, for every event the portal handles", { timeout: 60_000 }, async () => {
    const deliveries = (await control("/deliveries")) as Array<{ event: string; action: string | null; payload: Record<string, unknown> }>;
    const problems = deliveries.flatMap((delivery) => contract.checkWebhook(delivery));
    expect(problems).toEqual([]);
    const sent = new Set(deliveries.map((d) => d.event));
    expect(portalEvents().filter((event) => !sent.has(event))).toEqual([]);
    const actions = new Set(deliveries.filter((d) => d.event === "pull_request").map((d) => d.action));
    expect([...actions].sort()).toEqual(["closed", "edited", "opened", "reopened", "synchronize"]);
  });
});
