import { scanQuotedString } from "./scan-quoted-string";

/** A top-level block header found in HCL source, e.g. `variable "name" {` on `line`. */
export interface HclBlockHeader {
  type: string;
  labels: string[];
  /** 1-based line of the block type keyword, as terraform reports positions. */
  line: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_-]/;
const HEREDOC_START = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/;

/**
 * Finds the top-level blocks of an HCL file with their line numbers.
 *
 * hcl2json's output has no positions, so this small tolerant lexer supplies them.
 * It skips comments, quoted strings (with nested `${...}` templates) and heredocs,
 * so a `variable "x" {` inside any of them is never mistaken for a block. It never
 * throws: on broken input it returns what it could recognise.
 */
export function scanHclBlocks(source: string): HclBlockHeader[] {
  const scanner = new Scanner(source);
  return scanner.scanTopLevel();
}

class Scanner {
  private i = 0;
  private line = 1;

  constructor(private readonly src: string) {}

  scanTopLevel(): HclBlockHeader[] {
    const blocks: HclBlockHeader[] = [];
    const src = this.src;
    let depth = 0;
    let pending: HclBlockHeader | null = null;

    while (this.i < src.length) {
      const c = src[this.i]!;
      if (c === "\n") {
        // A block header must sit on one line with its opening brace.
        pending = null;
        this.line++;
        this.i++;
      } else if (c === " " || c === "\t" || c === "\r") {
        this.i++;
      } else if (c === "#" || (c === "/" && src[this.i + 1] === "/")) {
        this.skipLineComment();
      } else if (c === "/" && src[this.i + 1] === "*") {
        this.skipBlockComment();
      } else if (c === '"') {
        const startLine = this.line;
        const string = scanQuotedString(src, this.i);
        this.countLines(this.i, string.end);
        this.i = string.end;
        if (depth === 0 && pending && this.line === startLine) {
          pending.labels.push(string.raw);
        } else {
          pending = null;
        }
      } else if (c === "<" && src[this.i + 1] === "<" && this.skipHeredoc()) {
        pending = null;
      } else if (IDENT_START.test(c)) {
        const start = this.i;
        while (this.i < src.length && IDENT_CHAR.test(src[this.i]!)) this.i++;
        const word = src.slice(start, this.i);
        if (depth === 0) {
          if (pending) pending.labels.push(word);
          else pending = { type: word, labels: [], line: this.line };
        }
      } else if (c === "{") {
        if (depth === 0 && pending) blocks.push(pending);
        pending = null;
        depth++;
        this.i++;
      } else if (c === "}") {
        pending = null;
        depth = Math.max(0, depth - 1);
        this.i++;
      } else {
        pending = null;
        this.i++;
      }
    }
    return blocks;
  }

  private skipLineComment(): void {
    while (this.i < this.src.length && this.src[this.i] !== "\n") this.i++;
  }

  private skipBlockComment(): void {
    const end = this.src.indexOf("*/", this.i + 2);
    const stop = end === -1 ? this.src.length : end + 2;
    this.countLines(this.i, stop);
    this.i = stop;
  }

  /** Skips `<<EOT ... EOT` or `<<-EOT ... EOT`; returns false if this is not a heredoc. */
  private skipHeredoc(): boolean {
    const src = this.src;
    const match = HEREDOC_START.exec(src.slice(this.i, this.i + 200));
    if (!match) return false;
    const marker = match[2]!;
    let pos = this.i + match[0].length;
    this.line++;
    while (pos < src.length) {
      const eol = src.indexOf("\n", pos);
      const lineEnd = eol === -1 ? src.length : eol;
      if (src.slice(pos, lineEnd).trim() === marker) {
        // Leave the newline to the main loop, which counts it.
        this.i = lineEnd;
        return true;
      }
      if (eol === -1) break;
      pos = eol + 1;
      this.line++;
    }
    this.i = src.length;
    return true;
  }

  private countLines(from: number, to: number): void {
    for (let k = from; k < to; k++) if (this.src[k] === "\n") this.line++;
  }
}

/**
 * The contiguous `#` / `//` comment lines right above `line` (1-based), the way
 * terraform-docs reads them: lines must start with the marker in column one, and
 * a blank line ends the run.
 */
export function readLeadingComments(source: string, line: number): string[] {
  const lines = source.split(/\r?\n/);
  const collected: string[] = [];
  for (let k = line - 2; k >= 0; k--) {
    const text = lines[k]!;
    if (!text.startsWith("#") && !text.startsWith("//")) break;
    let body = text.trim();
    if (body.startsWith("#")) body = body.slice(1);
    else if (body.startsWith("//")) body = body.slice(2);
    collected.push(body.trim());
  }
  return collected.reverse();
}

/**
 * The leading `/* ... *\/` comment of a file, as terraform-docs reads a header from
 * main.tf: ` * ` prefixes are removed and a lone `*` becomes an empty line.
 */
export function readHeaderComment(source: string): string | null {
  const out: string[] = [];
  for (const raw of source.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (!(trimmed.startsWith("/*") || trimmed.startsWith("*") || trimmed.startsWith("*/"))) break;
    if (trimmed.startsWith("/*") || trimmed.startsWith("*/")) continue;
    if (trimmed === "*") {
      out.push("");
      continue;
    }
    let text = raw.replace(/^ +/, "");
    if (text.startsWith("* ")) text = text.slice(2);
    out.push(text);
  }
  const header = out.join("\n");
  return header === "" ? null : header;
}
