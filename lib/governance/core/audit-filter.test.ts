import { describe, expect, it } from "vitest";
import { auditFilterSchema, toAuditSearchParams } from "./audit-filter";

describe("auditFilterSchema", () => {
  it("reads URL parameters, empty meaning any", () => {
    const filter = auditFilterSchema.parse({ actor: " carol ", action: "governance.", subjectType: "", from: "2026-11-01", to: "2026-12-01T00:00Z" });
    expect(filter).toEqual({ actor: "carol", action: "governance.", subjectType: undefined, subjectId: undefined, from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") });
    expect(toAuditSearchParams(filter).toString()).toBe("actor=carol&action=governance.&from=2026-11-01T00%3A00%3A00.000Z&to=2026-12-01T00%3A00%3A00.000Z");
  });

  it("names a bad time and an inverted range", () => {
    expect(auditFilterSchema.safeParse({ from: "yesterday" }).error?.issues[0]).toMatchObject({ path: ["from"], message: expect.stringMatching(/not a date/) });
    expect(auditFilterSchema.safeParse({ from: "2026-12-01", to: "2026-11-01" }).error?.issues[0]).toMatchObject({ path: ["to"] });
  });
});
