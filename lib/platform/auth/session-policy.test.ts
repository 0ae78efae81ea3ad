import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { nextPageOf } from "./read-github-identity";
import { openSecret, sealSecret } from "./seal-secret";
import { cappedJwtMaxAge, recheckStateOf, sessionExpiresAt, sessionPolicyFrom } from "./session-policy";

const MINUTE = 60_000;
const policy = sessionPolicyFrom({ maxHours: 12, recheckMinutes: 60 });

describe("session policy", () => {
  it("ends a session a fixed time after sign-in", () => {
    const signedIn = new Date("2026-12-01T08:00:00Z");
    expect(sessionExpiresAt(signedIn, policy).toISOString()).toBe("2026-12-01T20:00:00.000Z");
  });

  it("starts the re-check ten minutes before the limit and forbids stale roles past it", () => {
    const checked = new Date("2026-12-01T08:00:00Z");
    const at = (minutes: number) => new Date(checked.getTime() + minutes * MINUTE);
    expect(recheckStateOf(checked, at(49), policy)).toBe("fresh");
    expect(recheckStateOf(checked, at(50), policy)).toBe("due");
    expect(recheckStateOf(checked, at(59.9), policy)).toBe("due");
    expect(recheckStateOf(checked, at(60), policy)).toBe("overdue");
    const short = sessionPolicyFrom({ maxHours: 1, recheckMinutes: 8 });
    expect(recheckStateOf(checked, at(5.9), short)).toBe("fresh");
    expect(recheckStateOf(checked, at(6), short)).toBe("due");
  });

  it("never lets a re-issued JWT outlive the session", () => {
    const now = 1_000_000;
    expect(cappedJwtMaxAge(8 * 3600, now + 12 * 3600, now)).toBe(8 * 3600);
    expect(cappedJwtMaxAge(8 * 3600, now + 1800, now)).toBe(1800);
    expect(cappedJwtMaxAge(8 * 3600, now - 5, now)).toBe(1);
    expect(cappedJwtMaxAge(8 * 3600, undefined, now)).toBe(8 * 3600);
  });

  it("reads its settings from the environment, with readable errors", () => {
    const base = { DATABASE_URL: "postgresql://x@localhost/db", AUTH_SECRET: "s".repeat(32), AUTH_OIDC_ISSUER: "http://localhost:4010", AUTH_OIDC_CLIENT_ID: "c", AUTH_OIDC_CLIENT_SECRET: "s" };
    expect(parseEnv(base)).toMatchObject({ BULKHEAD_SESSION_MAX_HOURS: 12, BULKHEAD_SESSION_RECHECK_MINUTES: 60, AUTH_OIDC_OFFLINE_ACCESS: "on", BULKHEAD_README_EXTERNAL_IMAGES: "drop" });
    expect(parseEnv({ ...base, BULKHEAD_SESSION_MAX_HOURS: " 4 ", BULKHEAD_README_EXTERNAL_IMAGES: "ALLOW" })).toMatchObject({ BULKHEAD_SESSION_MAX_HOURS: 4, BULKHEAD_README_EXTERNAL_IMAGES: "allow" });
    expect(() => parseEnv({ ...base, BULKHEAD_SESSION_RECHECK_MINUTES: "120" })).toThrow(/BULKHEAD_SESSION_RECHECK_MINUTES must be a whole number from 5 to 60/);
    expect(() => parseEnv({ ...base, BULKHEAD_SESSION_MAX_HOURS: "twelve" })).toThrow(/BULKHEAD_SESSION_MAX_HOURS must be a whole number from 1 to 168/);
    expect(() => parseEnv({ ...base, BULKHEAD_README_EXTERNAL_IMAGES: "proxy" })).toThrow(/BULKHEAD_README_EXTERNAL_IMAGES must be one of drop, allow/);
  });
});

describe("sealed IdP tokens", () => {
  it("round-trips, and refuses another secret or a tampered value", () => {
    const sealed = sealSecret("refresh-token-1", "secret-a".repeat(4));
    expect(sealed).not.toContain("refresh-token-1");
    expect(openSecret(sealed, "secret-a".repeat(4))).toBe("refresh-token-1");
    expect(openSecret(sealed, "secret-b".repeat(4))).toBeNull();
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = `${body?.[0] === "A" ? "B" : "A"}${body?.slice(1)}`;
    expect(openSecret([v, iv, tag, flipped].join("."), "secret-a".repeat(4))).toBeNull();
    expect(openSecret("garbage", "secret-a".repeat(4))).toBeNull();
  });
});

describe("GitHub Link header", () => {
  it("finds the next page", () => {
    const link = '<https://api.github.com/user/teams?per_page=100&page=2>; rel="next", <https://api.github.com/user/teams?per_page=100&page=3>; rel="last"';
    expect(nextPageOf(link)).toBe("https://api.github.com/user/teams?per_page=100&page=2");
    expect(nextPageOf('<https://api.github.com/user/teams?page=1>; rel="prev"')).toBeNull();
    expect(nextPageOf(null)).toBeNull();
  });
});
