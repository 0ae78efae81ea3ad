import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { createTimeoutFetch, OutboundTimeoutError } from "../http/fetch-with-timeout";
import { createGithubApp, getRepoOctokit } from "./github-app";

// A GitHub that hangs in the ways a real outage does: it accepts the connection and never
// answers, or sends the headers and stalls in the body. Before the fix every call below
// waited forever (no timeout anywhere), so each test would hit the vitest timeout.
let server: http.Server;
let baseUrl: string;
const privateKey = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = request.url ?? "";
    if (path.startsWith("/stall-body") || path === "/app") {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":');
      return; // never finishes the body
    }
    if (path === "/repos/acme/fast-lookup/installation") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: 4242 }));
      return;
    }
    // Everything else (including the installation token exchange) never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// Takes a thunk, so the clock starts before the call does (a busy event loop must not hide the wait).
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await work();
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

const app = () =>
  createGithubApp({ appId: "1", privateKey, webhookSecret: "s", apiUrl: baseUrl, gitUrl: baseUrl, org: "acme", timeoutMs: 400 });

describe("createTimeoutFetch", () => {
  it("gives up on a server that accepts and never answers, naming the call but not its query", async () => {
    const { ms, error } = await timed(() => createTimeoutFetch(300)(`${baseUrl}/login/oauth/access_token?code=secret-code`, { method: "POST" }));
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect((error as Error).message).toBe(`POST ${baseUrl}/login/oauth/access_token did not answer within 300 ms`);
    expect(ms).toBeGreaterThanOrEqual(200); // the timeout fired, not an immediate refusal
    expect(ms).toBeLessThan(2_000);
  });

  it("gives up on a body that stalls after the headers", async () => {
    const { ms, error } = await timed(() => createTimeoutFetch(300)(`${baseUrl}/stall-body`));
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(ms).toBeLessThan(2_000);
  });

  it("still honours the caller's own abort, reported as an abort", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { error } = await timed(() => createTimeoutFetch(5_000)(`${baseUrl}/never`, { signal: controller.signal }));
    expect(error).not.toBeInstanceOf(OutboundTimeoutError);
    expect((error as Error).name).toBe("AbortError");
  });
});

describe("the GitHub App's Octokit", () => {
  it("fails an App call within the timeout when GitHub never answers", async () => {
    const { ms, error } = await timed(() => app().octokit.request("GET /app/installations"));
    expect((error as Error).message).toMatch(/did not answer within 400 ms/);
    expect(ms).toBeLessThan(3_000);
  });

  it("fails instead of returning an empty body when GitHub stalls mid-body", async () => {
    const { error } = await timed(() => app().octokit.request("GET /app"));
    expect((error as Error).message).toMatch(/GET .*\/app did not answer within 400 ms/);
  });

  it("turns a hung installation lookup into UPSTREAM_FAILED within the timeout", async () => {
    const { ms, error } = await timed(() => getRepoOctokit(app(), "acme", "slow-lookup"));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "UPSTREAM_FAILED", message: "GitHub did not answer for acme/slow-lookup (no answer in time)." });
    expect(ms).toBeLessThan(3_000);
  });

  it("bounds the installation token exchange too (auth-app goes through the same request)", async () => {
    const octokit = await getRepoOctokit(app(), "acme", "fast-lookup");
    const { ms, error } = await timed(() => octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "fast-lookup" }));
    expect((error as Error).message).toMatch(/POST .*\/app\/installations\/4242\/access_tokens did not answer within 400 ms/);
    expect(ms).toBeLessThan(3_000);
  });
});
