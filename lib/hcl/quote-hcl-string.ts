import { AppError } from "@/lib/errors/app-error";

/*
 * Quoted HCL strings, on their own so that the emitter and the expression allowlist (which
 * prints the strings of `get_env("NAME", "default")` and of indexes) share one escaper.
 */

// Characters written as escapes in quoted strings: controls, DEL and C1 controls, the Unicode
// line/paragraph separators and BOM (invisible, and some tools treat them as line breaks).
const QUOTED_SPECIAL = /[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\$\{|%\{/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the text holds a UTF-16 surrogate without its pair (it has no UTF-8 form). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * Escapes text for use inside an HCL quoted template: `\`, `"`, control characters, and the
 * template introducers `${` → `$${` and `%{` → `%%{`. A replacer function is used on purpose:
 * in a replacement *string*, `$$` would collapse to a single `$`.
 */
export function escapeHclQuoted(text: string): string {
  if (hasLoneSurrogate(text)) {
    throw new AppError("INVALID_INPUT", "Text contains an unpaired UTF-16 surrogate, which cannot be written to a UTF-8 file");
  }
  return text.replace(QUOTED_SPECIAL, (match) => {
    switch (match) {
      case "\\":
        return "\\\\";
      case '"':
        return '\\"';
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      case "${":
        return "$${";
      case "%{":
        return "%%{";
      default:
        return `\\u${match.charCodeAt(0).toString(16).padStart(4, "0")}`;
    }
  });
}

/** Writes a string as a quoted HCL string literal. */
export function emitHclQuotedString(text: string): string {
  return `"${escapeHclQuoted(text)}"`;
}
