import { parse } from "@cdktn/hcl2json";
import { describe, expect, it } from "vitest";
import { convertHclJsonValue } from "./convert-hcl-json";
import { decodeHclString, displayTemplate, isHclTemplate, quoteHclTemplate, unescapeHclTemplate, unwrapExpression } from "./decode-hcl-template";
import { normalizeHclValue } from "./format-hcl-value";
import { isDeepEqual } from "./input-value";

/*
 * The catalogue's reading (displayTemplate, normalizeHclValue) and the scaffold's reading
 * (convertHclJsonValue) of the same hcl2json strings. The table was first written against the
 * two decoders that existed before this module (parse-hcl's and convert-hcl-json's) and kept
 * when they were merged; the rows that changed say so. Most inputs are real hcl2json outputs;
 * the last rows are malformed on purpose.
 */

// Written by hand: spacing hcl2json would normalise, or malformed templates.
const NOT_FROM_HCL2JSON = new Set(['${"}"}', "${ var.x }", "${ {a = 1} }", "${}", "${", "${a", '${"}', "${a}}", "${a)}", "${(a}"]);

const expr = (source: string) => ({ __expr: source });

// [hcl2json string, is a template, catalogue: unwrapped expression, scaffold: InputValue]
const CASES: Array<[string, boolean, string | null, string | { __expr: string }]> = [
  ["", false, null, ""],
  ["plain", false, null, "plain"],
  ['say "hi"\\ \n', false, null, 'say "hi"\\ \n'],
  ["$${x}", false, null, "${x}"],
  ["$$${x}", false, null, "$${x}"],
  ["%%{x}", false, null, "%{x}"],
  ["$$$${a}%%{b}", false, null, "$$${a}%{b}"],
  ["cost $${x} and %%{y} and $$z", false, null, "cost ${x} and %{y} and $$z"],
  ["$", false, null, "$"],
  ["%", false, null, "%"],
  ["trailing $", false, null, "trailing $"],
  ["50% {off}", false, null, "50% {off}"],
  ["${var.x}", true, "var.x", expr("var.x")],
  ["${ var.x }", true, "var.x", expr("var.x")],
  ["${}", true, "", expr("")],
  ["${ {a = 1} }", true, "{a = 1}", expr("{a = 1}")],
  ['${"}"}', true, '"}"', expr('"}"')],
  ['${lookup({ a = "}" }, "a")}', true, 'lookup({ a = "}" }, "a")', expr('lookup({ a = "}" }, "a")')],
  ['${can(regex("^[a-z]+$", var.x))}', true, 'can(regex("^[a-z]+$", var.x))', expr('can(regex("^[a-z]+$", var.x))')],
  ['${upper("x\\"}")}', true, 'upper("x\\"}")', expr('upper("x\\"}")')],
  ['${merge(\n  {a = "}"},\n  var.y\n)}', true, 'merge(\n  {a = "}"},\n  var.y\n)', expr('merge(\n  {a = "}"},\n  var.y\n)')],
  ['${[for s in var.l : "${s}-x"]}', true, '[for s in var.l : "${s}-x"]', expr('"${[for s in var.l : "${s}-x"]}"')],
  ['${upper("a-${var.y}")}', true, 'upper("a-${var.y}")', expr('"${upper("a-${var.y}")}"')],
  ['${upper("%{if true}a%{endif}")}', true, 'upper("%{if true}a%{endif}")', expr('"${upper("%{if true}a%{endif}")}"')],
  // The old scaffold decoder ended the first sequence at the escaped quote and wrote `\")}` (no longer HCL).
  ['${upper("${"nested \\" q"}")}', true, 'upper("${"nested \\" q"}")', expr('"${upper("${"nested \\" q"}")}"')],
  ["a-${var.x}", true, null, expr('"a-${var.x}"')],
  ["${a}-${b}", true, null, expr('"${a}-${b}"')],
  ["${var.x}${var.y}", true, null, expr('"${var.x}${var.y}"')],
  ["%{if var.a}x%{endif}", true, null, expr('"%{if var.a}x%{endif}"')],
  ['${var.a["k"]} and ${var.b}', true, null, expr('"${var.a["k"]} and ${var.b}"')],
  ['p-${lookup(m, "k")}-"q"', true, null, expr('"p-${lookup(m, "k")}-\\"q\\""')],
  ['${var.z} "quoted\n', true, null, expr('"${var.z} \\"quoted\\n"')],
  ["a-${var.x}-$${lit}", true, null, expr('"a-${var.x}-$${lit}"')],
  ["${x} $${y}", true, null, expr('"${x} $${y}"')],
  ['${format("%s}", var.a)}', true, 'format("%s}", var.a)', expr('format("%s}", var.a)')],
  ["${", true, null, expr('"${"')],
  ["${a", true, null, expr('"${a"')],
  ['${"}', true, null, expr('"${"}"')],
  ["${a}}", true, null, expr('"${a}}"')],
  // Unbalanced brackets: the old scaffold decoder kept these as quoted templates, the catalogue's
  // unwrapped them. The merged decoder unwraps for both; hcl2json never writes such a string.
  ["${a)}", true, "a)", expr("a)")],
  ["${(a}", true, "(a", expr("(a")],
];

describe("one decoder for the catalogue and the scaffold", () => {
  it.each(CASES)("decode %j", (input, template, unwrapped, converted) => {
    expect(isHclTemplate(input)).toBe(template);
    expect(unwrapExpression(input)).toBe(unwrapped);
    const shown = unwrapped ?? (template ? input : unescapeHclTemplate(input));
    expect(decodeHclString(input)).toEqual(
      !template ? { kind: "literal", text: shown } : unwrapped === null ? { kind: "template", template: input } : { kind: "expression", expression: unwrapped },
    );
    expect(displayTemplate(input)).toBe(shown);
    expect(normalizeHclValue(input)).toMatchObject({ json: shown, isExpression: template });
    expect(convertHclJsonValue(input)).toEqual(converted);
  });

  it("writes templates back as HCL that hcl2json reads as the same string", async () => {
    const problems: string[] = [];
    for (const [input, template, , converted] of CASES) {
      if (!template || NOT_FROM_HCL2JSON.has(input)) continue;
      const source = (converted as { __expr: string }).__expr;
      const parsed = await parse("t.tf", `x = ${source}\n`).catch((error: unknown) => ({ error }));
      if (!isDeepEqual(parsed, { x: input })) problems.push(`${input} -> ${source} -> ${JSON.stringify(parsed)}`);
    }
    expect(problems).toEqual([]);
  });

  it("quotes a template by escaping only the literal parts between its sequences", () => {
    expect(quoteHclTemplate('say "${lookup(m, "k")}"\n $${x} %{ if a }b%{ endif }')).toBe(
      '"say \\"${lookup(m, "k")}\\"\\n $${x} %{ if a }b%{ endif }"',
    );
  });
});

describe("template helpers (moved from parse-hcl.test.ts)", () => {
  it("unwraps whole expressions only", () => {
    expect(unwrapExpression("${object({ a = string })}")).toBe("object({ a = string })");
    expect(unwrapExpression('${can(regex("^[a-z]+$", var.x))}')).toBe('can(regex("^[a-z]+$", var.x))');
    expect(unwrapExpression('${lookup({ a = "}" }, "a")}')).toBe('lookup({ a = "}" }, "a")');
    expect(unwrapExpression("${a}-${b}")).toBeNull();
    expect(unwrapExpression("plain")).toBeNull();
  });

  it("tells literals from templates and unescapes literals", () => {
    expect(isHclTemplate("cost $${x} and %%{y}")).toBe(false);
    expect(isHclTemplate("a-${var.x}")).toBe(true);
    expect(isHclTemplate("%{ if true }x%{ endif }")).toBe(true);
    expect(unescapeHclTemplate("cost $${x} and %%{y} and $$z")).toBe("cost ${x} and %{y} and $$z");
  });

  it("displays literals unescaped, expressions bare and templates as written", () => {
    expect(displayTemplate("use $${var}")).toBe("use ${var}");
    expect(displayTemplate("${var.x}")).toBe("var.x");
    expect(displayTemplate("a-${var.x}-$${lit}")).toBe("a-${var.x}-$${lit}");
  });
});
