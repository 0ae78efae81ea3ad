import { describe, expect, it } from "vitest";
import { highestRole, satisfies, type Viewer } from "./roles";

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
