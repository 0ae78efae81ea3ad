/**
 * A Terraform type expression laid out for reading. Types written over several lines keep
 * their own layout (dedented); long one-line `object(...)`/`map(object(...))` types are
 * broken after each `{` and attribute, two spaces per level.
 */
export function formatTypeForDisplay(type: string, maxInline = 48): string {
  const text = type.replace(/\r\n/g, "\n").trim();
  if (text.includes("\n")) return dedent(text);
  if (text.length <= maxInline || !text.includes("{")) return text;
  let out = "";
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "{" && /^\{\s*\}/.test(text.slice(i))) {
      out += "{}";
      i = text.indexOf("}", i);
    } else if (c === "{") {
      depth++;
      out += `{\n${"  ".repeat(depth)}`;
      while (text[i + 1] === " ") i++;
    } else if (c === "}") {
      depth = Math.max(0, depth - 1);
      out = out.replace(/[ ,]*$/, "");
      out += `\n${"  ".repeat(depth)}}`;
    } else if (c === "," && depth > 0 && braceIsInnermost(text, i)) {
      out += `\n${"  ".repeat(depth)}`;
      while (text[i + 1] === " ") i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** True when the nearest unclosed bracket before `at` is a `{`: commas inside `optional(a, b)` stay inline. */
function braceIsInnermost(text: string, at: number): boolean {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < at; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "(" || c === "[") stack.push(c);
    else if (c === "}" || c === ")" || c === "]") stack.pop();
  }
  return stack[stack.length - 1] === "{";
}

function dedent(text: string): string {
  const lines = text.split("\n");
  const indents = lines.slice(1).filter((l) => l.trim() !== "").map((l) => /^ */.exec(l)![0].length);
  // The first line starts right after `type =`, so the closing line sets the base indent.
  const base = Math.min(...indents, Number.POSITIVE_INFINITY);
  const last = lines[lines.length - 1] ?? "";
  const closing = /^ */.exec(last)![0].length;
  const cut = Math.min(base, closing);
  return lines.map((l, k) => (k === 0 ? l : l.slice(Math.min(cut, /^ */.exec(l)![0].length)))).join("\n");
}
