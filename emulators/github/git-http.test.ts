import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORG, startFixtureEmulator } from "./test-helpers.js";

const execFileAsync = promisify(execFile);

let fixture: Awaited<ReturnType<typeof startFixtureEmulator>>;
let workDir: string;

async function git(cwd: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0", GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" };
  const { stdout } = await execFileAsync("git", args, { cwd, env });
  return stdout;
}

beforeAll(async () => {
  fixture = await startFixtureEmulator();
  workDir = await mkdtemp(path.join(os.tmpdir(), "github-emulator-clone-"));
}, 30_000);

afterAll(async () => {
  await fixture?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("git smart HTTP", () => {
  it("clones a repo with its tags", async () => {
    await git(workDir, "clone", "--quiet", `${fixture.emulator.gitUrl}/${ORG}/iac-modules.git`, "clone");
    const clone = path.join(workDir, "clone");
    expect(await readFile(path.join(clone, "modules/vpc/variables.tf"), "utf8")).toContain('variable "name"');
    expect((await git(clone, "tag", "--list")).trim().split("\n")).toEqual(["vpc/v1.0.0", "vpc/v1.1.0"]);
  }, 30_000);

  it("answers 404 for an unknown repo", async () => {
    const response = await fetch(`${fixture.emulator.gitUrl}/${ORG}/missing.git/info/refs?service=git-upload-pack`);
    expect(response.status).toBe(404);
  });

  it("accepts a pushed commit and tag and sends signed push and create webhooks before answering", async () => {
    const clone = path.join(workDir, "clone");
    await writeFile(path.join(clone, "modules/vpc/outputs.tf"), 'output "id" {\n  value = aws_vpc.this.id\n}\n');
    await git(clone, "add", ".");
    await git(clone, "commit", "--quiet", "-m", "vpc: outputs");
    await git(clone, "push", "--quiet", "origin", "main");
    await git(clone, "tag", "vpc/v1.2.0");
    fixture.receiver.received.length = 0;
    await git(clone, "push", "--quiet", "origin", "vpc/v1.2.0");

    const events = fixture.receiver.received.map((w) => w.event);
    expect(events).toEqual(["create", "push"]);
    const [create, push] = fixture.receiver.received;
    expect(create!.payload).toMatchObject({ ref: "vpc/v1.2.0", ref_type: "tag", repository: { full_name: `${ORG}/iac-modules` }, installation: { id: 1 } });
    expect(push!.payload).toMatchObject({ ref: "refs/tags/vpc/v1.2.0", created: true, deleted: false, before: "0000000000000000000000000000000000000000" });
    const webhooks = new Webhooks({ secret: fixture.emulator.webhookSecret });
    expect(await webhooks.verify(create!.rawBody, String(create!.headers["x-hub-signature-256"]))).toBe(true);

    const head = (await git(clone, "rev-parse", "HEAD")).trim();
    const { stdout } = await execFileAsync("git", ["--git-dir", fixture.monorepoDir, "rev-parse", "vpc/v1.2.0^{commit}"]);
    expect(stdout.trim()).toBe(head);
  }, 30_000);

  it("sends a delete webhook when a tag is deleted by push or through the control route", async () => {
    const clone = path.join(workDir, "clone");
    fixture.receiver.received.length = 0;
    await git(clone, "push", "--quiet", "origin", ":refs/tags/vpc/v1.2.0");
    expect(fixture.receiver.received.map((w) => w.event)).toEqual(["delete", "push"]);
    expect(fixture.receiver.received[0]!.payload).toMatchObject({ ref: "vpc/v1.2.0", ref_type: "tag" });

    fixture.receiver.received.length = 0;
    const response = await fetch(`${fixture.emulator.url}/__emulator/repos/${ORG}/iac-modules/tags/vpc/v1.1.0`, { method: "DELETE" });
    expect(response.status).toBe(200);
    expect(fixture.receiver.received.map((w) => w.event)).toEqual(["delete", "push"]);
    expect(fixture.receiver.received[1]!.payload).toMatchObject({ ref: "refs/tags/vpc/v1.1.0", deleted: true });
  }, 30_000);

  it("creates a tag through the control route with create and push webhooks", async () => {
    fixture.receiver.received.length = 0;
    const response = await fetch(`${fixture.emulator.url}/__emulator/repos/${ORG}/iac-modules/tags`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tag: "vpc/v2.0.0" }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { sha: string };
    expect(fixture.receiver.received.map((w) => w.event)).toEqual(["create", "push"]);
    expect(fixture.receiver.received[1]!.payload).toMatchObject({ ref: "refs/tags/vpc/v2.0.0", after: body.sha, head_commit: { id: body.sha } });
  });
});
