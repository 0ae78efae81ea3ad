import { describe, expect, it } from "vitest";
import { formatTypeExpression } from "./format-type-expression";

// Comments go, strings (with `#`, `//` or escaped quotes inside) stay as written.
const CASES: Array<[string, string]> = [
  ['object({ a = string # c\n b = optional(string, "x # y") })', 'object({ a = string b = optional(string, "x # y") })'],
  ['optional(string, "a\\"#b") // t', 'optional(string, "a\\"#b")'],
  ["map( string ) /* c */", "map( string )"],
  // A `"` inside a template sequence does not end the string (until the shared scanner, it did).
  ['optional(string, "${"#"}") # c', 'optional(string, "${"#"}")'],
  // HCL ends a quoted string at a raw newline, so the `#` below starts a comment (the old
  // hand-written loop read on to the next quote). hcl2json rejects such a file anyway.
  ['optional(string, "abc\n# comment\n")', 'optional(string, "abc ")'],
  ['string "unterminated # c', 'string "unterminated # c'],
];

describe("formatTypeExpression", () => {
  it.each(CASES)("formats %j", (type, expected) => {
    expect(formatTypeExpression(type)).toBe(expected);
  });
});
