import { HclSyntaxError, HclTokenStream } from "@/lib/hcl/tokenize-hcl-expression";
import { isDeepEqual, isExprValue } from "@/lib/hcl/input-value";
import { cidrHost, cidrNetmask } from "./parse-cidr";

/*
 * Evaluates the subset of Terraform validation conditions the portal can check before plan:
 * comparisons, && || !, ?:, arithmetic, [for ...] lists, and a table of pure functions (regex,
 * length, contains, cidrhost, cidrnetmask, alltrue, ...). Anything else throws
 * ConditionUncheckableError and the condition is shown to the user as text instead.
 *
 * Known differences from Terraform: regexes run on JS RegExp (RE2 syntax is translated for
 * the common cases, and anything untranslatable is uncheckable); && and || short-circuit.
 */

export class ConditionUncheckableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ConditionUncheckableError";
  }
}

/** A runtime error inside the condition: Terraform would report the value as invalid. */
class ConditionEvalError extends Error {}

type Node =
  | { t: "lit"; v: unknown }
  | { t: "var"; name: string }
  | { t: "local"; name: string }
  | { t: "attr"; of: Node; name: string }
  | { t: "index"; of: Node; key: Node }
  | { t: "splat"; of: Node; path: Array<{ attr: string } | { index: Node }> }
  | { t: "call"; fn: string; args: Node[] }
  | { t: "tuple"; items: Node[] }
  | { t: "for"; key: string | null; value: string; coll: Node; body: Node; cond: Node | null }
  | { t: "unary"; op: string; arg: Node }
  | { t: "bin"; op: string; l: Node; r: Node }
  | { t: "cond"; test: Node; yes: Node; no: Node };

/** Parses a condition, throwing ConditionUncheckableError when it is outside the subset. */
export function parseCondition(text: string): unknown {
  try {
    const stream = HclTokenStream.of(text);
    const node = parseExpr(stream, new Set());
    stream.expectEnd();
    checkFunctions(node);
    return node;
  } catch (error) {
    if (error instanceof HclSyntaxError) throw new ConditionUncheckableError(error.message);
    throw error;
  }
}

/** True when the portal can evaluate this condition itself. */
export function isConditionCheckable(text: string): boolean {
  try {
    parseCondition(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Evaluates a condition against the module's variable values (`var.<name>`). Returns false when
 * the condition is false or errors (Terraform rejects the value in both cases). Throws
 * ConditionUncheckableError when the condition or a referenced value cannot be evaluated here.
 */
export function evaluateCondition(text: string, vars: Record<string, unknown>): boolean {
  const node = parseCondition(text) as Node;
  try {
    return evaluate(node, { vars, locals: new Map() }) === true;
  } catch (error) {
    if (error instanceof ConditionEvalError) return false;
    throw error;
  }
}

// ---------- parser ----------

function parseExpr(s: HclTokenStream, locals: Set<string>): Node {
  const test = parseBinary(s, locals, 0);
  if (!s.eatPunct("?")) return test;
  const yes = parseExpr(s, locals);
  s.expectPunct(":");
  const no = parseExpr(s, locals);
  return { t: "cond", test, yes, no };
}

const LEVELS = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];

function parseBinary(s: HclTokenStream, locals: Set<string>, level: number): Node {
  if (level === LEVELS.length) return parseUnary(s, locals);
  let left = parseBinary(s, locals, level + 1);
  for (;;) {
    const token = s.peek();
    if (token.kind !== "punct" || !LEVELS[level]!.includes(token.text)) return left;
    s.next();
    left = { t: "bin", op: token.text, l: left, r: parseBinary(s, locals, level + 1) };
  }
}

function parseUnary(s: HclTokenStream, locals: Set<string>): Node {
  if (s.isPunct("!") || s.isPunct("-")) {
    const op = s.next().text;
    return { t: "unary", op, arg: parseUnary(s, locals) };
  }
  return parsePostfix(s, locals, parsePrimary(s, locals));
}

function parsePostfix(s: HclTokenStream, locals: Set<string>, start: Node): Node {
  let node = start;
  for (;;) {
    if (s.isPunct(".") && s.peek(1).kind === "ident") {
      s.next();
      node = { t: "attr", of: node, name: s.next().text };
    } else if (s.isPunct(".") && s.peek(1).kind === "number") {
      s.next();
      node = { t: "index", of: node, key: { t: "lit", v: (s.next() as { value: number }).value } };
    } else if (s.isPunct("[") && s.isPunct("*", 1) && s.isPunct("]", 2)) {
      s.next();
      s.next();
      s.next();
      const path: Array<{ attr: string } | { index: Node }> = [];
      for (;;) {
        if (s.isPunct(".") && s.peek(1).kind === "ident") {
          s.next();
          path.push({ attr: s.next().text });
        } else if (s.isPunct("[") && !s.isPunct("*", 1)) {
          s.next();
          path.push({ index: parseExpr(s, locals) });
          s.expectPunct("]");
        } else break;
      }
      node = { t: "splat", of: node, path };
    } else if (s.isPunct("[")) {
      s.next();
      const key = parseExpr(s, locals);
      s.expectPunct("]");
      node = { t: "index", of: node, key };
    } else return node;
  }
}

function parsePrimary(s: HclTokenStream, locals: Set<string>): Node {
  const token = s.next();
  if (token.kind === "number") return { t: "lit", v: token.value };
  if (token.kind === "string") {
    if (token.template) throw new ConditionUncheckableError("string templates are not evaluated");
    return { t: "lit", v: token.value };
  }
  if (token.kind === "punct" && token.text === "(") {
    const inner = parseExpr(s, locals);
    s.expectPunct(")");
    return inner;
  }
  if (token.kind === "punct" && token.text === "[") {
    if (s.peek().kind === "ident" && s.peek().text === "for" && !s.isPunct(",", 1) && !s.isPunct("]", 1)) return parseFor(s, locals);
    const items: Node[] = [];
    while (!s.eatPunct("]")) {
      items.push(parseExpr(s, locals));
      if (!s.eatPunct(",")) {
        s.expectPunct("]");
        break;
      }
    }
    return { t: "tuple", items };
  }
  if (token.kind === "ident") {
    if (token.text === "true" || token.text === "false") return { t: "lit", v: token.text === "true" };
    if (token.text === "null") return { t: "lit", v: null };
    if (s.isPunct("(")) {
      s.next();
      const args: Node[] = [];
      while (!s.eatPunct(")")) {
        args.push(parseExpr(s, locals));
        if (s.isPunct("...")) throw new ConditionUncheckableError("argument expansion is not evaluated");
        if (!s.eatPunct(",")) {
          s.expectPunct(")");
          break;
        }
      }
      return { t: "call", fn: token.text, args };
    }
    if (token.text === "var") {
      s.expectPunct(".");
      const name = s.next();
      if (name.kind !== "ident") throw new ConditionUncheckableError("expected a variable name");
      return { t: "var", name: name.text };
    }
    if (locals.has(token.text)) return { t: "local", name: token.text };
    throw new ConditionUncheckableError(`"${token.text}" cannot be evaluated before plan`);
  }
  throw new ConditionUncheckableError(`unexpected "${token.text}"`);
}

function parseFor(s: HclTokenStream, locals: Set<string>): Node {
  s.next(); // for
  const first = s.next();
  if (first.kind !== "ident") throw new ConditionUncheckableError("expected a for variable");
  let key: string | null = null;
  let value = first.text;
  if (s.eatPunct(",")) {
    const second = s.next();
    if (second.kind !== "ident") throw new ConditionUncheckableError("expected a for variable");
    key = first.text;
    value = second.text;
  }
  const inToken = s.next();
  if (inToken.kind !== "ident" || inToken.text !== "in") throw new ConditionUncheckableError('expected "in"');
  const coll = parseExpr(s, locals);
  s.expectPunct(":");
  const inner = new Set(locals);
  inner.add(value);
  if (key) inner.add(key);
  const body = parseExpr(s, inner);
  let cond: Node | null = null;
  if (s.peek().kind === "ident" && s.peek().text === "if") {
    s.next();
    cond = parseExpr(s, inner);
  }
  s.expectPunct("]");
  return { t: "for", key, value, coll, body, cond };
}

function checkFunctions(node: Node): void {
  const visit = (n: Node | null): void => {
    if (!n) return;
    switch (n.t) {
      case "call":
        if (!Object.hasOwn(FUNCTIONS, n.fn) && n.fn !== "can" && n.fn !== "try") {
          throw new ConditionUncheckableError(`function ${n.fn}() is not evaluated by the portal`);
        }
        n.args.forEach(visit);
        return;
      case "attr":
        return visit(n.of);
      case "index":
        visit(n.of);
        return visit(n.key);
      case "splat":
        visit(n.of);
        n.path.forEach((p) => ("index" in p ? visit(p.index) : undefined));
        return;
      case "tuple":
        return n.items.forEach(visit);
      case "for":
        visit(n.coll);
        visit(n.body);
        return visit(n.cond);
      case "unary":
        return visit(n.arg);
      case "bin":
        visit(n.l);
        return visit(n.r);
      case "cond":
        visit(n.test);
        visit(n.yes);
        return visit(n.no);
      default:
        return;
    }
  };
  visit(node);
}

// ---------- evaluator ----------

interface Scope {
  vars: Record<string, unknown>;
  locals: Map<string, unknown>;
}

function fail(message: string): never {
  throw new ConditionEvalError(message);
}

function evaluate(node: Node, scope: Scope): unknown {
  switch (node.t) {
    case "lit":
      return node.v;
    case "var": {
      if (!Object.hasOwn(scope.vars, node.name)) throw new ConditionUncheckableError(`var.${node.name} has no value yet`);
      return known(scope.vars[node.name]);
    }
    case "local":
      return scope.locals.get(node.name);
    case "attr":
      return getAttr(evaluate(node.of, scope), node.name);
    case "index":
      return getIndex(evaluate(node.of, scope), evaluate(node.key, scope));
    case "splat": {
      const base = evaluate(node.of, scope);
      const items = base === null ? [] : Array.isArray(base) ? base : [base];
      return items.map((item) =>
        node.path.reduce<unknown>((acc, step) => ("attr" in step ? getAttr(acc, step.attr) : getIndex(acc, evaluate(step.index, scope))), item),
      );
    }
    case "tuple":
      return node.items.map((item) => evaluate(item, scope));
    case "for": {
      const coll = evaluate(node.coll, scope);
      const pairs: Array<[unknown, unknown]> = Array.isArray(coll)
        ? coll.map((v, i) => [i, v])
        : isObject(coll)
          ? Object.keys(coll).sort().map((k) => [k, coll[k]])
          : fail("for expression needs a collection");
      const out: unknown[] = [];
      for (const [k, v] of pairs) {
        const locals = new Map(scope.locals);
        locals.set(node.value, v);
        if (node.key) locals.set(node.key, k);
        const inner = { vars: scope.vars, locals };
        if (node.cond && asBool(evaluate(node.cond, inner)) === false) continue;
        out.push(evaluate(node.body, inner));
      }
      return out;
    }
    case "unary": {
      const arg = evaluate(node.arg, scope);
      return node.op === "!" ? !asBool(arg) : -asNumber(arg);
    }
    case "bin":
      return evaluateBinary(node.op, node.l, node.r, scope);
    case "cond":
      return asBool(evaluate(node.test, scope)) ? evaluate(node.yes, scope) : evaluate(node.no, scope);
    case "call":
      return evaluateCall(node.fn, node.args, scope);
  }
}

function evaluateBinary(op: string, l: Node, r: Node, scope: Scope): unknown {
  if (op === "&&") return asBool(evaluate(l, scope)) ? asBool(evaluate(r, scope)) : false;
  if (op === "||") return asBool(evaluate(l, scope)) ? true : asBool(evaluate(r, scope));
  const a = evaluate(l, scope);
  const b = evaluate(r, scope);
  switch (op) {
    case "==":
      return isDeepEqual(a, b);
    case "!=":
      return !isDeepEqual(a, b);
    case "<":
      return asNumber(a) < asNumber(b);
    case "<=":
      return asNumber(a) <= asNumber(b);
    case ">":
      return asNumber(a) > asNumber(b);
    case ">=":
      return asNumber(a) >= asNumber(b);
    case "+":
      return asNumber(a) + asNumber(b);
    case "-":
      return asNumber(a) - asNumber(b);
    case "*":
      return asNumber(a) * asNumber(b);
    case "/":
      return asNumber(b) === 0 ? fail("division by zero") : asNumber(a) / asNumber(b);
    case "%":
      return asNumber(b) === 0 ? fail("division by zero") : asNumber(a) % asNumber(b);
  }
  throw new ConditionUncheckableError(`operator ${op}`);
}

function evaluateCall(fn: string, args: Node[], scope: Scope): unknown {
  if (fn === "can") {
    if (args.length !== 1) fail("can() takes one argument");
    try {
      evaluate(args[0]!, scope);
      return true;
    } catch (error) {
      if (error instanceof ConditionEvalError) return false;
      throw error;
    }
  }
  if (fn === "try") {
    for (const arg of args) {
      try {
        return evaluate(arg, scope);
      } catch (error) {
        if (!(error instanceof ConditionEvalError)) throw error;
      }
    }
    fail("no try() argument succeeded");
  }
  const impl = FUNCTIONS[fn];
  if (!impl) throw new ConditionUncheckableError(`function ${fn}()`);
  return impl(args.map((arg) => evaluate(arg, scope)));
}

function known(value: unknown): unknown {
  if (isExprValue(value)) throw new ConditionUncheckableError("the value is a reference, known only at plan time");
  if (Array.isArray(value)) return value.map(known);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, known(v)]));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getAttr(value: unknown, name: string): unknown {
  if (!isObject(value) || !Object.hasOwn(value, name)) fail(`no attribute "${name}"`);
  return value[name];
}

function getIndex(value: unknown, key: unknown): unknown {
  if (Array.isArray(value)) {
    const i = asNumber(key);
    if (!Number.isInteger(i) || i < 0 || i >= value.length) fail("index out of range");
    return value[i];
  }
  if (isObject(value)) {
    const k = typeof key === "number" ? String(key) : asString(key);
    if (!Object.hasOwn(value, k)) fail(`no key "${k}"`);
    return value[k];
  }
  fail("value cannot be indexed");
}

function asBool(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  fail("a bool is required");
}

function asNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  fail("a number is required");
}

function asString(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  fail("a string is required");
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  fail("a list is required");
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

const FUNCTIONS: Record<string, (args: unknown[]) => unknown> = {
  regex: ([pattern, text]) => {
    const match = compileRe2(asString(pattern)).exec(asString(text));
    if (!match) fail("no match");
    if (match.groups) return { ...match.groups };
    return match.length > 1 ? match.slice(1) : match[0];
  },
  regexall: ([pattern, text]) => {
    const re = compileRe2(asString(pattern), "g");
    return [...asString(text).matchAll(re)].map((m) => (m.length > 1 ? m.slice(1) : m[0]));
  },
  length: ([value]) => {
    if (typeof value === "string") return [...segmenter.segment(value)].length;
    if (Array.isArray(value)) return value.length;
    if (isObject(value)) return Object.keys(value).length;
    return fail("length() needs a string or collection");
  },
  contains: ([list, value]) => asList(list).some((item) => isDeepEqual(item, value)),
  alltrue: ([list]) => asList(list).every((item) => asBool(item)),
  anytrue: ([list]) => asList(list).some((item) => asBool(item)),
  cidrhost: ([prefix, hostnum]) => cidrHost(asString(prefix), asNumber(hostnum)) ?? fail("invalid CIDR"),
  cidrnetmask: ([prefix]) => cidrNetmask(asString(prefix)) ?? fail("invalid IPv4 CIDR"),
  lower: ([s]) => asString(s).toLowerCase(),
  upper: ([s]) => asString(s).toUpperCase(),
  trimspace: ([s]) => asString(s).trim(),
  startswith: ([s, p]) => asString(s).startsWith(asString(p)),
  endswith: ([s, p]) => asString(s).endsWith(asString(p)),
  strcontains: ([s, p]) => asString(s).includes(asString(p)),
  keys: ([m]) => (isObject(m) ? Object.keys(m).sort() : fail("keys() needs a map")),
  values: ([m]) => (isObject(m) ? Object.keys(m).sort().map((k) => m[k]) : fail("values() needs a map")),
  lookup: ([m, k, d]) => (isObject(m) && Object.hasOwn(m, asString(k)) ? m[asString(k)] : d !== undefined ? d : fail("key not found")),
  tonumber: ([v]) => (v === null ? null : asNumber(v)),
  tostring: ([v]) => (v === null ? null : asString(v)),
  tobool: ([v]) => (v === null ? null : asBool(v)),
  tolist: ([v]) => asList(v),
  toset: ([v]) => asList(v).filter((item, i, all) => all.findIndex((other) => isDeepEqual(other, item)) === i),
  distinct: ([v]) => asList(v).filter((item, i, all) => all.findIndex((other) => isDeepEqual(other, item)) === i),
  abs: ([n]) => Math.abs(asNumber(n)),
  floor: ([n]) => Math.floor(asNumber(n)),
  ceil: ([n]) => Math.ceil(asNumber(n)),
  min: (args) => (args.length ? Math.min(...args.map(asNumber)) : fail("min() needs arguments")),
  max: (args) => (args.length ? Math.max(...args.map(asNumber)) : fail("max() needs arguments")),
};

/**
 * Translates an RE2 pattern (Terraform's regex engine) to a JS RegExp for the common cases:
 * leading `(?i)`/`(?s)`/`(?m)` flags, `(?P<name>`, `\A`, `\z`, `\pL` and POSIX classes.
 * Patterns RE2 would reject (look-around, back-references) or features JS lacks are uncheckable.
 */
export function compileRe2(pattern: string, extraFlags = ""): RegExp {
  let source = pattern;
  let flags = "";
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    if (leading[1]!.includes("U")) throw new ConditionUncheckableError("RE2 ungreedy flag");
    flags += leading[1];
    source = source.slice(leading[0].length);
  }
  if (/\(\?[=!]|\(\?<[=!]|\\[1-9]|\(\?[a-zA-Z-]+[):]/.test(source)) {
    throw new ConditionUncheckableError("regex feature not translated");
  }
  if (flags.includes("m") && /\\A|\\z/.test(source)) throw new ConditionUncheckableError("\\A or \\z with (?m)");
  const posix: Record<string, string> = {
    alpha: "a-zA-Z", digit: "0-9", alnum: "a-zA-Z0-9", upper: "A-Z", lower: "a-z", space: "\\s",
    xdigit: "0-9A-Fa-f", word: "\\w", punct: "!-\\/:-@\\[-`{-~", blank: " \\t", cntrl: "\\x00-\\x1f\\x7f",
  };
  source = source
    .replace(/\(\?P</g, "(?<")
    .replace(/\\A/g, "^")
    .replace(/\\z/g, "$")
    .replace(/\\([pP])([A-Za-z])/g, "\\$1{$2}")
    .replace(/\[:(\^?)([a-z]+):\]/g, (m, neg: string, name: string) => {
      const cls = posix[name];
      if (!cls || neg) throw new ConditionUncheckableError(`POSIX class ${m}`);
      return cls;
    });
  for (const candidate of [`${flags}${extraFlags}u`, `${flags}${extraFlags}`]) {
    try {
      return new RegExp(source, candidate);
    } catch {
      // try the next flag set; RE2 accepts escapes that unicode-mode JS rejects
    }
  }
  throw new ConditionUncheckableError("regex does not compile in JS");
}
