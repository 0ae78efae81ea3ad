import { describe, expect, it } from "vitest";
import { EnvError, getJobsEnv, getLogLevel, parseEnv } from "./env";

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

describe("job and log settings", () => {
  it("fill their defaults, treating an empty value as unset", () => {
    const env = parseEnv({ ...base, BULKHEAD_SYNC_CRON: "", LOG_LEVEL: " " });
    expect([env.BULKHEAD_JOBS, env.BULKHEAD_SYNC_CRON, env.BULKHEAD_SCAN_CRON, env.LOG_LEVEL]).toEqual([
      "on",
      "*/15 * * * *",
      "17 * * * *",
      "info",
    ]);
  });

  it("accept a schedule, a level and on/off in any case", () => {
    const env = parseEnv({ ...base, BULKHEAD_SYNC_CRON: " 0 */2 * * MON-FRI ", BULKHEAD_JOBS: "OFF", LOG_LEVEL: "Debug" });
    expect([env.BULKHEAD_SYNC_CRON, env.BULKHEAD_JOBS, env.LOG_LEVEL]).toEqual(["0 */2 * * MON-FRI", "off", "debug"]);
  });

  it("name each bad value at start-up", () => {
    const found = problems({ ...base, BULKHEAD_SYNC_CRON: "every 15 minutes", BULKHEAD_SCAN_CRON: "* * *", BULKHEAD_JOBS: "maybe", LOG_LEVEL: "loud" });
    expect(found).toEqual([
      "BULKHEAD_JOBS must be one of on, off",
      'BULKHEAD_SYNC_CRON must be a cron expression of 5 fields (minute hour day month weekday), e.g. "*/15 * * * *"',
      'BULKHEAD_SCAN_CRON must be a cron expression of 5 fields (minute hour day month weekday), e.g. "17 * * * *"',
      "LOG_LEVEL must be one of debug, info, warn, error, silent",
    ]);
  });

  it("can be read alone, without the rest of the environment", () => {
    expect(getJobsEnv({}).BULKHEAD_SCAN_CRON).toBe("17 * * * *");
    expect(getJobsEnv({ BULKHEAD_SCAN_CRON: "5 * * * *" }).BULKHEAD_SCAN_CRON).toBe("5 * * * *");
    expect(() => getJobsEnv({ BULKHEAD_SCAN_CRON: "hourly" })).toThrow(/BULKHEAD_SCAN_CRON must be a cron expression/);
    expect(getLogLevel({ LOG_LEVEL: "warn" })).toBe("warn");
    // The logger never throws: a bad level logs at info, and start-up validation reports it.
    expect(getLogLevel({ LOG_LEVEL: "loud" })).toBe("info");
  });
});
