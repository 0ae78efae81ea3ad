import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const base = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/bulkhead",
  AUTH_SECRET: "x".repeat(40),
  AUTH_OIDC_ISSUER: "http://localhost:4010",
  AUTH_OIDC_CLIENT_ID: "bulkhead",
  AUTH_OIDC_CLIENT_SECRET: "secret",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
}

describe("parseEnv", () => {
  it("accepts a complete OIDC set-up and fills defaults", () => {
    const env = parseEnv(base);
    expect(env.GITHUB_API_URL).toBe("https://api.github.com");
    expect(env.AUTH_OIDC_NAME).toBe("Single sign-on");
  });

  it("lists every problem at once, naming each variable", () => {
    const found = problems({ AUTH_SECRET: "short", AUTH_OIDC_ISSUER: "not a url" });
    expect(found.join("\n")).toMatch(/DATABASE_URL is required/);
    expect(found.join("\n")).toMatch(/AUTH_SECRET must be at least 32 characters/);
    expect(found.join("\n")).toMatch(/AUTH_OIDC_ISSUER must be an absolute URL/);
  });

  it("requires the OIDC variables together and at least one provider", () => {
    expect(problems({ ...base, AUTH_OIDC_CLIENT_SECRET: undefined }).join()).toMatch(/must be set together/);
    expect(
      problems({ DATABASE_URL: base.DATABASE_URL, AUTH_SECRET: base.AUTH_SECRET }).join(),
    ).toMatch(/no sign-in provider is configured/);
  });

  it("refuses GitHub sign-in without an org to limit it to", () => {
    const github = { DATABASE_URL: base.DATABASE_URL, AUTH_SECRET: base.AUTH_SECRET, AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "s" };
    expect(problems(github).join()).toMatch(/AUTH_GITHUB_ORG/);
    expect(problems({ ...github, GITHUB_ORG: "acme" })).toEqual([]);
  });

  it("rejects a non-postgres DATABASE_URL", () => {
    expect(problems({ ...base, DATABASE_URL: "mysql://x" }).join()).toMatch(/postgresql:\/\//);
  });
});
