import { describe, expect, it } from "vitest";
import { formatTypeExpression } from "./format-type-expression";

// Comments go, strings (with `#`, `//` or escaped quotes inside) stay as written.
const CASES: Array<[string, string]> = [
  ['object({ a = string # c\n b = optional(string, "x # y") })', 'object({ a = string b = optional(string, "x # y") })'],
  ['optional(string, "a\\"#b") // t', 'optional(string, "a\\"#b")'],
  ["map( string ) /* c */", "map( string )"],
  ['optional(string, "${"#"}") # c', 'optional(string, "${"'],
  ['optional(string, "abc\n# comment\n")', 'optional(string, "abc # comment ")'],
  ['string "unterminated # c', 'string "unterminated # c'],
];

describe("formatTypeExpression", () => {
  it.each(CASES)("formats %j", (type, expected) => {
    expect(formatTypeExpression(type)).toBe(expected);
  });
});
