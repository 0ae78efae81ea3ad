import { describe, expect, it } from "vitest";
import { auditFilterSchema, isEmptyAuditFilter, parseFilterTime, toAuditSearchParams } from "./audit-filter";
import { auditViewHref, parseAuditViewParams } from "./audit-page-params";

const messages = (input: unknown) => {
  const result = auditFilterSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("audit filters", () => {
  it("reads times with a zone, without one (UTC) and bare dates", () => {
    expect(parseFilterTime("2026-11-30T01:10")?.toISOString()).toBe("2026-11-30T01:10:00.000Z");
    expect(parseFilterTime("2026-11-30T01:10:34.5")?.toISOString()).toBe("2026-11-30T01:10:34.500Z");
    expect(parseFilterTime("2026-11-30T02:10+01:00")?.toISOString()).toBe("2026-11-30T01:10:00.000Z");
    expect(parseFilterTime("2026-11-30")?.toISOString()).toBe("2026-11-30T00:00:00.000Z");
    for (const bad of ["last tuesday", "1700000000", "2026-13-40", "30/11/2026", "2026-11-30 01:10"]) expect(parseFilterTime(bad)).toBeNull();
  });

  it("treats empty parameters as unset and trims values", () => {
    const filter = auditFilterSchema.parse({ actor: "  carol ", action: "", subjectType: undefined, from: "" });
    expect(filter).toEqual({ actor: "carol", action: undefined, subjectType: undefined, subjectId: undefined, requestId: undefined, from: undefined, to: undefined });
    expect(isEmptyAuditFilter(auditFilterSchema.parse({}))).toBe(true);
  });

  it("names the parameter that is wrong", () => {
    expect(messages({ from: "last tuesday" })).toEqual([
      'from: from "last tuesday" is not a date or time (use ISO 8601, e.g. 2026-11-30 or 2026-11-30T14:00; without a zone it means UTC)',
    ]);
    expect(messages({ from: "2026-12-01", to: "2026-11-01" })).toEqual(["to: to must come after from"]);
    expect(messages({ action: "x".repeat(201) })).toEqual(["action: action is at most 200 characters"]);
  });

  it("round-trips through the URL: the export link holds the list's filters", () => {
    const filter = auditFilterSchema.parse({ actor: "carol", action: "auth.", from: "2026-11-30T01:10", subjectType: "workload" });
    const params = toAuditSearchParams(filter);
    expect(params.toString()).toBe("actor=carol&action=auth.&subjectType=workload&from=2026-11-30T01%3A10%3A00.000Z");
    expect(auditFilterSchema.parse(Object.fromEntries(params))).toEqual(filter);
    expect(auditViewHref("/api/audit/export", filter)).toBe(`/api/audit/export?${params}`);
    expect(auditViewHref("/admin/audit", {}, { older: "12" })).toBe("/admin/audit?older=12");
  });

  it("reports a bad cursor or filter in the page URL instead of throwing", () => {
    expect(parseAuditViewParams({ older: "12", action: ["auth.", "x"] })).toEqual({ filter: expect.objectContaining({ action: "auth." }), older: 12n, newer: undefined, error: null });
    expect(parseAuditViewParams({ older: "1; DROP TABLE" }).error).toBe("older: must be the numeric id of an audit event");
    expect(parseAuditViewParams({ to: "soon" })).toMatchObject({ filter: {}, error: expect.stringMatching(/^to: to "soon" is not a date/) });
  });
});
