import { describe, expect, it } from "vitest";
import { tokenizeHclExpression } from "./tokenize-hcl-expression";

type StringToken = { value: string; template: boolean; text: string; pos: number };

/** Tokens as [text] for punctuation and identifiers, or the string token's fields; or the error. */
function summarize(text: string): Array<string | StringToken> | { error: string } {
  try {
    return tokenizeHclExpression(text).map((t) => (t.kind === "string" ? { value: t.value, template: t.template, text: t.text, pos: t.pos } : t.text));
  } catch (error) {
    return { error: (error as Error).message };
  }
}

// Quoted strings: escapes, template escapes, nested template sequences and the errors HCL reports.
const CASES: Array<[string, Array<string | StringToken> | { error: string }]> = [
  ['"plain"', [{ value: "plain", template: false, text: '"plain"', pos: 0 }, ""]],
  ['""', [{ value: "", template: false, text: '""', pos: 0 }, ""]],
  ['"a\\nb\\tc\\r\\"q\\" \\\\ e"', [{ value: 'a\nb\tc\r"q" \\ e', template: false, text: '"a\\nb\\tc\\r\\"q\\" \\\\ e"', pos: 0 }, ""]],
  ['"\\u00e9\\U0001F600"', [{ value: "é😀", template: false, text: '"\\u00e9\\U0001F600"', pos: 0 }, ""]],
  ['"$${x} %%{y} $$ % $"', [{ value: "${x} %{y} $$ % $", template: false, text: '"$${x} %%{y} $$ % $"', pos: 0 }, ""]],
  ['"a ${var.x} b"', [{ value: "a ${var.x} b", template: true, text: '"a ${var.x} b"', pos: 0 }, ""]],
  ['"${ {a = "}"} }"', [{ value: '${ {a = "}"} }', template: true, text: '"${ {a = "}"} }"', pos: 0 }, ""]],
  ['"%{ if x }y%{ endif }"', [{ value: "%{ if x }y%{ endif }", template: true, text: '"%{ if x }y%{ endif }"', pos: 0 }, ""]],
  ['"${upper("${"n\\" q"}")}"', [{ value: '${upper("${"n\\" q"}")}', template: true, text: '"${upper("${"n\\" q"}")}"', pos: 0 }, ""]],
  ['"${"a\nb"}"', { error: "unterminated string at offset 3" }],
  ['"x\ny"', { error: "unterminated string at offset 0" }],
  ['"unterminated', { error: "unterminated string at offset 0" }],
  ['"\\q"', { error: "invalid escape sequence at offset 1" }],
  ['"\\u12"', { error: "invalid escape sequence at offset 1" }],
  ['"\\u12G4"', { error: "invalid escape sequence at offset 1" }],
  // Beyond U+10FFFF: a syntax error, where the old tokenizer let String.fromCodePoint's RangeError escape.
  ['"\\UFFFFFFFF"', { error: "invalid escape sequence at offset 1" }],
  ['"${unclosed"', { error: "unterminated string at offset 11" }],
  ['"${ "inner', { error: "unterminated string at offset 4" }],
  ['"a" "b"', [{ value: "a", template: false, text: '"a"', pos: 0 }, { value: "b", template: false, text: '"b"', pos: 4 }, ""]],
  ['"\\', { error: "invalid escape sequence at offset 1" }],
  ['"${"\\q"}"', { error: "invalid escape sequence at offset 4" }],
  ['"\\q${"', { error: "invalid escape sequence at offset 1" }],
  ['"${x} "', [{ value: "${x} ", template: true, text: '"${x} "', pos: 0 }, ""]],
  ['f("a,b", "c\\"d")', ["f", "(", { value: "a,b", template: false, text: '"a,b"', pos: 2 }, ",", { value: 'c"d', template: false, text: '"c\\"d"', pos: 9 }, ")", ""]],
];

describe("tokenizeHclExpression", () => {
  it.each(CASES)("reads %j", (text, expected) => {
    expect(summarize(text)).toEqual(expected);
  });
});
