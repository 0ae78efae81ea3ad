import { AppError } from "@/lib/errors/app-error";
import { escapeHclQuoted } from "./emit-hcl";
import { makeExpr, type InputValue } from "./input-value";

/*
 * hcl2json answers in Terraform's JSON syntax: literal strings come back template-escaped
 * (`$${`, `%%{`) and every non-literal expression comes back as a template string around its
 * source text ("${dependency.vpc.outputs.id}"). These helpers turn that back into InputValues.
 */

/** Parses an HCL file with `@cdktn/hcl2json`; syntax errors become INVALID_INPUT. */
export async function parseHclFile(text: string, filename = "terragrunt.hcl"): Promise<Record<string, unknown>> {
  // Imported on first use: validation also runs in the browser, where raw fields pass their own parser.
  const { parse } = await import("@cdktn/hcl2json");
  try {
    return await parse(filename, text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError("INVALID_INPUT", `HCL does not parse: ${message.replace(/^Error:\s*/, "")}`, { cause: error });
  }
}

/** True when a string from hcl2json holds an unescaped `${` or `%{`, i.e. it is a template. */
export function isHclTemplate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      i += 2;
      continue;
    }
    if ((c === "$" || c === "%") && text[i + 1] === "{") return true;
  }
  return false;
}

/** Undoes the template escaping of a literal string (`$${` → `${`, `%%{` → `%{`). */
export function unescapeHclTemplate(text: string): string {
  return text.replace(/\$\$\{|%%\{/g, (match) => (match === "$${" ? "${" : "%{"));
}

/**
 * Converts a value from hcl2json into an InputValue: literal strings are unescaped, and
 * templates become raw expressions (a lone `${expr}` becomes `expr`; anything else is kept as
 * a quoted template).
 */
export function convertHclJsonValue(value: unknown): InputValue {
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") {
    if (!isHclTemplate(value)) return unescapeHclTemplate(value);
    const single = singleInterpolation(value);
    if (single !== null) return makeExpr(single);
    return makeExpr(`"${escapeTemplateSource(value)}"`);
  }
  if (Array.isArray(value)) return value.map(convertHclJsonValue);
  if (typeof value === "object") {
    const out: { [key: string]: InputValue } = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, unescapeHclTemplate(key), {
        value: convertHclJsonValue(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw new AppError("INVALID_INPUT", `Unexpected ${typeof value} in parsed HCL`);
}

/** `${ expr }` exactly once around the whole string → the inner expression, else null. */
function singleInterpolation(text: string): string | null {
  if (!text.startsWith("${") || !text.endsWith("}")) return null;
  const inner = text.slice(2, -1);
  return isHclTemplate(inner) || !isBalanced(inner) ? null : inner.trim();
}

function isBalanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "{" || c === "(" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === "]") {
      depth--;
      if (depth < 0) return false;
    }
  }
  return depth === 0 && !quoted;
}

// Template sources keep their `${...}` sequences verbatim; only the literal parts between them
// are escaped (quotes inside an interpolation belong to the expression, not the string).
function escapeTemplateSource(text: string): string {
  let out = "";
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      out += escapeHclQuoted(literal) + c + c + "{";
      literal = "";
      i += 3;
      continue;
    }
    if ((c === "$" || c === "%") && text[i + 1] === "{") {
      out += escapeHclQuoted(literal);
      literal = "";
      const end = findSequenceEnd(text, i + 2);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    literal += c;
    i++;
  }
  return out + escapeHclQuoted(literal);
}

function findSequenceEnd(text: string, from: number): number {
  let depth = 1;
  let quoted = false;
  let i = from;
  for (; i < text.length && depth > 0; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
  }
  return i;
}
