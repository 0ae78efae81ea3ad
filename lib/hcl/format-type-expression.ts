import { scanQuotedString } from "./scan-quoted-string";

/** A type expression on one line for display: comments dropped, whitespace collapsed. */
export function formatTypeExpression(type: string): string {
  return stripComments(type).replace(/\s+/g, " ").trim();
}

/**
 * A canonical form for comparing types: reformatting (newlines, comments, spacing,
 * trailing commas) is not a type change.
 */
export function normalizeTypeExpression(type: string): string {
  return formatTypeExpression(type)
    .replace(/\s*([(){}[\],=])\s*/g, "$1")
    .replace(/,([)}\]])/g, "$1");
}

function stripComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = scanQuotedString(text, i).end;
      out += text.slice(i, end);
      i = end;
    } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
      out += " ";
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
