import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedFixtureRepos } from "./test-helpers.js";
import { startGithubEmulator } from "./server.js";

const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("restarting the emulator", () => {
  it("keeps its App key, PRs, access rules and issued tokens", async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "github-emulator-restart-"));
    dirs.push(stateDir);
    await seedFixtureRepos(path.join(stateDir, "repos"));
    const first = await startGithubEmulator({ port: 0, stateDir });
    const created = await fetch(`${first.url}/__emulator/repos/acme-platform/payments-infra/commits`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ branch: "feature", files: { "dev/x.hcl": "x\n" }, message: "x" }),
    });
    expect(created.status).toBe(201);
    const { AppAuthority } = await import("./app-auth.js");
    const token = new AppAuthority(first.appId, first.appPrivateKeyPem).issueInstallationToken(1).token;
    const pull = await fetch(`${first.apiUrl}/repos/acme-platform/payments-infra/pulls`, {
      method: "POST",
      headers: { authorization: `token ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Feature", head: "acme-platform:feature", base: "main" }),
    });
    expect(pull.status).toBe(201);
    await fetch(`${first.url}/__emulator/access`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ repo: "acme-platform/iac-modules", writable: false }) });
    await first.close();

    const second = await startGithubEmulator({ port: 0, stateDir });
    try {
      expect(second.appPrivateKeyPem).toBe(first.appPrivateKeyPem);
      const pulls = await fetch(`${second.apiUrl}/repos/acme-platform/payments-infra/pulls?state=all`, { headers: { authorization: `token ${token}` } });
      expect(pulls.status).toBe(200);
      expect(((await pulls.json()) as Array<{ title: string; html_url: string }>).map((p) => [p.title, p.html_url])).toEqual([
        ["Feature", `${second.gitUrl}/acme-platform/payments-infra/pull/1`],
      ]);
      const access = (await (await fetch(`${second.url}/__emulator/access`)).json()) as Record<string, unknown>;
      expect(access["acme-platform/iac-modules"]).toEqual({ visible: true, writable: false });
      const page = await fetch(`${second.gitUrl}/acme-platform/payments-infra/pull/1`);
      expect(await page.text()).toContain("Feature");
    } finally {
      await second.close();
    }
  }, 30_000);
});
