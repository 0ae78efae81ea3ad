import { parse } from "@cdktn/hcl2json";


/** hcl2json's Terraform-JSON-syntax view of one file: block type → ... → array of bodies. */
export type HclBody = Record<string, unknown>;

/** A parse problem located in a file (`line` is null when hcl2json did not say); the catalogue stores these as a version's docs errors. */
export interface HclFileError {
  file: string;
  line: number | null;
  message: string;
}

export type ParseHclResult = { ok: true; body: HclBody } | { ok: false; errors: HclFileError[] };

/**
 * Parses one HCL file with hcl2json. A syntax error becomes `{ file, line, message }`
 * entries (one per diagnostic) instead of a thrown error, so a caller can carry on
 * with the module's other files.
 */
export async function parseHcl(file: string, content: string): Promise<ParseHclResult> {
  try {
    const body = (await parse(file, content)) as HclBody;
    return { ok: true, body: body ?? {} };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: parseHclErrorMessage(file, message) };
  }
}

/**
 * Splits hcl2json's error text, shaped like
 * `parse config: [main.tf:3,26-4,1: Summary; Detail. main.tf:4,2-5,1: ...]`,
 * into one error per diagnostic with its line.
 */
export function parseHclErrorMessage(file: string, message: string): HclFileError[] {
  const marker = new RegExp(`${escapeRegExp(file)}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `, "g");
  const starts: Array<{ index: number; end: number; line: number }> = [];
  for (const match of message.matchAll(marker)) {
    starts.push({ index: match.index, end: match.index + match[0].length, line: Number(match[1]) });
  }
  if (starts.length === 0) {
    return [{ file, line: null, message: message.replace(/^parse config: /, "").trim() }];
  }
  const errors: HclFileError[] = [];
  const seen = new Set<string>();
  starts.forEach((start, k) => {
    const next = starts[k + 1];
    let text = message.slice(start.end, next ? next.index : message.length).trim();
    if (!next) text = text.replace(/\]$/, "").trim();
    const key = `${start.line}:${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push({ file, line: start.line, message: text });
  });
  return errors;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * If `value` is hcl2json's wrapping of a whole non-literal expression, `"${expr}"`,
 * returns `expr`; otherwise null (a literal string or a template with literal parts).
 */
export function unwrapExpression(value: string): string | null {
  if (!value.startsWith("${")) return null;
  const end = findTemplateExpressionEnd(value, 2);
  if (end !== value.length - 1) return null;
  return value.slice(2, end).trim();
}

/** True when the template has no `${...}` / `%{...}` part, i.e. it is a plain literal string. */
export function isLiteralTemplate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if ((c === "$" || c === "%") && value[i + 1] === c && value[i + 2] === "{") {
      i += 2;
    } else if ((c === "$" || c === "%") && value[i + 1] === "{") {
      return false;
    }
  }
  return true;
}

/** Turns a literal template's `$${` and `%%{` escapes back into the text they stand for. */
export function unescapeTemplateLiteral(value: string): string {
  return value.replace(/([$%])\1\{/g, (_match, sigil: string) => `${sigil}{`);
}

/**
 * The text to show for a string hcl2json returned: literals are unescaped, a whole
 * expression is shown as its source, and mixed templates stay in template form.
 */
export function displayTemplate(value: string): string {
  const expression = unwrapExpression(value);
  if (expression !== null) return expression;
  return isLiteralTemplate(value) ? unescapeTemplateLiteral(value) : value;
}

/** Index of the `}` closing a template expression whose body starts at `from`, or -1. */
function findTemplateExpressionEnd(text: string, from: number): number {
  let depth = 1;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === "{") {
      depth++;
    } else if (c === "}") {
      depth--;
      if (depth === 0) return i;
    } else if (c === '"') {
      i = skipQuotedString(text, i);
      continue;
    }
    i++;
  }
  return -1;
}

function skipQuotedString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      i += 2;
    } else if (c === '"') {
      return i + 1;
    } else if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      i += 3;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      const end = findTemplateExpressionEnd(text, i + 2);
      if (end === -1) return text.length;
      i = end + 1;
    } else {
      i++;
    }
  }
  return text.length;
}
