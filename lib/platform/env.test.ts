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

  it("takes an EventBridge bus by name or ARN for vending events, and refuses anything else", () => {
    expect(parseEnv(base).BULKHEAD_VENDING_EVENT_BUS).toBeUndefined();
    expect(parseEnv({ ...base, BULKHEAD_VENDING_EVENT_BUS: "bulkhead-events" }).BULKHEAD_VENDING_EVENT_BUS).toBe("bulkhead-events");
    expect(parseEnv({ ...base, BULKHEAD_VENDING_EVENT_BUS: "arn:aws:events:eu-west-1:123456789012:event-bus/bulkhead" }).BULKHEAD_VENDING_EVENT_BUS).toMatch(/^arn:/);
    expect(problems({ ...base, BULKHEAD_VENDING_EVENT_BUS: "bad bus name!" }).join()).toMatch(/BULKHEAD_VENDING_EVENT_BUS must be an EventBridge bus name or ARN/);
    expect(getJobsEnv({}).BULKHEAD_ACCOUNT_IMPORT_CRON).toBe("41 * * * *");
    expect(parseEnv(base).BULKHEAD_VENDING_POLL_SECONDS).toBe(15);
    expect(parseEnv({ ...base, BULKHEAD_VENDING_POLL_SECONDS: "2" }).BULKHEAD_VENDING_POLL_SECONDS).toBe(2);
    expect(problems({ ...base, BULKHEAD_VENDING_POLL_SECONDS: "0" }).join()).toMatch(/between 1 and 600/);
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

  it("refuses to start in production without AUTH_URL, so sign-in URLs never come from the Host header", () => {
    const found = problems({ ...base, NODE_ENV: "production" });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/AUTH_URL is required in production/);
    expect(problems({ ...base, NODE_ENV: "production", AUTH_URL: "https://bulkhead.example.com" })).toEqual([]);
    // Outside production the portal may run without it (dev, tests).
    expect(problems({ ...base, NODE_ENV: "development" })).toEqual([]);
  });

  it("reads AUTH_TRUST_HOST as a boolean and refuses anything else", () => {
    expect(parseEnv(base).AUTH_TRUST_HOST).toBeUndefined();
    expect(parseEnv({ ...base, AUTH_TRUST_HOST: "true" }).AUTH_TRUST_HOST).toBe(true);
    expect(parseEnv({ ...base, AUTH_TRUST_HOST: "0" }).AUTH_TRUST_HOST).toBe(false);
    expect(problems({ ...base, AUTH_TRUST_HOST: "yes please" }).join()).toMatch(/AUTH_TRUST_HOST must be true or false/);
  });

  it("fills the database and HTTP timeouts with their defaults", () => {
    const env = parseEnv(base);
    expect(env.BULKHEAD_DB_CONNECT_TIMEOUT_MS).toBe(5_000);
    expect(env.BULKHEAD_DB_STATEMENT_TIMEOUT_MS).toBe(15_000);
    expect(env.BULKHEAD_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS).toBe(30_000);
    expect(env.BULKHEAD_HTTP_TIMEOUT_MS).toBe(30_000);
    expect(parseEnv({ ...base, BULKHEAD_DB_STATEMENT_TIMEOUT_MS: "2500" }).BULKHEAD_DB_STATEMENT_TIMEOUT_MS).toBe(2_500);
    // Compose passes `${VAR:-}` as an empty string: that means unset, not zero.
    expect(parseEnv({ ...base, BULKHEAD_HTTP_TIMEOUT_MS: "", AUTH_TRUST_HOST: "" })).toMatchObject({
      BULKHEAD_HTTP_TIMEOUT_MS: 30_000,
      AUTH_TRUST_HOST: undefined,
    });
  });

  it("refuses timeouts that are not whole milliseconds, are zero (no timeout) or outlive the delivery lease", () => {
    expect(problems({ ...base, BULKHEAD_DB_CONNECT_TIMEOUT_MS: "soon" }).join()).toMatch(/BULKHEAD_DB_CONNECT_TIMEOUT_MS must be a number/);
    expect(problems({ ...base, BULKHEAD_DB_STATEMENT_TIMEOUT_MS: "0" }).join()).toMatch(/BULKHEAD_DB_STATEMENT_TIMEOUT_MS must be at least 100 ms/);
    expect(problems({ ...base, BULKHEAD_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: "1.5" }).join()).toMatch(/whole number/);
    expect(problems({ ...base, BULKHEAD_HTTP_TIMEOUT_MS: "120000" }).join()).toMatch(
      /BULKHEAD_HTTP_TIMEOUT_MS must be at most 90000 ms \(it must stay well under the 2-minute scaffold delivery lease\)/,
    );
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
