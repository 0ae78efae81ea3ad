import { AppError } from "@/lib/errors/app-error";
import { ANY_FILE_EXPRESSION_POLICY, checkHclExpression, type HclExpressionPolicy } from "./check-hcl-expression";
import { isExprValue, type InputValue } from "./input-value";
import { emitHclQuotedString, hasLoneSurrogate } from "./quote-hcl-string";

export { emitHclQuotedString, escapeHclQuoted } from "./quote-hcl-string";

/*
 * Our own HCL writer. No npm package writes HCL correctly (see PRODUCT.md "HCL facts"), so the
 * rules live here and every rendered file is parsed back by check-roundtrip.ts.
 */

const INDENT = "  ";
const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if", "endif", "else", "endfor"]);
// Unquoted keys are limited to ASCII identifiers: HCL accepts more, but this is the set every
// HCL tool (Renovate, editors, hclwrite) agrees on.
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const HEREDOC_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
const SHORT_LIST_WIDTH = 80;

/** True when `key` can be written unquoted as an object key or attribute name. */
export function isHclIdentifier(key: string): boolean {
  return PLAIN_IDENTIFIER.test(key) && !KEYWORDS.has(key);
}

/**
 * Writes a multi-line string as an indented heredoc (`<<-EOT`) when that is faithful, else
 * returns null. `<<-` strips the common leading whitespace and always ends with a newline, so
 * only text that ends in "\n", has a line starting at column 0, no whitespace-only lines and no
 * CR or control characters qualifies. Template escapes apply inside heredocs too.
 */
export function emitHclHeredoc(text: string, indent: number): string | null {
  if (!canWriteHeredoc(text)) return null;
  let delimiter = "EOT";
  for (let n = 1; text.includes(delimiter); n++) delimiter = `EOT${n}`;
  const pad = INDENT.repeat(indent + 1);
  const body = text
    .slice(0, -1)
    .split("\n")
    .map((line) => (line === "" ? "" : pad + line.replace(/\$\{|%\{/g, (m) => (m === "${" ? "$${" : "%%{"))))
    .join("\n");
  return `<<-${delimiter}\n${body}\n${pad}${delimiter}`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function firstGrapheme(text: string): string {
  return graphemes.segment(text)[Symbol.iterator]().next().value?.segment ?? "";
}

function canWriteHeredoc(text: string): boolean {
  if (!text.endsWith("\n") || text.indexOf("\n") === text.length - 1) return false;
  if (text.includes("\r") || HEREDOC_FORBIDDEN.test(text) || hasLoneSurrogate(text)) return false;
  const lines = text.slice(0, -1).split("\n");
  // HCL leaves whitespace-only lines unstripped, so the added indentation would leak into them.
  if (lines.some((line) => line !== "" && /^\s+$/.test(line))) return false;
  // HCL strips indentation by grapheme cluster: a line starting with a combining mark or ZWJ
  // would fuse with the last indent space and be stripped with it.
  if (lines.some((line) => line !== "" && firstGrapheme(` ${line}`) !== " ")) return false;
  // Some line must start at column 0, so that exactly our indentation is stripped. HCL counts any
  // Unicode space (e.g. NBSP) as indentation, not just " " and "\t".
  return lines.some((line) => line !== "" && !/^\s/.test(line));
}

/** Writes an object key: bare when it is a plain identifier, quoted (and escaped) otherwise. */
export function emitHclKey(key: string): string {
  return isHclIdentifier(key) ? key : emitHclQuotedString(key);
}

/** Writes a number literal; NaN and infinities have no HCL form. */
export function emitHclNumber(value: number): string {
  if (!Number.isFinite(value)) throw new AppError("INVALID_INPUT", `${value} cannot be written as an HCL number`);
  // JS's shortest round-trip form ("1e+21", "5e-7") is also valid HCL number syntax.
  return Object.is(value, -0) ? "0" : String(value);
}

/**
 * Writes any input value as an HCL expression. `indent` is the nesting level of the line the
 * value starts on; nested lines are indented one level deeper.
 *
 * Raw expressions are the emitter's last line of defence: each one is checked against the
 * expression allowlist (`checkHclExpression`, with `policy` saying which references the file
 * has) and written in its canonical form. Anything else throws, whatever validated it before.
 */
export function emitHclValue(value: InputValue, indent = 0, policy: HclExpressionPolicy = ANY_FILE_EXPRESSION_POLICY): string {
  return emitValue(value, indent, true, policy);
}

/** The canonical text of an allowed raw expression; throws INVALID_INPUT for anything else. */
export function emitHclExpression(expression: string, policy: HclExpressionPolicy = ANY_FILE_EXPRESSION_POLICY): string {
  // Which environment variables a field may read depends on whether it is sensitive, which the
  // emitter does not know: that is checked where inputs are validated (scaffold validate-inputs).
  const checked = checkHclExpression(expression, { envNames: "any", ...policy });
  if (!checked.ok) throw new AppError("INVALID_INPUT", `Refused to write the expression ${JSON.stringify(expression.slice(0, 200))}: ${checked.message}`);
  return checked.text;
}

function emitValue(value: InputValue, indent: number, allowHeredoc: boolean, policy: HclExpressionPolicy): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return emitHclNumber(value);
  if (typeof value === "string") {
    // Heredocs are not used inside lists: the element separator would have to sit on its own line.
    return (allowHeredoc ? emitHclHeredoc(value, indent) : null) ?? emitHclQuotedString(value);
  }
  if (isExprValue(value)) return emitHclExpression(value.__expr, policy);
  if (Array.isArray(value)) return emitList(value, indent, policy);
  if (typeof value === "object") return emitObject(value, indent, policy);
  throw new AppError("INVALID_INPUT", `Cannot write a value of type ${typeof value} as HCL`);
}

function emitList(items: InputValue[], indent: number, policy: HclExpressionPolicy): string {
  if (items.length === 0) return "[]";
  const simple = items.every((item) => item === null || typeof item !== "object" || isExprValue(item));
  if (simple) {
    const parts = items.map((item) => emitValue(item, indent, false, policy));
    const oneLine = `[${parts.join(", ")}]`;
    if (oneLine.length <= SHORT_LIST_WIDTH && !oneLine.includes("\n")) return oneLine;
  }
  const pad = INDENT.repeat(indent + 1);
  const lines = items.map((item) => `${pad}${emitValue(item, indent + 1, false, policy)},`);
  return `[\n${lines.join("\n")}\n${INDENT.repeat(indent)}]`;
}

function emitObject(object: { [key: string]: InputValue }, indent: number, policy: HclExpressionPolicy): string {
  const entries = Object.entries(object);
  if (entries.length === 0) return "{}";
  const pad = INDENT.repeat(indent + 1);
  const lines = entries.map(([key, item]) => `${pad}${emitHclKey(key)} = ${emitValue(item, indent + 1, true, policy)}`);
  return `{\n${lines.join("\n")}\n${INDENT.repeat(indent)}}`;
}

/** Writes `name = value` for a block body (names must be identifiers there). */
export function emitAttribute(name: string, value: InputValue, indent = 0, policy: HclExpressionPolicy = ANY_FILE_EXPRESSION_POLICY): string {
  if (!isHclIdentifier(name)) throw new AppError("INVALID_INPUT", `"${name}" is not a valid HCL attribute name`);
  return `${INDENT.repeat(indent)}${name} = ${emitHclValue(value, indent, policy)}`;
}

export interface EmitBlockOptions {
  type: string;
  labels?: string[];
  /** Body lines already emitted at `indent + 1` (e.g. from `emitAttribute(..., indent + 1)`). */
  body: string[];
  indent?: number;
}

/** Writes `type "label" { ...body }`, with the opening brace alone at the end of the first line. */
export function emitBlock({ type, labels = [], body, indent = 0 }: EmitBlockOptions): string {
  const pad = INDENT.repeat(indent);
  const head = [type, ...labels.map(emitHclQuotedString)].join(" ");
  if (body.length === 0) return `${pad}${head} {\n${pad}}`;
  return `${pad}${head} {\n${body.join("\n")}\n${pad}}`;
}

/** Aligns and normalises a whole file with hclwrite's formatter (via `@cdktn/hcl-tools`). */
export async function formatHcl(text: string): Promise<string> {
  // Imported on first use so that browser code (form validation) can use this module without
  // bundling the Go wasm formatter.
  const { format } = await import("@cdktn/hcl-tools");
  return format(text);
}
