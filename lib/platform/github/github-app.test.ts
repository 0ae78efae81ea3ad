import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGithubApp, getRepoOctokit } from "./github-app";
import { mapGithubError } from "./map-github-error";

// A GitHub that accepts connections and never answers.
let hung: http.Server;
let apiUrl: string;
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });

beforeAll(async () => {
  hung = http.createServer(() => undefined);
  await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
});
afterAll(async () => {
  hung.closeAllConnections();
  await new Promise<void>((resolve) => hung.close(() => resolve()));
});

describe("the GitHub App's Octokit", () => {
  it("gives up on a call GitHub never answers, with a message that says so", async () => {
    const app = createGithubApp({ appId: "1", privateKey, webhookSecret: "s", apiUrl, gitUrl: apiUrl, org: undefined, timeoutMs: 300 });
    const started = performance.now();
    const error = await app.octokit.request("GET /repos/{owner}/{repo}/installation", { owner: "acme", repo: "payments-infra" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(mapGithubError(error, { repo: "acme/payments-infra", action: "find the installation", permission: "metadata:read" })).toMatchObject({
      code: "UPSTREAM_FAILED",
      message: "GitHub did not answer in time while we tried to find the installation in acme/payments-infra; retry in a moment.",
    });
    await expect(getRepoOctokit(app, "acme", "payments-infra")).rejects.toMatchObject({ code: "UPSTREAM_FAILED" });
  });
});

describe("getRepoOctokit", () => {
  it("refuses a repo named . or .. (or any name outside GitHub's rules) before calling GitHub", async () => {
    const asked: unknown[] = [];
    const app = { octokit: { request: async (...args: unknown[]) => asked.push(args) }, getInstallationOctokit: async () => ({}) } as unknown as Parameters<typeof getRepoOctokit>[0];
    for (const [owner, repo] of [["acme", ".."], ["acme", "."], ["..", "infra"], ["acme", "a/b"], ["acme/x", "infra"], ["acme", ""]]) {
      await expect(getRepoOctokit(app, owner!, repo!), `${owner}/${repo}`).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("is not a GitHub repository") });
    }
    expect(asked).toEqual([]);
  });
});
