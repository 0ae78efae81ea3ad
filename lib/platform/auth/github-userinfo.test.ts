import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { OutboundTimeoutError } from "../http/fetch-with-timeout";
import { buildConfig } from "./auth";

const env = parseEnv({
  DATABASE_URL: "postgresql://localhost/unused",
  AUTH_SECRET: "unit-test-secret-that-is-long-enough-for-auth",
  AUTH_GITHUB_ID: "github-client",
  AUTH_GITHUB_SECRET: "github-secret",
  AUTH_GITHUB_ORG: "acme-platform",
  BULKHEAD_HTTP_TIMEOUT_MS: "1000",
});

type Request = (context: { tokens: { access_token: string }; provider: { userinfo: { url: URL } } }) => Promise<Record<string, unknown>>;

/** The GitHub provider's userinfo.request as Auth.js will call it: the options deep-merged over the defaults. */
function githubUserinfo(fetchImpl: typeof fetch): Request {
  const provider = buildConfig(env, { fetch: fetchImpl }).providers[0] as unknown as {
    id: string;
    userinfo: { request: Request };
    options?: { userinfo?: { request?: Request } };
  };
  expect(provider.id).toBe("github");
  return provider.options?.userinfo?.request ?? provider.userinfo.request;
}

const context = { tokens: { access_token: "gho_token" }, provider: { userinfo: { url: new URL("http://github.test/api/v3/user") } } };

describe("GitHub sign-in's userinfo", () => {
  it("gives up on a GitHub that never answers, after BULKHEAD_HTTP_TIMEOUT_MS", async () => {
    const calls: string[] = [];
    const hanging: typeof fetch = (input, init) => {
      calls.push(String(input));
      return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    };
    const started = Date.now();
    await expect(githubUserinfo(hanging)(context)).rejects.toBeInstanceOf(OutboundTimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(calls).toEqual(["http://github.test/api/v3/user"]);
  });

  it("reads the profile, and the primary address when the profile's is private", async () => {
    const seen: Array<{ url: string; authorization: string | null }> = [];
    const github: typeof fetch = async (input, init) => {
      const url = String(input);
      seen.push({ url, authorization: new Headers(init?.headers).get("authorization") });
      if (url.endsWith("/user")) return Response.json({ id: 7, login: "alice", email: null });
      return Response.json([{ email: "other@example.com" }, { email: "alice@example.com", primary: true }]);
    };
    await expect(githubUserinfo(github)(context)).resolves.toEqual({ id: 7, login: "alice", email: "alice@example.com" });
    expect(seen).toEqual([
      { url: "http://github.test/api/v3/user", authorization: "Bearer gho_token" },
      { url: "http://github.test/api/v3/user/emails", authorization: "Bearer gho_token" },
    ]);
  });

  it("names the status when GitHub refuses the token", async () => {
    const refusing: typeof fetch = async () => new Response("{}", { status: 401 });
    await expect(githubUserinfo(refusing)(context)).rejects.toThrow("GET http://github.test/api/v3/user answered 401");
  });
});
