import { escapeHclQuoted } from "./quote-hcl-string";
import { findTemplateSequenceEnd } from "./scan-quoted-string";

/*
 * hcl2json answers in Terraform's JSON syntax: a literal string comes back template-escaped
 * (`$${`, `%%{`), and every other expression comes back as a template around its source text
 * ("${var.x}", "a-${var.x}"). This is the one decoder of that encoding: the catalogue's docs
 * and the scaffold's unit reader both read hcl2json strings through it.
 */

/** What a string from hcl2json stands for. */
export type DecodedHclString =
  /** A literal string, with the template escaping undone. */
  | { kind: "literal"; text: string }
  /** One whole non-literal expression (`${expr}`): the expression's source text. */
  | { kind: "expression"; expression: string }
  /** Literal parts mixed with `${...}`/`%{...}` sequences, as hcl2json wrote it. */
  | { kind: "template"; template: string };

export function decodeHclString(value: string): DecodedHclString {
  if (!isHclTemplate(value)) return { kind: "literal", text: unescapeHclTemplate(value) };
  const expression = unwrapExpression(value);
  return expression === null ? { kind: "template", template: value } : { kind: "expression", expression };
}

/** True when a string from hcl2json holds an unescaped `${` or `%{`, i.e. it is a template, not a literal. */
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
  // A replacer function on purpose: in a replacement string, `$$` would collapse to `$`.
  return text.replace(/([$%])\1\{/g, (_match, sigil: string) => `${sigil}{`);
}

/**
 * If `value` is hcl2json's wrapping of a whole non-literal expression, `"${expr}"`, returns
 * `expr` (trimmed); otherwise null (a literal string, or a template with literal parts).
 */
export function unwrapExpression(value: string): string | null {
  if (!value.startsWith("${")) return null;
  return findTemplateSequenceEnd(value, 2) === value.length ? value.slice(2, -1).trim() : null;
}

/**
 * The text to show for a string hcl2json returned: literals are unescaped, a whole
 * expression is shown as its source, and mixed templates stay in template form.
 */
export function displayTemplate(value: string): string {
  const decoded = decodeHclString(value);
  switch (decoded.kind) {
    case "literal":
      return decoded.text;
    case "expression":
      return decoded.expression;
    case "template":
      return decoded.template;
  }
}

/**
 * Writes a template from hcl2json back as an HCL quoted template. The `${...}`/`%{...}`
 * sequences are kept verbatim (quotes inside them belong to the expression, not the string);
 * only the literal parts between them are escaped.
 */
export function quoteHclTemplate(template: string): string {
  let out = "";
  let literal = "";
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if ((c === "$" || c === "%") && template[i + 1] === c && template[i + 2] === "{") {
      out += escapeHclQuoted(literal) + c + c + "{";
      literal = "";
      i += 3;
      continue;
    }
    if ((c === "$" || c === "%") && template[i + 1] === "{") {
      out += escapeHclQuoted(literal);
      literal = "";
      const end = findTemplateSequenceEnd(template, i + 2);
      const stop = end === -1 ? template.length : end;
      out += template.slice(i, stop);
      i = stop;
      continue;
    }
    literal += c;
    i++;
  }
  return `"${out}${escapeHclQuoted(literal)}"`;
}
