import { describe, expect, it } from "vitest";
import {
  defaultRoleRules,
  highestRole,
  mapGroupsToGrants,
  parseRoleMapping,
  satisfies,
  type Viewer,
} from "./roles";

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
    expect(() => parseRoleMapping(JSON.stringify([{ pattern: "(", role: "admin" }]))).toThrow(/regular expression/);
    expect(() => parseRoleMapping(JSON.stringify([{ group: "x", role: "owner" }]))).toThrow(/role/);
  });
});

describe("roles and requirements", () => {
  const viewer = (role: Viewer["role"], workloads: Viewer["workloads"] = []): Viewer => ({
    id: "u1",
    username: "u",
    name: "U",
    email: null,
    role,
    workloads,
  });

  it("picks the highest role, builder by default", () => {
    expect(highestRole([])).toBe("builder");
    expect(highestRole([{ role: "builder" }, { role: "lead" }])).toBe("lead");
    expect(highestRole([{ role: "admin" }, { role: "lead" }])).toBe("admin");
  });

  it("checks global and workload-scoped requirements", () => {
    const bob = viewer("lead", [{ slug: "payments", name: "Payments", role: "lead" }]);
    expect(satisfies(bob, { role: "lead" })).toBe(true);
    expect(satisfies(bob, { role: "admin" })).toBe(false);
    expect(satisfies(bob, { role: "lead", workload: "payments" })).toBe(true);
    expect(satisfies(bob, { role: "builder", workload: "ledger" })).toBe(false);
    const alice = viewer("builder", [{ slug: "payments", name: "Payments", role: "builder" }]);
    expect(satisfies(alice, { role: "lead", workload: "payments" })).toBe(false);
    expect(satisfies(viewer("admin"), { role: "lead", workload: "anything" })).toBe(true);
  });
});
