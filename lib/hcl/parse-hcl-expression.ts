import { HclSyntaxError, HclTokenStream, type HclToken } from "./tokenize-hcl-expression";

/*
 * A parser for the whole HCL expression grammar (literals, templates, references, calls,
 * operators, conditionals, tuples, objects, for-expressions, splats), into a plain AST. It
 * exists so that a raw expression a user typed can be judged by what it *is* rather than by
 * what it looks like: check-hcl-expression.ts walks this tree against an allowlist and prints
 * the canonical text that is written. Heredocs have no token of their own here and are syntax
 * errors; callers report them by name (see `describeHclSyntaxError`).
 */

export type HclExpressionNode =
  | { kind: "literal"; value: string | number | boolean | null }
  /** A quoted string holding `${…}` or `%{…}`; `source` is the whole token, quotes included. */
  | { kind: "template"; source: string; value: string }
  /** A root name: `dependency`, `local`, `var`, `each`, `path`, … */
  | { kind: "variable"; name: string }
  | { kind: "attribute"; object: HclExpressionNode; name: string }
  /** `x.0`: the legacy index syntax. */
  | { kind: "legacy-index"; object: HclExpressionNode; index: string }
  | { kind: "index"; object: HclExpressionNode; key: HclExpressionNode }
  /** `x[*]` (full) or `x.*` (attribute-only); `steps` apply to each element. */
  | { kind: "splat"; object: HclExpressionNode; form: "[*]" | ".*"; steps: HclSplatStep[] }
  /** `name(args)`; `name` keeps a namespace (`provider::aws::arn_parse`). `expand` is a final `...`. */
  | { kind: "call"; name: string; args: HclExpressionNode[]; expand: boolean }
  | { kind: "unary"; operator: "-" | "!"; operand: HclExpressionNode }
  | { kind: "binary"; operator: string; left: HclExpressionNode; right: HclExpressionNode }
  | { kind: "conditional"; test: HclExpressionNode; whenTrue: HclExpressionNode; whenFalse: HclExpressionNode }
  | { kind: "parens"; inner: HclExpressionNode }
  | { kind: "tuple"; items: HclExpressionNode[] }
  | { kind: "object"; items: Array<{ key: HclExpressionNode; value: HclExpressionNode }> }
  | { kind: "for"; form: "tuple" | "object" };

export type HclSplatStep = { kind: "attribute"; name: string } | { kind: "index"; key: HclExpressionNode };

/** Deeper nesting than this is refused rather than risking the call stack. */
const MAX_DEPTH = 64;

const BINARY_LEVELS: string[][] = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];

/** Parses one HCL expression. Throws HclSyntaxError (with an offset) on anything malformed. */
export function parseHclExpression(text: string): HclExpressionNode {
  const stream = HclTokenStream.of(text);
  if (stream.peek().kind === "eof") throw new HclSyntaxError("empty expression", 0);
  const node = new Parser(stream).expression(0);
  stream.expectEnd();
  return node;
}

class Parser {
  constructor(private readonly stream: HclTokenStream) {}

  expression(depth: number): HclExpressionNode {
    if (depth > MAX_DEPTH) throw new HclSyntaxError("expression nested too deeply", this.stream.peek().pos);
    const test = this.binary(0, depth + 1);
    if (!this.stream.eatPunct("?")) return test;
    const whenTrue = this.expression(depth + 1);
    this.stream.expectPunct(":");
    const whenFalse = this.expression(depth + 1);
    return { kind: "conditional", test, whenTrue, whenFalse };
  }

  private binary(level: number, depth: number): HclExpressionNode {
    if (level >= BINARY_LEVELS.length) return this.unary(depth);
    let left = this.binary(level + 1, depth);
    for (;;) {
      const token = this.stream.peek();
      if (token.kind !== "punct" || !BINARY_LEVELS[level]!.includes(token.text)) return left;
      this.stream.next();
      left = { kind: "binary", operator: token.text, left, right: this.binary(level + 1, depth) };
    }
  }

  private unary(depth: number): HclExpressionNode {
    if (depth > MAX_DEPTH) throw new HclSyntaxError("expression nested too deeply", this.stream.peek().pos);
    if (this.stream.eatPunct("-")) return { kind: "unary", operator: "-", operand: this.unary(depth + 1) };
    if (this.stream.eatPunct("!")) return { kind: "unary", operator: "!", operand: this.unary(depth + 1) };
    return this.postfix(this.primary(depth), depth);
  }

  private postfix(start: HclExpressionNode, depth: number): HclExpressionNode {
    let node = start;
    for (;;) {
      if (this.stream.isPunct(".")) {
        const next = this.stream.peek(1);
        if (next.kind === "punct" && next.text === "*") {
          this.stream.next();
          this.stream.next();
          node = { kind: "splat", object: node, form: ".*", steps: this.splatSteps(".*", depth) };
          continue;
        }
        this.stream.next();
        const name = this.stream.next();
        if (name.kind === "ident") node = { kind: "attribute", object: node, name: name.text };
        else if (name.kind === "number") node = { kind: "legacy-index", object: node, index: name.text };
        else throw new HclSyntaxError(`expected an attribute name after "."`, name.pos);
        continue;
      }
      if (this.stream.isPunct("[")) {
        const next = this.stream.peek(1);
        const after = this.stream.peek(2);
        if (next.kind === "punct" && next.text === "*" && after.kind === "punct" && after.text === "]") {
          this.stream.next();
          this.stream.next();
          this.stream.next();
          node = { kind: "splat", object: node, form: "[*]", steps: this.splatSteps("[*]", depth) };
          continue;
        }
        this.stream.next();
        const key = this.expression(depth + 1);
        this.stream.expectPunct("]");
        node = { kind: "index", object: node, key };
        continue;
      }
      return node;
    }
  }

  /** The traversal after a splat, applied to each element: attributes (and indexes after `[*]`). */
  private splatSteps(form: "[*]" | ".*", depth: number): HclSplatStep[] {
    const steps: HclSplatStep[] = [];
    for (;;) {
      if (this.stream.isPunct(".") && this.stream.peek(1).kind === "ident") {
        this.stream.next();
        steps.push({ kind: "attribute", name: this.stream.next().text });
        continue;
      }
      if (form === "[*]" && this.stream.isPunct("[") && !(this.stream.peek(1).kind === "punct" && this.stream.peek(1).text === "*")) {
        this.stream.next();
        const key = this.expression(depth + 1);
        this.stream.expectPunct("]");
        steps.push({ kind: "index", key });
        continue;
      }
      return steps;
    }
  }

  private primary(depth: number): HclExpressionNode {
    const token = this.stream.next();
    switch (token.kind) {
      case "number":
        return { kind: "literal", value: token.value };
      case "string":
        return token.template ? { kind: "template", source: token.text, value: token.value } : { kind: "literal", value: token.value };
      case "ident":
        return this.identifier(token, depth);
      case "punct":
        if (token.text === "(") {
          const inner = this.expression(depth + 1);
          this.stream.expectPunct(")");
          return { kind: "parens", inner };
        }
        if (token.text === "[") return this.tuple(depth);
        if (token.text === "{") return this.object(depth);
        if (token.text === "<" && this.stream.isPunct("<")) throw new HclSyntaxError("heredoc", token.pos);
        throw new HclSyntaxError(`unexpected "${token.text}"`, token.pos);
      case "eof":
        throw new HclSyntaxError("unexpected end of input", token.pos);
    }
  }

  private identifier(token: Extract<HclToken, { kind: "ident" }>, depth: number): HclExpressionNode {
    if (token.text === "true") return { kind: "literal", value: true };
    if (token.text === "false") return { kind: "literal", value: false };
    if (token.text === "null") return { kind: "literal", value: null };
    let name = token.text;
    // Namespaced functions: provider::<provider>::<function>(…) and core::<function>(…).
    while (this.stream.isPunct(":") && this.stream.isPunct(":", 1)) {
      this.stream.next();
      this.stream.next();
      const part = this.stream.next();
      if (part.kind !== "ident") throw new HclSyntaxError(`expected a name after "::"`, part.pos);
      name += `::${part.text}`;
    }
    if (!this.stream.eatPunct("(")) {
      if (name.includes("::")) throw new HclSyntaxError(`expected "(" after ${name}`, this.stream.peek().pos);
      return { kind: "variable", name };
    }
    const args: HclExpressionNode[] = [];
    let expand = false;
    while (!this.stream.eatPunct(")")) {
      args.push(this.expression(depth + 1));
      if (this.stream.eatPunct("...")) {
        expand = true;
        this.stream.eatPunct(",");
        this.stream.expectPunct(")");
        break;
      }
      if (!this.stream.eatPunct(",")) {
        this.stream.expectPunct(")");
        break;
      }
    }
    return { kind: "call", name, args, expand };
  }

  private tuple(depth: number): HclExpressionNode {
    if (this.isForKeyword()) return this.skipFor("]", "tuple");
    const items: HclExpressionNode[] = [];
    while (!this.stream.eatPunct("]")) {
      items.push(this.expression(depth + 1));
      if (!this.stream.eatPunct(",")) {
        this.stream.expectPunct("]");
        break;
      }
    }
    return { kind: "tuple", items };
  }

  private object(depth: number): HclExpressionNode {
    if (this.isForKeyword()) return this.skipFor("}", "object");
    const items: Array<{ key: HclExpressionNode; value: HclExpressionNode }> = [];
    while (!this.stream.eatPunct("}")) {
      const key = this.expression(depth + 1);
      if (!this.stream.eatPunct("=")) this.stream.expectPunct(":");
      items.push({ key, value: this.expression(depth + 1) });
      this.stream.eatPunct(",");
    }
    return { kind: "object", items };
  }

  private isForKeyword(): boolean {
    const token = this.stream.peek();
    const next = this.stream.peek(1);
    return token.kind === "ident" && token.text === "for" && next.kind === "ident";
  }

  /** For-expressions are never allowed, so their inside is only balanced, not parsed. */
  private skipFor(close: "]" | "}", form: "tuple" | "object"): HclExpressionNode {
    const closers: Record<string, string> = { "[": "]", "{": "}", "(": ")" };
    const open: string[] = [];
    for (;;) {
      const token = this.stream.next();
      if (token.kind === "eof") throw new HclSyntaxError("unterminated for-expression", token.pos);
      if (token.kind !== "punct") continue;
      if (closers[token.text]) open.push(closers[token.text]!);
      else if (token.text === "]" || token.text === "}" || token.text === ")") {
        if (open.length === 0 && token.text === close) return { kind: "for", form };
        if (open.pop() !== token.text) throw new HclSyntaxError(`unexpected "${token.text}"`, token.pos);
      }
    }
  }
}
