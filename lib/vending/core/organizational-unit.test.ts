import { describe, expect, it } from "vitest";
import { formatOuLabel, isOuId, isRootId, parseOuLabel } from "./organizational-unit";

describe("OU labels", () => {
  it("formats as Account Factory shows them", () => {
    expect(formatOuLabel({ id: "ou-ab12-34cd56ef", name: "NonProd" })).toBe("NonProd (ou-ab12-34cd56ef)");
  });
  it("parses back, taking the id from the last parentheses", () => {
    expect(parseOuLabel("NonProd (ou-ab12-34cd56ef)")).toEqual({ id: "ou-ab12-34cd56ef", name: "NonProd" });
    expect(parseOuLabel("Prod (EU) (ou-ab12-34cd56ef)")).toEqual({ id: "ou-ab12-34cd56ef", name: "Prod (EU)" });
    expect(parseOuLabel("  Sandbox (ou-0000-aaaaaaaa)  ")).toEqual({ id: "ou-0000-aaaaaaaa", name: "Sandbox" });
  });
  it.each(["NonProd", "(ou-ab12-34cd56ef)", "NonProd (ou-AB12-34cd56ef)", "NonProd (ou-ab12-34cd)", "NonProd(ou-ab12-34cd56ef)", "Non\nProd (ou-ab12-34cd56ef)", "x (r-ab12)"])(
    "does not parse %j",
    (label) => expect(parseOuLabel(label)).toBeNull(),
  );
  it("round-trips", () => {
    const ou = { id: "ou-9z9z-abcdefgh12", name: "Workloads / Prod" };
    expect(parseOuLabel(formatOuLabel(ou))).toEqual(ou);
  });
  it("refuses to format what would not parse", () => {
    expect(() => formatOuLabel({ id: "r-ab12", name: "Root" })).toThrow(/not an organizational unit id/);
    expect(() => formatOuLabel({ id: "ou-ab12-34cd56ef", name: "" })).toThrow(/1–128/);
  });
  it("knows OU and root ids", () => {
    expect(isOuId("ou-ab12-34cd56ef")).toBe(true);
    expect(isOuId("ou-ab1-34cd56ef")).toBe(false);
    expect(isRootId("r-ab12")).toBe(true);
    expect(isRootId("r-AB12")).toBe(false);
  });
});
