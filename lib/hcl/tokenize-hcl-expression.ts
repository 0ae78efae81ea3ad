/**
 * A small tokenizer for the parts of HCL expressions the scaffold reads itself: type
 * constraints, literal defaults and validation conditions. Anything outside that subset
 * raises `HclSyntaxError`, and callers degrade to "unsupported"/"not checkable".
 */

import { scanQuotedString } from "./scan-quoted-string";

export type HclToken =
  | { kind: "ident"; text: string; pos: number }
  | { kind: "number"; value: number; text: string; pos: number }
  | { kind: "string"; value: string; template: boolean; text: string; pos: number }
  | { kind: "punct"; text: string; pos: number }
  | { kind: "eof"; text: ""; pos: number };

export class HclSyntaxError extends Error {
  constructor(message: string, readonly pos: number) {
    super(`${message} at offset ${pos}`);
    this.name = "HclSyntaxError";
  }
}

const PUNCTS = ["&&", "||", "==", "!=", "<=", ">=", "=>", "...", "(", ")", "[", "]", "{", "}", ",", "=", ":", ".", "?", "!", "<", ">", "+", "-", "*", "/", "%"];

// HCL identifiers: a letter or underscore, then letters, digits, underscores and dashes.
const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_CONTINUE = /[\p{ID_Continue}\-_]/u;

/** Splits an expression into tokens, skipping whitespace, newlines and all three comment forms. */
export function tokenizeHclExpression(text: string): HclToken[] {
  const tokens: HclToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new HclSyntaxError("unterminated comment", i);
      i = end + 2;
      continue;
    }
    if (c === '"') {
      const string = scanQuotedString(text, i);
      if (string.problem) throw new HclSyntaxError(string.problem.message, string.problem.pos);
      // Template sequences are not evaluated here: the caller sees `template` and decides.
      tokens.push({ kind: "string", value: string.value, template: string.template, text: text.slice(i, string.end), pos: i });
      i = string.end;
      continue;
    }
    if (c >= "0" && c <= "9") {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: "number", value: Number(match[0]), text: match[0], pos: i });
      i += match[0].length;
      continue;
    }
    const cp = String.fromCodePoint(text.codePointAt(i)!);
    if (IDENT_START.test(cp)) {
      let j = i + cp.length;
      while (j < text.length) {
        const next = String.fromCodePoint(text.codePointAt(j)!);
        if (!IDENT_CONTINUE.test(next)) break;
        j += next.length;
      }
      tokens.push({ kind: "ident", text: text.slice(i, j), pos: i });
      i = j;
      continue;
    }
    const punct = PUNCTS.find((p) => text.startsWith(p, i));
    if (!punct) throw new HclSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
    tokens.push({ kind: "punct", text: punct, pos: i });
    i += punct.length;
  }
  tokens.push({ kind: "eof", text: "", pos: text.length });
  return tokens;
}

/** A cursor over tokens with the few look-ahead helpers the parsers need. */
export class HclTokenStream {
  private index = 0;
  constructor(private readonly tokens: HclToken[]) {}

  static of(text: string): HclTokenStream {
    return new HclTokenStream(tokenizeHclExpression(text));
  }

  peek(offset = 0): HclToken {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  next(): HclToken {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "punct" && token.text === text;
  }

  eatPunct(text: string): boolean {
    if (!this.isPunct(text)) return false;
    this.next();
    return true;
  }

  expectPunct(text: string): void {
    if (!this.eatPunct(text)) {
      const token = this.peek();
      throw new HclSyntaxError(`expected "${text}" but found "${token.text || "end of input"}"`, token.pos);
    }
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== "eof") throw new HclSyntaxError(`unexpected "${token.text}"`, token.pos);
  }
}
