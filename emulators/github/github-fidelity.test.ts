import { App } from "@octokit/app";
import { Octokit } from "@octokit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORG, startFixtureEmulator } from "./test-helpers.js";

/**
 * Where GitHub is less kind than a naive fake, the emulator must be too: empty repositories,
 * large files, review requests, size limits, the `head` filter, background mergeability and the
 * fields GitHub always sends. Each case would pass against the emulator's old, kinder behaviour
 * only if the assertion were missing.
 */

type InstallationOctokit = Awaited<ReturnType<App["getInstallationOctokit"]>>;

let fixture: Awaited<ReturnType<typeof startFixtureEmulator>>;
let octokit: InstallationOctokit;
const owner = ORG;

async function control(route: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fixture.emulator.url}/__emulator${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function commit(repo: string, files: Record<string, string | null>, branch = "main"): Promise<string> {
  const { status, body } = await control(`/repos/${owner}/${repo}/commits`, { branch, files, message: "test commit" });
  expect(status).toBe(201);
  return (body as { sha: string }).sha;
}

async function failure(call: Promise<unknown>): Promise<{ status: number; message: string; data: Record<string, unknown> }> {
  const error = (await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  )) as { status: number; response: { data: Record<string, unknown> } };
  return { status: error.status, message: String(error.response.data.message), data: error.response.data };
}

beforeAll(async () => {
  fixture = await startFixtureEmulator();
  const app = new App({
    appId: fixture.emulator.appId,
    privateKey: fixture.emulator.appPrivateKeyPem,
    Octokit: Octokit.defaults({ baseUrl: fixture.emulator.apiUrl }),
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  octokit = await app.getInstallationOctokit(1);
}, 30_000);

afterAll(async () => {
  await fixture?.close();
});

describe("an empty repository", () => {
  it("answers 409 to the git data API and 404 to contents until the first push", async () => {
    await control("/repos", { name: "fresh" });
    const repo = "fresh";
    const conflicts = await Promise.all([
      failure(octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/main" })),
      failure(octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "main" })),
      failure(octokit.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { owner, repo, ref: "heads/" })),
      failure(octokit.request("POST /repos/{owner}/{repo}/git/blobs", { owner, repo, content: "x" })),
      failure(octokit.request("POST /repos/{owner}/{repo}/git/trees", { owner, repo, tree: [{ path: "a", mode: "100644", type: "blob", content: "a" }] })),
      failure(octokit.request("GET /repos/{owner}/{repo}/commits/{ref}", { owner, repo, ref: "main" })),
    ]);
    expect(conflicts.map((c) => [c.status, c.message])).toEqual(Array(6).fill([409, "Git Repository is empty."]));
    const contents = await failure(octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "" }));
    expect([contents.status, contents.message]).toEqual([404, "This repository is empty."]);
    const { data: branches } = await octokit.request("GET /repos/{owner}/{repo}/branches", { owner, repo });
    expect(branches).toEqual([]);

    await commit(repo, { "README.md": "# fresh\n" });
    const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner, repo, ref: "heads/main" });
    expect(ref.ref).toBe("refs/heads/main");
    const { status } = await octokit.request("POST /repos/{owner}/{repo}/git/blobs", { owner, repo, content: "x" });
    expect(status).toBe(201);
  });
});

describe("large files", () => {
  const repo = "payments-infra";
  const big = "0123456789abcdef".repeat(80_000); // 1.28 MB

  beforeAll(async () => {
    await commit(repo, { "assets/big.txt": big });
  });

  it("leaves a file over 1 MB out of the default and object media types, and serves it raw", async () => {
    const { data: json } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "assets/big.txt" });
    expect(json).toMatchObject({ type: "file", size: big.length, content: "", encoding: "none" });
    const { data: object } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "assets/big.txt", mediaType: { format: "object" } });
    expect(object).toMatchObject({ content: "", encoding: "none" });
    const raw = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "assets/big.txt", mediaType: { format: "raw" } });
    expect(raw.headers["content-type"]).toMatch(/^application\/vnd\.github\.raw/);
    expect(Buffer.from(raw.data as unknown as ArrayBuffer).toString("utf8")).toBe(big);
  });

  it("returns the whole file through the git blobs API, and refuses blobs past the blob limit", async () => {
    const { data: json } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "assets/big.txt" });
    const { data: blob } = await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { owner, repo, file_sha: (json as { sha: string }).sha });
    expect(blob.encoding).toBe("base64");
    expect(Buffer.from(blob.content, "base64").toString("utf8")).toBe(big);

    await control("/limits", { blobBytes: 1_000_000, contentsInlineBytes: 5 });
    try {
      const tooLarge = await failure(octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { owner, repo, file_sha: blob.sha }));
      expect(tooLarge).toMatchObject({ status: 403, data: { errors: [{ resource: "Blob", field: "data", code: "too_large" }] } });
      const { data: small } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "root.hcl" });
      expect(small).toMatchObject({ content: "", encoding: "none" });
    } finally {
      await control("/limits", { blobBytes: 100 * 1024 * 1024, contentsInlineBytes: 1024 * 1024 });
    }
    const { data: small } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: "root.hcl" });
    expect(small).toMatchObject({ encoding: "base64", content: "IyByb290Cg==\n" });
  });
});

describe("size limits", () => {
  const repo = "iac-modules";

  it("truncates a recursive tree past the entry or byte limit", async () => {
    const full = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "vpc/v1.0.0", recursive: "1" });
    expect(full.data.truncated).toBe(false);
    expect(full.data.tree).toHaveLength(5);
    await control("/limits", { treeEntries: 3 });
    const byCount = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "vpc/v1.0.0", recursive: "1" });
    expect(byCount.data.truncated).toBe(true);
    expect(byCount.data.tree.map((e) => e.path)).toEqual(full.data.tree.slice(0, 3).map((e) => e.path));
    await control("/limits", { treeEntries: 100_000, treeBytes: 400 });
    const bySize = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "vpc/v1.0.0", recursive: "1" });
    expect(bySize.data.truncated).toBe(true);
    expect(bySize.data.tree.length).toBeGreaterThan(0);
    expect(bySize.data.tree.length).toBeLessThan(5);
    const flat = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "vpc/v1.0.0" });
    expect(flat.data.truncated).toBe(false);
    await control("/reset", {});
    const again = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner, repo, tree_sha: "vpc/v1.0.0", recursive: "1" });
    expect(again.data.truncated).toBe(false);
  });

  it("lists at most limits.directoryEntries entries of a directory, silently, as GitHub lists 1,000", async () => {
    expect(((await control("/limits")).body as { directoryEntries: number }).directoryEntries).toBe(1000);
    await commit("payments-infra", Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`many/file-${String(i).padStart(2, "0")}.txt`, `${i}\n`])));
    await control("/limits", { directoryEntries: 5 });
    try {
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo: "payments-infra", path: "many" });
      expect((data as Array<{ name: string }>).map((e) => e.name)).toEqual(["file-00.txt", "file-01.txt", "file-02.txt", "file-03.txt", "file-04.txt"]);
      const { data: object } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo: "payments-infra", path: "many", mediaType: { format: "object" } });
      expect(object).toMatchObject({ type: "dir", path: "many" });
      expect((object as unknown as { entries: unknown[] }).entries).toHaveLength(5);
    } finally {
      await control("/limits", { directoryEntries: 1000 });
    }
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo: "payments-infra", path: "many" });
    expect(data).toHaveLength(12);
  });

  it("refuses limits that make no sense", async () => {
    expect((await control("/limits", { treeEntries: 0 })).status).toBe(422);
    expect((await control("/limits", { treeEntrys: 3 })).status).toBe(422);
  });
});

describe("pull requests", () => {
  const repo = "payments-infra";

  async function openPull(branch: string, files: Record<string, string | null>, draft = false): Promise<number> {
    await commit(repo, files, branch);
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, title: branch, head: branch, base: "main", draft });
    return data.number;
  }

  it("filters by head only in GitHub's owner:branch form; a bare branch name is ignored", async () => {
    const first = await openPull("filter-a", { "filter/a.txt": "a\n" });
    const second = await openPull("filter-b", { "filter/b.txt": "b\n" });
    const list = async (head: string) =>
      (await octokit.request("GET /repos/{owner}/{repo}/pulls", { owner, repo, head, state: "open" })).data.map((p) => p.number);
    expect(await list(`${owner}:filter-a`)).toEqual([first]);
    expect(await list(`someone-else:filter-a`)).toEqual([]);
    const bare = await list("filter-a");
    expect(bare).toContain(first);
    expect(bare).toContain(second);
  });

  it("reports mergeable null while GitHub computes it, then true or false with mergeable_state", async () => {
    await control("/limits", { mergeabilityDelayMs: 300 });
    try {
      const { data: created } = await octokit.request("POST /repos/{owner}/{repo}/pulls", {
        owner,
        repo,
        title: "merge me",
        head: (await commit(repo, { "conflict.txt": "ours\n" }, "mergeable-a"), "mergeable-a"),
        base: "main",
      });
      expect(created).toMatchObject({ mergeable: null, rebaseable: null, mergeable_state: "unknown" });
      const read = async () => (await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: created.number })).data;
      expect((await read()).mergeable).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await read()).toMatchObject({ mergeable: true, rebaseable: true, mergeable_state: "clean" });

      // The base moves in a way that conflicts: back to unknown, then false/dirty.
      await commit(repo, { "conflict.txt": "theirs\n" });
      expect((await read()).mergeable).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await read()).toMatchObject({ mergeable: false, mergeable_state: "dirty" });

      await control("/limits", { mergeabilityDelayMs: 0 });
      const draft = await openPull("mergeable-draft", { "draft.txt": "d\n" }, true);
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner, repo, pull_number: draft });
      expect(data).toMatchObject({ mergeable: true, mergeable_state: "draft" });
    } finally {
      await control("/limits", { mergeabilityDelayMs: 500 });
    }
  });

  it("sends the diff figures, hypermedia links and team types GitHub always sends", async () => {
    await commit(repo, { "stats/one.txt": "1\n2\n3\n" });
    await commit(repo, { "stats/one.txt": "1\nTWO\n3\n", "stats/two.txt": "new\n" }, "stats");
    await commit(repo, { "stats/three.txt": "x\n" }, "stats");
    const { data: pull } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, title: "stats", head: "stats", base: "main" });
    expect(pull).toMatchObject({ commits: 2, additions: 3, deletions: 1, changed_files: 3 });
    expect(pull.review_comment_url).toMatch(/\/pulls\/comments\{\/number\}$/);
    expect(pull.user.followers_url).toMatch(/\/users\/bulkhead-dev%5Bbot%5D\/followers$/);

    const { data: requested } = await octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { owner, repo, pull_number: pull.number, team_reviewers: ["payments"] });
    expect(requested.requested_teams?.[0]).toMatchObject({ slug: "payments", name: "Payments", type: "organization", permission: "push" });
    expect(requested).not.toHaveProperty("additions");

    const { data: full } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo });
    expect(full).toMatchObject({ network_count: 0, subscribers_count: 0, organization: { login: owner } });
    for (const link of ["forks_url", "keys_url", "collaborators_url", "teams_url", "hooks_url", "events_url", "releases_url", "deployments_url", "notifications_url"]) {
      expect(full, link).toHaveProperty(link);
    }
    const { data: listed } = await octokit.request("GET /installation/repositories");
    const inList = listed.repositories.find((r) => r.name === repo);
    expect(inList).toHaveProperty("forks_url");
    expect(inList).not.toHaveProperty("network_count");
  });
});

describe("review requests", () => {
  const repo = "payments-infra";
  let number: number;

  beforeAll(async () => {
    await commit(repo, { "review/x.txt": "x\n" }, "review-me");
    number = (await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo, title: "review", head: "review-me", base: "main" })).data.number;
  });

  const request = (body: { reviewers?: string[]; team_reviewers?: string[] }) =>
    octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { owner, repo, pull_number: number, ...body });

  it("refuses people and teams that are not collaborators with GitHub's 422", async () => {
    const stranger = await failure(request({ reviewers: ["mallory"] }));
    expect(stranger.status).toBe(422);
    expect(stranger.message).toBe(
      `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${owner}/${repo} repository.`,
    );
    const unknownTeam = await failure(request({ team_reviewers: ["ghosts"] }));
    expect(unknownTeam.message).toBe(`Reviews may only be requested from collaborators. One or more of the teams you specified is not a collaborator of the ${owner}/${repo} repository.`);
    await control(`/orgs/${owner}/teams/auditors`, { name: "Auditors", members: ["carol"] }, "PUT");
    expect((await failure(request({ team_reviewers: ["auditors"] }))).status).toBe(422);
    const author = await failure(request({ reviewers: ["bulkhead-dev[bot]"] }));
    expect([author.status, author.message]).toEqual([422, "Review cannot be requested from pull request author."]);
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { owner, repo, pull_number: number });
    expect(data).toEqual({ users: [], teams: [] });
  });

  it("accepts org members under the base permission, collaborators and teams with access", async () => {
    expect((await request({ reviewers: ["alice"], team_reviewers: ["payments"] })).status).toBe(201);
    await control(`/orgs/${owner}`, { basePermission: "none" }, "PATCH");
    // carol owns the org: owners pass whatever the base permission says.
    expect((await request({ reviewers: ["carol"] })).status).toBe(201);
    await control(`/orgs/${owner}/members/dave`, { role: "member" }, "PUT");
    expect((await failure(request({ reviewers: ["dave"] }))).status).toBe(422);
    await control(`/repos/${owner}/${repo}/collaborators/dave`, { permission: "pull" }, "PUT");
    expect((await request({ reviewers: ["dave"] })).status).toBe(201);
    await control(`/orgs/${owner}/teams/auditors`, { repos: { [repo]: "triage" } }, "PUT");
    const { data } = await request({ team_reviewers: ["AUDITORS"] });
    expect(data.requested_reviewers?.map((u) => u.login)).toEqual(["alice", "carol", "dave"]);
    expect(data.requested_teams?.map((t) => [t.slug, t.permission])).toEqual([
      ["payments", "push"],
      ["auditors", "triage"],
    ]);
    await control(`/orgs/${owner}`, { basePermission: "read" }, "PATCH");
  });
});

describe("GitHub sign-in", () => {
  it("lists a user's teams and org membership with a user token, and refuses other tokens", async () => {
    const { body } = await control("/users/alice/token", {});
    const user = new Octokit({ auth: (body as { token: string }).token, baseUrl: fixture.emulator.apiUrl });
    const { data: teams } = await user.request("GET /user/teams");
    expect(teams.map((t) => [t.organization.login, t.slug])).toContainEqual([owner, "payments"]);
    const { data: membership } = await user.request("GET /user/memberships/orgs/{org}", { org: owner });
    expect(membership).toMatchObject({ state: "active", role: "member", user: { login: "alice" } });
    const { body: mallory } = await control("/users/mallory/token", {});
    const outsider = new Octokit({ auth: (mallory as { token: string }).token, baseUrl: fixture.emulator.apiUrl });
    expect((await outsider.request("GET /user/teams")).data).toEqual([]);
    expect((await failure(outsider.request("GET /user/memberships/orgs/{org}", { org: owner }))).status).toBe(404);
    const installationToken = (await octokit.auth({ type: "installation" })) as { token: string };
    const wrongKind = new Octokit({ auth: installationToken.token, baseUrl: fixture.emulator.apiUrl });
    expect((await failure(wrongKind.request("GET /user/teams"))).status).toBe(401);
    expect((await failure(outsider.request("GET /repos/{owner}/{repo}", { owner, repo: "iac-modules" }))).status).toBe(401);
  });
});

describe("the pull request page", () => {
  it("renders the body as GitHub-flavoured markdown and drops anything that could run", async () => {
    await commit("payments-infra", { "page/x.txt": "x\n" }, "page");
    const body = "Adds **vpc**.\n\n| input | value |\n|---|---|\n| cidr | `10.0.0.0/16` |\n\n- [ ] plan reviewed\n\n<script>alert(1)</script>\n[bad](javascript:alert(1)) <img src=x onerror=alert(1)>";
    const { data } = await octokit.request("POST /repos/{owner}/{repo}/pulls", { owner, repo: "payments-infra", title: "page <b>", head: "page", base: "main", body });
    const html = await (await fetch(data.html_url)).text();
    expect(html).toContain("<strong>vpc</strong>");
    expect(html).toContain("<table>");
    expect(html).toContain("<code>10.0.0.0/16</code>");
    expect(html).toMatch(/<input(?=[^>]*\bdisabled\b)(?=[^>]*type="checkbox")/);
    expect(html).toContain("page &#60;b&#62;");
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });
});
