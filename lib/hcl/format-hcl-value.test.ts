import { describe, expect, it } from "vitest";

import { formatHclValue, normalizeHclValue } from "./format-hcl-value";

describe("formatHclValue", () => {
  it("writes scalars, empty collections and null", () => {
    expect([null, true, 0, -1.5, "", [], {}].map((v) => formatHclValue(v))).toEqual(["null", "true", "0", "-1.5", '""', "[]", "{}"]);
  });

  it("escapes quotes, backslashes and control characters but keeps template escapes", () => {
    expect(formatHclValue('say "hi"\\ $${x}\t')).toBe('"say \\"hi\\"\\\\ $${x}\\t"');
  });

  it("quotes keys that are not identifiers and breaks long values over lines", () => {
    expect(formatHclValue({ "my key": 1, ok: 2 })).toBe('{ "my key" = 1, ok = 2 }');
    const long = { description: "x".repeat(60), nested: { list: ["a", "b"] } };
    expect(formatHclValue(long)).toBe(`{\n  description = "${"x".repeat(60)}"\n  nested      = { list = ["a", "b"] }\n}`);
  });

  it("writes multi-line strings as heredocs with a marker the text does not use", () => {
    expect(formatHclValue("a\nb\n")).toBe("<<EOT\na\nb\nEOT");
    expect(formatHclValue("EOT\n")).toBe("<<EOT_\nEOT\nEOT_");
  });
});

describe("normalizeHclValue", () => {
  it("unescapes literal strings and keys in the JSON form", () => {
    expect(normalizeHclValue({ "$${k}": ["%%{v}"] })).toEqual({ json: { "${k}": ["%{v}"] }, text: '{ "$${k}" = ["%%{v}"] }', isExpression: false });
  });

  it("keeps nested expressions as text and flags them", () => {
    expect(normalizeHclValue({ a: "${var.x}", b: 1 })).toEqual({ json: { a: "var.x", b: 1 }, text: "{ a = var.x, b = 1 }", isExpression: true });
  });
});
