import { describe, expect, it } from "vitest";
import { DAY_MS } from "./notice-policy";
import { unitStatusOf } from "./unit-status";

const now = new Date("2026-11-30T00:00:00Z");
const due = (days: number) => ({ kind: "update_available" as const, dueAt: new Date(now.getTime() + days * DAY_MS) });
const active = { status: "active" };

describe("unitStatusOf", () => {
  it("reads the status from the version and the open notice's due date", () => {
    expect(unitStatusOf({ match: "version", version: active, notice: null }, now, 7)).toBe("current");
    expect(unitStatusOf({ match: "version", version: active, notice: due(30) }, now, 7)).toBe("update_available");
    expect(unitStatusOf({ match: "version", version: active, notice: due(7) }, now, 7)).toBe("due");
    expect(unitStatusOf({ match: "version", version: active, notice: due(-1) }, now, 7)).toBe("overdue");
    expect(unitStatusOf({ match: "version", version: { status: "vulnerable" }, notice: due(-1) }, now, 7)).toBe("vulnerable");
    expect(unitStatusOf({ match: "version", version: active, notice: { kind: "vulnerable", dueAt: now } }, now, 7)).toBe("vulnerable");
    expect(unitStatusOf({ match: "module", version: null, notice: null }, now, 7)).toBe("unversioned");
    expect(unitStatusOf({ match: "bring_your_own", version: null, notice: null }, now, 7)).toBe("bring_your_own");
  });
});
