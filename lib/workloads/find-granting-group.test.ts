import { describe, expect, it } from "vitest";
import { defaultRoleRules, type RoleRule } from "@/lib/platform/auth/role-mapping";
import { findGrantingGroup, findGrantingGroupTemplate } from "./find-granting-group";

describe("findGrantingGroup", () => {
  it("names the default groups: <slug>-leads and team-<slug>", () => {
    expect(findGrantingGroup(defaultRoleRules, { role: "lead", slug: "payments" })).toBe("payments-leads");
    expect(findGrantingGroup(defaultRoleRules, { role: "builder", slug: "payments" })).toBe("team-payments");
    expect(findGrantingGroupTemplate(defaultRoleRules, "lead")).toBe("{slug}-leads");
  });

  it("reads group rules and simple patterns, and checks every guess against the mapping", () => {
    const rules: RoleRule[] = [
      { group: "payments-owners", role: "lead", workload: "payments" },
      { pattern: "^gh\\.(.+)\\.leads$", role: "lead", workload: "$1" },
      { pattern: "^(x|y)-builders$", role: "builder", workload: "$1" },
      { pattern: "^squad-(.+)$", role: "builder", workload: "wl-$1" },
    ];
    expect(findGrantingGroup(rules, { role: "lead", slug: "payments" })).toBe("payments-owners");
    expect(findGrantingGroup(rules, { role: "lead", slug: "ledger" })).toBe("gh.ledger.leads");
    expect(findGrantingGroup(rules, { role: "builder", slug: "x" })).toBe("x-builders");
    expect(findGrantingGroup(rules, { role: "builder", slug: "z" })).toBeNull();
    expect(findGrantingGroup(rules, { role: "builder", slug: "wl-ledger" })).toBe("squad-ledger");
    expect(findGrantingGroupTemplate([{ group: "admins", role: "admin" }], "lead")).toBeNull();
  });
});
