// Deep imports on purpose: the form evaluates conditions in the browser, where lib/hcl's index
// (with its node-only parsers behind it) must not be bundled.
import { HclSyntaxError, HclTokenStream } from "@/lib/hcl/tokenize-hcl-expression";
import { isDeepEqual, isExprValue } from "@/lib/hcl/input-value";
import type { SafePattern } from "@/lib/patterns/safe-pattern";
import { cidrHost, cidrNetmask } from "./parse-cidr";

/*
 * Evaluates the subset of Terraform validation conditions the portal can check before plan:
 * comparisons, && || !, ?:, arithmetic, [for ...] lists, and a table of pure functions (regex,
 * length, contains, cidrhost, cidrnetmask, alltrue, ...). Anything else throws
 * ConditionUncheckableError and the condition is shown to the user as text instead.
 *
 * Regexes run on RE2, as in Terraform, through the engine the caller passes (`compileRe2` in
 * ./compile-re2). The browser passes none, so the RE2 engine stays out of the form's bundle:
 * there regex() and regexall() are uncheckable and the server's check (validate-inputs, at
 * Preview) names the error. Known difference from Terraform: && and || short-circuit.
 */

/** How a condition runs regexes: an RE2 compiler, or none (regex conditions are then uncheckable). */
export interface ConditionOptions {
  regex?: (pattern: string) => SafePattern;
}

export class ConditionUncheckableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ConditionUncheckableError";
  }
}

/** A runtime error inside the condition: Terraform would report the value as invalid. */
class ConditionEvalError extends Error {}

/** A parsed condition. */
export type ConditionNode =
  | { kind: "literal"; value: unknown }
  /** `var.<name>` */
  | { kind: "variable"; name: string }
  /** A name bound by an enclosing `for`. */
  | { kind: "local"; name: string }
  | { kind: "attribute"; object: ConditionNode; name: string }
  | { kind: "index"; collection: ConditionNode; key: ConditionNode }
  /** `source[*].a[0]`: `path` is applied to each element. */
  | { kind: "splat"; source: ConditionNode; path: SplatStep[] }
  | { kind: "call"; functionName: string; args: ConditionNode[] }
  | { kind: "tuple"; items: ConditionNode[] }
  /** `[for keyName, valueName in collection : body if filter]` */
  | { kind: "for"; keyName: string | null; valueName: string; collection: ConditionNode; body: ConditionNode; filter: ConditionNode | null }
  | { kind: "unary"; operator: string; operand: ConditionNode }
  | { kind: "binary"; operator: string; left: ConditionNode; right: ConditionNode }
  /** `test ? whenTrue : whenFalse` */
  | { kind: "conditional"; test: ConditionNode; whenTrue: ConditionNode; whenFalse: ConditionNode };

type SplatStep = { attribute: string } | { index: ConditionNode };

/** Parses a condition, throwing ConditionUncheckableError when it is outside the subset. */
export function parseCondition(text: string): ConditionNode {
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
export function evaluateCondition(text: string, vars: Record<string, unknown>, options: ConditionOptions = {}): boolean {
  const node = parseCondition(text);
  try {
    return evaluate(node, { vars, locals: new Map(), regex: options.regex ?? null }) === true;
  } catch (error) {
    if (error instanceof ConditionEvalError) return false;
    throw error;
  }
}

// ---------- parser ----------

function parseExpr(s: HclTokenStream, locals: Set<string>): ConditionNode {
  const test = parseBinary(s, locals, 0);
  if (!s.eatPunct("?")) return test;
  const whenTrue = parseExpr(s, locals);
  s.expectPunct(":");
  const whenFalse = parseExpr(s, locals);
  return { kind: "conditional", test, whenTrue, whenFalse };
}

const LEVELS = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "/", "%"]];

function parseBinary(s: HclTokenStream, locals: Set<string>, level: number): ConditionNode {
  if (level === LEVELS.length) return parseUnary(s, locals);
  let left = parseBinary(s, locals, level + 1);
  for (;;) {
    const token = s.peek();
    if (token.kind !== "punct" || !LEVELS[level]!.includes(token.text)) return left;
    s.next();
    left = { kind: "binary", operator: token.text, left, right: parseBinary(s, locals, level + 1) };
  }
}

function parseUnary(s: HclTokenStream, locals: Set<string>): ConditionNode {
  if (s.isPunct("!") || s.isPunct("-")) {
    const operator = s.next().text;
    return { kind: "unary", operator, operand: parseUnary(s, locals) };
  }
  return parsePostfix(s, locals, parsePrimary(s, locals));
}

function parsePostfix(s: HclTokenStream, locals: Set<string>, start: ConditionNode): ConditionNode {
  let node = start;
  for (;;) {
    if (s.isPunct(".") && s.peek(1).kind === "ident") {
      s.next();
      node = { kind: "attribute", object: node, name: s.next().text };
    } else if (s.isPunct(".") && s.peek(1).kind === "number") {
      s.next();
      node = { kind: "index", collection: node, key: { kind: "literal", value: (s.next() as { value: number }).value } };
    } else if (s.isPunct("[") && s.isPunct("*", 1) && s.isPunct("]", 2)) {
      s.next();
      s.next();
      s.next();
      const path: SplatStep[] = [];
      for (;;) {
        if (s.isPunct(".") && s.peek(1).kind === "ident") {
          s.next();
          path.push({ attribute: s.next().text });
        } else if (s.isPunct("[") && !s.isPunct("*", 1)) {
          s.next();
          path.push({ index: parseExpr(s, locals) });
          s.expectPunct("]");
        } else break;
      }
      node = { kind: "splat", source: node, path };
    } else if (s.isPunct("[")) {
      s.next();
      const key = parseExpr(s, locals);
      s.expectPunct("]");
      node = { kind: "index", collection: node, key };
    } else return node;
  }
}

function parsePrimary(s: HclTokenStream, locals: Set<string>): ConditionNode {
  const token = s.next();
  if (token.kind === "number") return { kind: "literal", value: token.value };
  if (token.kind === "string") {
    if (token.template) throw new ConditionUncheckableError("string templates are not evaluated");
    return { kind: "literal", value: token.value };
  }
  if (token.kind === "punct" && token.text === "(") {
    const inner = parseExpr(s, locals);
    s.expectPunct(")");
    return inner;
  }
  if (token.kind === "punct" && token.text === "[") {
    if (s.peek().kind === "ident" && s.peek().text === "for" && !s.isPunct(",", 1) && !s.isPunct("]", 1)) return parseFor(s, locals);
    const items: ConditionNode[] = [];
    while (!s.eatPunct("]")) {
      items.push(parseExpr(s, locals));
      if (!s.eatPunct(",")) {
        s.expectPunct("]");
        break;
      }
    }
    return { kind: "tuple", items };
  }
  if (token.kind === "ident") {
    if (token.text === "true" || token.text === "false") return { kind: "literal", value: token.text === "true" };
    if (token.text === "null") return { kind: "literal", value: null };
    if (s.isPunct("(")) {
      s.next();
      const args: ConditionNode[] = [];
      while (!s.eatPunct(")")) {
        args.push(parseExpr(s, locals));
        if (s.isPunct("...")) throw new ConditionUncheckableError("argument expansion is not evaluated");
        if (!s.eatPunct(",")) {
          s.expectPunct(")");
          break;
        }
      }
      return { kind: "call", functionName: token.text, args };
    }
    if (token.text === "var") {
      s.expectPunct(".");
      const name = s.next();
      if (name.kind !== "ident") throw new ConditionUncheckableError("expected a variable name");
      return { kind: "variable", name: name.text };
    }
    if (locals.has(token.text)) return { kind: "local", name: token.text };
    throw new ConditionUncheckableError(`"${token.text}" cannot be evaluated before plan`);
  }
  throw new ConditionUncheckableError(`unexpected "${token.text}"`);
}

function parseFor(s: HclTokenStream, locals: Set<string>): ConditionNode {
  s.next(); // for
  const first = s.next();
  if (first.kind !== "ident") throw new ConditionUncheckableError("expected a for variable");
  let keyName: string | null = null;
  let valueName = first.text;
  if (s.eatPunct(",")) {
    const second = s.next();
    if (second.kind !== "ident") throw new ConditionUncheckableError("expected a for variable");
    keyName = first.text;
    valueName = second.text;
  }
  const inToken = s.next();
  if (inToken.kind !== "ident" || inToken.text !== "in") throw new ConditionUncheckableError('expected "in"');
  const collection = parseExpr(s, locals);
  s.expectPunct(":");
  const inner = new Set(locals);
  inner.add(valueName);
  if (keyName) inner.add(keyName);
  const body = parseExpr(s, inner);
  let filter: ConditionNode | null = null;
  if (s.peek().kind === "ident" && s.peek().text === "if") {
    s.next();
    filter = parseExpr(s, inner);
  }
  s.expectPunct("]");
  return { kind: "for", keyName, valueName, collection, body, filter };
}

function checkFunctions(node: ConditionNode): void {
  const visit = (n: ConditionNode | null): void => {
    if (!n) return;
    switch (n.kind) {
      case "call":
        if (!Object.hasOwn(FUNCTIONS, n.functionName) && n.functionName !== "can" && n.functionName !== "try") {
          throw new ConditionUncheckableError(`function ${n.functionName}() is not evaluated by the portal`);
        }
        n.args.forEach(visit);
        return;
      case "attribute":
        return visit(n.object);
      case "index":
        visit(n.collection);
        return visit(n.key);
      case "splat":
        visit(n.source);
        n.path.forEach((step) => ("index" in step ? visit(step.index) : undefined));
        return;
      case "tuple":
        return n.items.forEach(visit);
      case "for":
        visit(n.collection);
        visit(n.body);
        return visit(n.filter);
      case "unary":
        return visit(n.operand);
      case "binary":
        visit(n.left);
        return visit(n.right);
      case "conditional":
        visit(n.test);
        visit(n.whenTrue);
        return visit(n.whenFalse);
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
  regex: ((pattern: string) => SafePattern) | null;
}

function fail(message: string): never {
  throw new ConditionEvalError(message);
}

function evaluate(node: ConditionNode, scope: Scope): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "variable": {
      if (!Object.hasOwn(scope.vars, node.name)) throw new ConditionUncheckableError(`var.${node.name} has no value yet`);
      return known(scope.vars[node.name]);
    }
    case "local":
      return scope.locals.get(node.name);
    case "attribute":
      return getAttr(evaluate(node.object, scope), node.name);
    case "index":
      return getIndex(evaluate(node.collection, scope), evaluate(node.key, scope));
    case "splat": {
      const base = evaluate(node.source, scope);
      const items = base === null ? [] : Array.isArray(base) ? base : [base];
      return items.map((item) =>
        node.path.reduce<unknown>((acc, step) => ("attribute" in step ? getAttr(acc, step.attribute) : getIndex(acc, evaluate(step.index, scope))), item),
      );
    }
    case "tuple":
      return node.items.map((item) => evaluate(item, scope));
    case "for": {
      const collection = evaluate(node.collection, scope);
      const pairs: Array<[unknown, unknown]> = Array.isArray(collection)
        ? collection.map((v, i) => [i, v])
        : isObject(collection)
          ? Object.keys(collection).sort().map((k) => [k, collection[k]])
          : fail("for expression needs a collection");
      const out: unknown[] = [];
      for (const [k, v] of pairs) {
        const locals = new Map(scope.locals);
        locals.set(node.valueName, v);
        if (node.keyName) locals.set(node.keyName, k);
        const inner = { ...scope, locals };
        if (node.filter && asBool(evaluate(node.filter, inner)) === false) continue;
        out.push(evaluate(node.body, inner));
      }
      return out;
    }
    case "unary": {
      const operand = evaluate(node.operand, scope);
      return node.operator === "!" ? !asBool(operand) : -asNumber(operand);
    }
    case "binary":
      return evaluateBinary(node.operator, node.left, node.right, scope);
    case "conditional":
      return asBool(evaluate(node.test, scope)) ? evaluate(node.whenTrue, scope) : evaluate(node.whenFalse, scope);
    case "call":
      return evaluateCall(node.functionName, node.args, scope);
  }
}

function evaluateBinary(operator: string, left: ConditionNode, right: ConditionNode, scope: Scope): unknown {
  if (operator === "&&") return asBool(evaluate(left, scope)) ? asBool(evaluate(right, scope)) : false;
  if (operator === "||") return asBool(evaluate(left, scope)) ? true : asBool(evaluate(right, scope));
  const a = evaluate(left, scope);
  const b = evaluate(right, scope);
  switch (operator) {
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
  throw new ConditionUncheckableError(`operator ${operator}`);
}

function evaluateCall(functionName: string, args: ConditionNode[], scope: Scope): unknown {
  if (functionName === "can") {
    if (args.length !== 1) fail("can() takes one argument");
    try {
      evaluate(args[0]!, scope);
      return true;
    } catch (error) {
      if (error instanceof ConditionEvalError) return false;
      throw error;
    }
  }
  if (functionName === "try") {
    for (const arg of args) {
      try {
        return evaluate(arg, scope);
      } catch (error) {
        if (!(error instanceof ConditionEvalError)) throw error;
      }
    }
    fail("no try() argument succeeded");
  }
  const impl = FUNCTIONS[functionName];
  if (!impl) throw new ConditionUncheckableError(`function ${functionName}()`);
  return impl(
    args.map((arg) => evaluate(arg, scope)),
    scope,
  );
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

function regexEngine(scope: Scope): (pattern: string) => SafePattern {
  if (!scope.regex) throw new ConditionUncheckableError("regex() and regexall() are checked by the server");
  return scope.regex;
}

const FUNCTIONS: Record<string, (args: unknown[], scope: Scope) => unknown> = {
  regex: ([pattern, text], scope) => {
    const match = regexEngine(scope)(asString(pattern)).exec(asString(text));
    if (!match) fail("no match");
    if (match.groups) return { ...match.groups };
    return match.length > 1 ? match.slice(1) : match[0];
  },
  regexall: ([pattern, text], scope) => {
    return regexEngine(scope)(asString(pattern)).matchAll(asString(text)).map((m) => (m.length > 1 ? m.slice(1) : m[0]));
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

