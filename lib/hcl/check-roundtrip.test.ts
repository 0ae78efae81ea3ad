import { describe, expect, it } from "vitest";
import { assertRoundtrip, checkRoundtrip } from "./check-roundtrip";
import { convertHclJsonValue } from "./convert-hcl-json";
import { isHclTemplate, unescapeHclTemplate } from "./decode-hcl-template";

describe("checkRoundtrip", () => {
  it("accepts a file that reads back as the values", async () => {
    const text = 'inputs = {\n  a = "$${x}"\n  b = a + b\n  c = ["é"]\n}\n';
    expect(await checkRoundtrip(text, [{ at: ["inputs"], value: { a: "${x}", b: { __expr: "a+b" }, c: ["e\u0301"] } }])).toEqual({ ok: true });
  });
  it("reports the first mismatch with its path", async () => {
    const text = 'inputs = {\n  a = "${x}"\n  b = [1, 2]\n}\n';
    expect(await checkRoundtrip(text, [{ at: ["inputs"], value: { a: "${x}", b: [1, 2] } }])).toMatchObject({ ok: false, path: "inputs.a" });
    expect(await checkRoundtrip('inputs = {\n  b = [1, 3]\n}\n', [{ at: ["inputs"], value: { b: [1, 2] } }])).toMatchObject({ ok: false, path: "inputs.b[1]" });
    await expect(assertRoundtrip("inputs = {", [])).rejects.toThrow(/does not read back/);
  });
});

describe("hcl2json conversion", () => {
  it("tells templates from escaped literals", () => {
    expect(isHclTemplate("$${x}")).toBe(false);
    expect(isHclTemplate("$$${x}")).toBe(false); // the escaped form of the literal "$${x}"
    expect(isHclTemplate("$${x} ${y}")).toBe(true);
    expect(isHclTemplate("%%{x} ${y}")).toBe(true);
    expect(unescapeHclTemplate("$$$${a}%%{b}")).toBe("$$${a}%{b}");
  });
  it("turns templates into expressions", () => {
    expect(convertHclJsonValue({ a: "${var.x}", b: 'p-${lookup(m, "k")}-"q"', c: ["$${lit}"] })).toEqual({
      a: { __expr: "var.x" },
      b: { __expr: '"p-${lookup(m, "k")}-\\"q\\""' },
      c: ["${lit}"],
    });
  });
});
