import { describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { defaultRoleRules, mapGroupsToGrants, parseRoleMapping } from "./role-mapping";

describe("mapGroupsToGrants with the default rules", () => {
  it("maps the demo users' groups", () => {
    expect(mapGroupsToGrants(["team-payments"], defaultRoleRules)).toEqual([
      { role: "builder", workload: "payments" },
    ]);
    expect(mapGroupsToGrants(["payments-leads", "ledger-leads"], defaultRoleRules)).toEqual([
      { role: "lead", workload: "ledger" },
      { role: "lead", workload: "payments" },
    ]);
    expect(mapGroupsToGrants(["platform-admins"], defaultRoleRules)).toEqual([{ role: "admin", workload: null }]);
    expect(mapGroupsToGrants([], defaultRoleRules)).toEqual([]);
  });

  it("accepts GitHub org/team names and ignores unknown groups", () => {
    expect(mapGroupsToGrants(["acme/platform-admins", "acme/random", "everyone"], defaultRoleRules)).toEqual([
      { role: "admin", workload: null },
    ]);
  });

  it("deduplicates grants from several groups", () => {
    expect(mapGroupsToGrants(["payments-leads", "acme/payments-leads"], defaultRoleRules)).toHaveLength(1);
  });
});

describe("parseRoleMapping", () => {
  it("falls back to the defaults when unset", () => {
    expect(parseRoleMapping(undefined)).toBe(defaultRoleRules);
    expect(parseRoleMapping("  ")).toBe(defaultRoleRules);
  });

  it("parses exact-group rules", () => {
    const rules = parseRoleMapping(
      JSON.stringify([
        { group: "cloud-ops", role: "admin" },
        { group: "pay-devs", role: "builder", workload: "payments" },
      ]),
    );
    expect(mapGroupsToGrants(["pay-devs", "cloud-ops"], rules)).toEqual([
      { role: "admin", workload: null },
      { role: "builder", workload: "payments" },
    ]);
  });

  it("names the problem in bad mappings", () => {
    expect(() => parseRoleMapping("{")).toThrow(/not valid JSON/);
    expect(() => parseRoleMapping(JSON.stringify([{ group: "x", role: "lead" }]))).toThrow(/need one/);
    expect(() => parseRoleMapping(JSON.stringify([{ group: "x", pattern: "y", role: "admin" }]))).toThrow(
      /exactly one/,
    );
    expect(() => parseRoleMapping(JSON.stringify([{ pattern: "(", role: "admin" }]))).toThrow(/not a valid RE2 regular expression/i);
    expect(() => parseRoleMapping(JSON.stringify([{ group: "x", role: "owner" }]))).toThrow(/role/);
  });
});

describe("role-mapping patterns from configuration (ReDoS)", () => {
  // (a+)+$ against "aaaa…!" backtracks 2^n times in a backtracking engine: with JS RegExp,
  // 26 characters took about 4 s here, and each one more doubles it. RE2 answers in microseconds.
  const catastrophic = JSON.stringify([{ pattern: "^(a+)+$", role: "admin" }]);

  it("matches a catastrophic pattern in linear time", { timeout: 5_000 }, () => {
    const rules = parseRoleMapping(catastrophic);
    const started = performance.now();
    expect(mapGroupsToGrants(["a".repeat(26) + "!", "b".repeat(10_000)], rules)).toEqual([]);
    expect(mapGroupsToGrants(["a".repeat(100_000)], rules)).toEqual([{ role: "admin", workload: null }]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("refuses backreferences and look-around at start-up, naming the rule", () => {
    const base = { DATABASE_URL: "postgresql://x@localhost/db", AUTH_SECRET: "s".repeat(32), AUTH_OIDC_ISSUER: "http://localhost:4010", AUTH_OIDC_CLIENT_ID: "c", AUTH_OIDC_CLIENT_SECRET: "s" };
    for (const pattern of ["^(a)\\1$", "^(?=admin)", "(?<!x)admins"]) {
      const mapping = JSON.stringify([{ pattern, role: "admin" }]);
      expect(() => parseRoleMapping(mapping)).toThrow(/rule 0\.pattern: .*not a valid RE2 regular expression/i);
      expect(() => parseEnv({ ...base, BULKHEAD_ROLE_MAPPING: mapping })).toThrow(/BULKHEAD_ROLE_MAPPING rule 0\.pattern/);
    }
    expect(() => parseRoleMapping(JSON.stringify([{ pattern: "x".repeat(501), role: "admin" }]))).toThrow(/rule 0\.pattern/);
    expect(parseEnv({ ...base, BULKHEAD_ROLE_MAPPING: catastrophic }).BULKHEAD_ROLE_MAPPING).toBe(catastrophic);
  });

  it("keeps $1 substitution with RE2's capture groups", () => {
    const rules = parseRoleMapping(JSON.stringify([{ pattern: "^(?i)eng-(?P<w>[a-z]+)-(dev|ops)$", role: "builder", workload: "$1-$2" }]));
    expect(mapGroupsToGrants(["ENG-payments-ops", "eng-x"], rules)).toEqual([{ role: "builder", workload: "payments-ops" }]);
  });
});
