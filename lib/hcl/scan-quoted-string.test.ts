import { describe, expect, it } from "vitest";
import { findTemplateSequenceEnd, scanQuotedString } from "./scan-quoted-string";

describe("scanQuotedString", () => {
  it("reads a literal from its opening quote to just past its closing one", () => {
    const text = 'name = "web" # c';
    expect(scanQuotedString(text, 7)).toEqual({ end: 12, closed: true, raw: "web", value: "web", template: false, problem: null });
    expect(text.slice(12)).toBe(" # c");
    expect(scanQuotedString('""', 0)).toMatchObject({ end: 2, closed: true, raw: "", value: "" });
  });

  it("decodes HCL's escapes and keeps the raw text", () => {
    const scanned = scanQuotedString('"a\\nb\\tc\\r\\"q\\" \\\\ \\u00e9\\U0001F600"', 0);
    expect(scanned).toMatchObject({ closed: true, value: 'a\nb\tc\r"q" \\ é😀', raw: 'a\\nb\\tc\\r\\"q\\" \\\\ \\u00e9\\U0001F600', problem: null });
  });

  it("unescapes $${ and %%{ in the value, and leaves a lone $ or % alone", () => {
    expect(scanQuotedString('"$${x} %%{y} $$ % $"', 0)).toMatchObject({ value: "${x} %{y} $$ % $", template: false, problem: null });
  });

  it("keeps template sequences as written, with the braces and strings inside them", () => {
    const text = '"a-${lookup({ k = "}" }, "k")}-%{ if x }y%{ endif }" tail';
    const scanned = scanQuotedString(text, 0);
    expect(scanned).toMatchObject({ closed: true, template: true, value: 'a-${lookup({ k = "}" }, "k")}-%{ if x }y%{ endif }', problem: null });
    expect(text.slice(scanned.end)).toBe(" tail");
  });

  it("steps over strings nested in sequences, templates and escaped quotes included", () => {
    const text = '"${upper("${"n\\" q"}")}" tail';
    const scanned = scanQuotedString(text, 0);
    expect(scanned).toMatchObject({ closed: true, raw: '${upper("${"n\\" q"}")}', problem: null });
    expect(text.slice(scanned.end)).toBe(" tail");
  });

  it("allows newlines inside a sequence but ends the string at a raw newline outside one", () => {
    expect(scanQuotedString('"${merge(\n  a,\n  b\n)}"', 0)).toMatchObject({ closed: true, problem: null });
    const text = 'x = "abc\ny = "d"';
    expect(scanQuotedString(text, 4)).toEqual({
      end: 8,
      closed: false,
      raw: "abc",
      value: "abc",
      template: false,
      problem: { message: "unterminated string", pos: 4 },
    });
    expect(text[8]).toBe("\n");
  });

  it("reports an unterminated string or sequence that runs to the end", () => {
    expect(scanQuotedString('"abc', 0)).toMatchObject({ end: 4, closed: false, problem: { message: "unterminated string", pos: 0 } });
    expect(scanQuotedString('"${a', 0)).toMatchObject({ end: 4, closed: false, template: true, problem: { message: "unterminated template sequence", pos: 3 } });
    expect(scanQuotedString('"${ "inner', 0)).toMatchObject({ end: 10, closed: false, problem: { message: "unterminated string", pos: 4 } });
  });

  it("never ends a string at an escaped quote", () => {
    expect(scanQuotedString('"\\"', 0)).toMatchObject({ end: 3, closed: false, value: '"', problem: { message: "unterminated string", pos: 0 } });
  });

  it("reports invalid escapes but still steps over the escaped character", () => {
    expect(scanQuotedString('"\\q" x', 0)).toMatchObject({ end: 4, closed: true, raw: "\\q", problem: { message: "invalid escape sequence", pos: 1 } });
    expect(scanQuotedString('"\\u12"', 0)).toMatchObject({ end: 6, closed: true, problem: { message: "invalid escape sequence", pos: 1 } });
    expect(scanQuotedString('"\\u12G4"', 0).problem).toEqual({ message: "invalid escape sequence", pos: 1 });
    expect(scanQuotedString('"\\UFFFFFFFF"', 0)).toMatchObject({ closed: true, problem: { message: "invalid escape sequence", pos: 1 } });
    expect(scanQuotedString('"\\', 0)).toMatchObject({ end: 2, closed: false, problem: { message: "invalid escape sequence", pos: 1 } });
  });

  it("keeps the first problem met, left to right, as HCL's lexer would report it", () => {
    expect(scanQuotedString('"\\q${"', 0).problem).toEqual({ message: "invalid escape sequence", pos: 1 });
    expect(scanQuotedString('"${"\\q"}"', 0).problem).toEqual({ message: "invalid escape sequence", pos: 4 });
    expect(scanQuotedString('"${unclosed"', 0).problem).toEqual({ message: "unterminated string", pos: 11 });
  });
});

describe("findTemplateSequenceEnd", () => {
  it("returns the index just past the closing brace, or -1", () => {
    expect(findTemplateSequenceEnd("${a}-${b}", 2)).toBe(4);
    expect(findTemplateSequenceEnd('${ {a = "}"} }', 2)).toBe(14);
    expect(findTemplateSequenceEnd('${upper("${"n\\" q"}")}!', 2)).toBe(22);
    expect(findTemplateSequenceEnd("${a", 2)).toBe(-1);
    expect(findTemplateSequenceEnd('${"}', 2)).toBe(-1);
  });
});
