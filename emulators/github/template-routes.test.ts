import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { App } from "@octokit/app";
import { Octokit } from "@octokit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORG, startFixtureEmulator } from "./test-helpers.js";

/**
 * `POST /repos/{template_owner}/{template_repo}/generate`, as GitHub answers it: a new repo
 * with the template's files in one fresh commit, `is_template` on the template, 404 for a
 * template the App cannot see, 422 for a repo that is not a template or a name that is taken.
 */

const exec = promisify(execFile);
type InstallationOctokit = Awaited<ReturnType<App["getInstallationOctokit"]>>;

let fixture: Awaited<ReturnType<typeof startFixtureEmulator>>;
let octokit: InstallationOctokit;
const owner = ORG;

async function control(route: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${fixture.emulator.url}/__emulator${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function failure(call: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = (await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  )) as { status: number; response: { data: Record<string, unknown> } };
  return { status: error.status, message: String(error.response.data.message) };
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
  const created = await control("/repos", { name: "consumer-template", isTemplate: true, files: { "root.hcl": "# root\n", "README.md": "# Template\n" } });
  expect(created.status).toBe(201);
  await control(`/repos/${owner}/consumer-template/commits`, { files: { "docs/layout.md": "one folder per account\n" }, message: "Document the layout" });
}, 30_000);

afterAll(async () => {
  await fixture?.close();
});

describe("repositories from a template", () => {
  it("marks the template and generates a repo with its files in one fresh commit", async () => {
    const { data: template } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo: "consumer-template" });
    expect(template.is_template).toBe(true);
    const { data: plain } = await octokit.request("GET /repos/{owner}/{repo}", { owner, repo: "payments-infra" });
    expect(plain.is_template).toBe(false);

    const response = await octokit.request("POST /repos/{template_owner}/{template_repo}/generate", {
      template_owner: owner,
      template_repo: "consumer-template",
      owner,
      name: "orders-infra",
      description: "Orders workload",
      private: true,
    });
    expect(response.status).toBe(201);
    expect(response.data).toMatchObject({ full_name: `${owner}/orders-infra`, name: "orders-infra", private: true, description: "Orders workload", default_branch: "main", is_template: false });
    expect(response.headers.location).toMatch(/\/repos\/acme-platform\/orders-infra$/);

    const gitDir = path.join(fixture.stateDir, "repos", owner, "orders-infra.git");
    const { stdout: log } = await exec("git", ["--git-dir", gitDir, "log", "--format=%s", "main"]);
    expect(log.trim().split("\n")).toEqual(["Initial commit"]);
    const { stdout: files } = await exec("git", ["--git-dir", gitDir, "ls-tree", "-r", "--name-only", "main"]);
    expect(files.trim().split("\n").sort()).toEqual(["README.md", "docs/layout.md", "root.hcl"]);
    const { data: root } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo: "orders-infra", path: "root.hcl" });
    expect(Buffer.from((root as { content: string }).content, "base64").toString("utf8")).toBe("# root\n");
  });

  it("refuses a taken name, a repo that is not a template, an unseen template and a foreign owner", async () => {
    const taken = await failure(octokit.request("POST /repos/{template_owner}/{template_repo}/generate", { template_owner: owner, template_repo: "consumer-template", owner, name: "orders-infra" }));
    expect(taken).toEqual({ status: 422, message: "Could not clone: Name already exists on this account" });
    const notTemplate = await failure(octokit.request("POST /repos/{template_owner}/{template_repo}/generate", { template_owner: owner, template_repo: "payments-infra", owner, name: "copy" }));
    expect(notTemplate.status).toBe(422);
    expect(notTemplate.message).toMatch(/not a template/);
    expect((await failure(octokit.request("POST /repos/{template_owner}/{template_repo}/generate", { template_owner: owner, template_repo: "missing", owner, name: "x" }))).status).toBe(404);
    expect((await failure(octokit.request("POST /repos/{template_owner}/{template_repo}/generate", { template_owner: owner, template_repo: "consumer-template", owner: "someone-else", name: "x" }))).status).toBe(403);
    await control("/access", { repo: `${owner}/consumer-template`, visible: false });
    expect((await failure(octokit.request("POST /repos/{template_owner}/{template_repo}/generate", { template_owner: owner, template_repo: "consumer-template", owner, name: "hidden" }))).status).toBe(404);
    await control("/access", { repo: `${owner}/consumer-template`, visible: true });
  });
});
