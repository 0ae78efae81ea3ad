/*
 * HCL's quoted-template lexing in one place. The block scanner, the expression tokenizer, the
 * type-expression formatter and the hcl2json template decoder all step over strings with it,
 * so they agree on where a string ends. It follows HCL's rules: `\` escapes, `$${` and `%%{`
 * for literal template introducers, `${...}` and `%{...}` sequences that may hold braces and
 * strings of their own, and no raw newline inside the quotes (outside a sequence).
 */

/** The first error HCL would report in a quoted string, at a UTF-16 offset into the text. */
export interface HclStringProblem {
  message: "invalid escape sequence" | "unterminated string" | "unterminated template sequence";
  pos: number;
}

export interface QuotedString {
  /**
   * Index just past the closing quote. For an unterminated string, where scanning stopped: at
   * the raw newline that ends it (not consumed), or at the end of the text.
   */
  end: number;
  closed: boolean;
  /** The source between the quotes, as written. */
  raw: string;
  /** The string's value: escapes decoded, `$${`/`%%{` unescaped, template sequences kept as written. */
  value: string;
  /** True when the string holds a `${...}` or `%{...}` sequence, i.e. it is a template. */
  template: boolean;
  /** The first problem met, left to right; null for a well-formed string. Scanning never throws. */
  problem: HclStringProblem | null;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

/** Scans the quoted string whose opening `"` is at `start`. */
export function scanQuotedString(text: string, start: number): QuotedString {
  let value = "";
  let template = false;
  let problem: HclStringProblem | null = null;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      return { end: i + 1, closed: true, raw: text.slice(start + 1, i), value, template, problem };
    }
    if (c === "\n") break;
    if (c === "\\") {
      const escape = readEscape(text, i);
      if (escape) {
        value += escape.value;
        i += escape.length;
      } else {
        problem ??= { message: "invalid escape sequence", pos: i };
        // Step over the escaped character, whatever it is, so that `\"` never ends the string.
        value += text.slice(i, i + 2);
        i += 2;
      }
    } else if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      value += `${c}{`;
      i += 3;
    } else if ((c === "$" || c === "%") && text[i + 1] === "{") {
      template = true;
      const sequence = scanTemplateSequence(text, i + 2);
      problem ??= sequence.problem;
      const end = sequence.end === -1 ? text.length : sequence.end;
      value += text.slice(i, end);
      i = end;
    } else {
      value += c;
      i++;
    }
  }
  const end = Math.min(i, text.length);
  problem ??= { message: "unterminated string", pos: start };
  return { end, closed: false, raw: text.slice(start + 1, end), value, template, problem };
}

/**
 * Index just past the `}` that closes a `${` or `%{` sequence whose body starts at `from`
 * (braces and quoted strings inside it are stepped over), or -1 when it is not closed.
 */
export function findTemplateSequenceEnd(text: string, from: number): number {
  return scanTemplateSequence(text, from).end;
}

function scanTemplateSequence(text: string, from: number): { end: number; problem: HclStringProblem | null } {
  let depth = 1;
  let problem: HclStringProblem | null = null;
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const nested = scanQuotedString(text, i);
      problem ??= nested.problem;
      i = nested.end;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return { end: i + 1, problem };
    i++;
  }
  return { end: -1, problem: problem ?? { message: "unterminated template sequence", pos: from } };
}

/** The escape at `at` (a `\`): its value and length, or null when HCL would reject it. */
function readEscape(text: string, at: number): { value: string; length: number } | null {
  const letter = text[at + 1];
  if (letter !== undefined && Object.hasOwn(SIMPLE_ESCAPES, letter)) return { value: SIMPLE_ESCAPES[letter]!, length: 2 };
  const width = letter === "u" ? 4 : letter === "U" ? 8 : 0;
  const hex = text.slice(at + 2, at + 2 + width);
  if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) return null;
  const codePoint = parseInt(hex, 16);
  // Beyond U+10FFFF there is no character (String.fromCodePoint would throw a RangeError).
  if (codePoint > 0x10ffff) return null;
  return { value: String.fromCodePoint(codePoint), length: 2 + width };
}
