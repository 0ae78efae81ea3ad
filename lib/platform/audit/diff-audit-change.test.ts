import { describe, expect, it } from "vitest";
import { diffAuditChange, jsonEqual } from "./diff-audit-change";

describe("diffAuditChange", () => {
  it("names added, removed, changed and unchanged keys with their values, nested keys by dotted path", () => {
    const before = { state: "requested", reason: "new team", tags: { CostCode: "CC-1000", Owner: "a@x.io" }, list: [1, 2] };
    const after = { state: "approved", decidedBy: "carol", tags: { CostCode: "CC-2000", Owner: "a@x.io" }, list: [1, 2] };
    expect(diffAuditChange(before, after)).toEqual([
      { path: "decidedBy", kind: "added", after: "carol" },
      { path: "list", kind: "unchanged", before: [1, 2], after: [1, 2] },
      { path: "reason", kind: "removed", before: "new team" },
      { path: "state", kind: "changed", before: "requested", after: "approved" },
      { path: "tags.CostCode", kind: "changed", before: "CC-1000", after: "CC-2000" },
      { path: "tags.Owner", kind: "unchanged", before: "a@x.io", after: "a@x.io" },
    ]);
  });

  it("treats a missing side as empty: a creation adds every key, a deletion removes them", () => {
    expect(diffAuditChange(null, { slug: "payments" })).toEqual([{ path: "slug", kind: "added", after: "payments" }]);
    expect(diffAuditChange({ slug: "payments" }, undefined)).toEqual([{ path: "slug", kind: "removed", before: "payments" }]);
    expect(diffAuditChange(null, null)).toEqual([]);
  });

  it("compares an object that became a scalar, and arrays, as whole values", () => {
    expect(diffAuditChange({ tags: { a: 1 } }, { tags: null })).toEqual([{ path: "tags", kind: "changed", before: { a: 1 }, after: null }]);
    expect(diffAuditChange({ ids: [1, 2] }, { ids: [2, 1] })).toEqual([{ path: "ids", kind: "changed", before: [1, 2], after: [2, 1] }]);
    expect(diffAuditChange("draft", "pr_open")).toEqual([{ path: "(value)", kind: "changed", before: "draft", after: "pr_open" }]);
    expect(diffAuditChange(null, [1])).toEqual([{ path: "(value)", kind: "added", after: [1] }]);
  });

  it("keeps a key whose value is null apart from a missing key", () => {
    expect(diffAuditChange({ error: null }, {})).toEqual([{ path: "error", kind: "removed", before: null }]);
  });

  it("ignores key order when comparing", () => {
    expect(jsonEqual({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
