import { decodeHclString, isHclTemplate, unescapeHclTemplate, unwrapExpression } from "./decode-hcl-template";

export interface NormalizedHclValue {
  /** Plain JSON: literal strings unescaped, non-literal parts as their expression text. */
  json: unknown;
  /** The value written as HCL. */
  text: string;
  /** True when some part is an expression or template that was not evaluated. */
  isExpression: boolean;
}

/** Turns a value as hcl2json returned it (Terraform JSON syntax) into JSON and HCL text. */
export function normalizeHclValue(raw: unknown): NormalizedHclValue {
  const state = { isExpression: false };
  const json = toPlainJson(raw, state);
  return { json, text: formatHclValue(raw), isExpression: state.isExpression };
}

function toPlainJson(raw: unknown, state: { isExpression: boolean }): unknown {
  if (typeof raw === "string") {
    const decoded = decodeHclString(raw);
    if (decoded.kind === "literal") return decoded.text;
    state.isExpression = true;
    return decoded.kind === "expression" ? decoded.expression : decoded.template;
  }
  if (Array.isArray(raw)) return raw.map((item) => toPlainJson(item, state));
  if (raw !== null && typeof raw === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      out[isHclTemplate(key) ? key : unescapeHclTemplate(key)] = toPlainJson(value, state);
    }
    return out;
  }
  return raw ?? null;
}

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const INLINE_LIMIT = 80;

/**
 * Writes a hcl2json value back as HCL. Strings keep their template escapes
 * (`$${`), which is what the source said; expressions are written bare.
 */
export function formatHclValue(raw: unknown, indent = ""): string {
  if (raw === null || raw === undefined) return "null";
  if (typeof raw === "boolean" || typeof raw === "number") return String(raw);
  if (typeof raw === "string") return formatString(raw);
  const inner = `${indent}  `;
  if (Array.isArray(raw)) {
    if (raw.length === 0) return "[]";
    const items = raw.map((item) => formatHclValue(item, inner));
    const inline = `[${items.join(", ")}]`;
    if (inline.length <= INLINE_LIMIT && !inline.includes("\n")) return inline;
    return `[\n${items.map((item) => `${inner}${item},`).join("\n")}\n${indent}]`;
  }
  if (typeof raw === "object") {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    const pairs = entries.map(([key, value]) => ({
      key: BARE_KEY.test(key) ? key : `"${escapeQuoted(key)}"`,
      value: formatHclValue(value, inner),
    }));
    const inline = `{ ${pairs.map((p) => `${p.key} = ${p.value}`).join(", ")} }`;
    if (inline.length <= INLINE_LIMIT && !inline.includes("\n")) return inline;
    const width = Math.max(...pairs.map((p) => p.key.length));
    return `{\n${pairs.map((p) => `${inner}${p.key.padEnd(width)} = ${p.value}`).join("\n")}\n${indent}}`;
  }
  return String(raw);
}

function formatString(raw: string): string {
  const expression = unwrapExpression(raw);
  if (expression !== null) return expression;
  if (raw.endsWith("\n") && raw.length > 1) {
    let marker = "EOT";
    while (raw.split("\n").some((line) => line.trim() === marker)) marker += "_";
    return `<<${marker}\n${raw}${marker}`;
  }
  return `"${escapeQuoted(raw)}"`;
}

function escapeQuoted(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
}
