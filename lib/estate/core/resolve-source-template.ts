/** One piece of an HCL template string as hcl2json returns it. */
export type TemplatePart = { kind: "literal"; text: string } | { kind: "expression"; text: string };

/**
 * Splits a string from hcl2json into literal text (unescaped: `$${` → `${`) and `${...}` /
 * `%{...}` parts (their source text, trimmed; a directive keeps its `%` so it never resolves).
 */
export function splitHclTemplate(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let i = 0;
  while (i < value.length) {
    const c = value[i]!;
    if ((c === "$" || c === "%") && value[i + 1] === c && value[i + 2] === "{") {
      literal += `${c}{`;
      i += 3;
    } else if ((c === "$" || c === "%") && value[i + 1] === "{") {
      const end = findClosingBrace(value, i + 2);
      if (end < 0) {
        literal += value.slice(i);
        break;
      }
      if (literal) parts.push({ kind: "literal", text: literal });
      literal = "";
      const body = value.slice(i + 2, end).trim();
      parts.push({ kind: "expression", text: c === "%" ? `%{${body}}` : body });
      i = end + 1;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push({ kind: "literal", text: literal });
  return parts;
}

function findClosingBrace(text: string, from: number): number {
  let depth = 1;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "{") {
      depth++;
    } else if (c === "}" && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** What a template may refer to: the file's own locals, and the locals of the configs it includes. */
export interface TemplateScope {
  locals: Record<string, unknown>;
  /** By include name; null when the include's file could not be found. */
  includes: Record<string, TemplateScope | null>;
}

export type ResolvedTemplate =
  | { resolved: true; text: string }
  | {
      resolved: false;
      /** The expressions that could not be read statically, e.g. `include.envcommon.locals.base_source_url`. */
      expressions: string[];
      /** Literal text after the last unresolved expression (where `?ref=v1.2.0` usually sits). */
      literalTail: string;
    };

const MAX_DEPTH = 8;
/** The locals being expanded, per scope: a local met again is a cycle. */
type Visiting = Map<TemplateScope, Set<string>>;
const LOCAL_REF = /^local\.([A-Za-z_][A-Za-z0-9_-]*)$/;
const INCLUDE_LOCAL_REF = /^include\.([A-Za-z_][A-Za-z0-9_-]*)\.locals\.([A-Za-z_][A-Za-z0-9_-]*)$/;

/**
 * Substitutes `${local.x}` and `${include.<name>.locals.x}` when those locals are strings that
 * resolve in turn (locals that use locals, up to a small depth, never in a cycle). Any other
 * expression (functions, `read_terragrunt_config`, variables) leaves the template unresolved.
 */
export function resolveSourceTemplate(value: string, scope: TemplateScope): ResolvedTemplate {
  return resolveIn(value, scope, new Map(), 0);
}

function resolveIn(value: string, scope: TemplateScope, visiting: Visiting, depth: number): ResolvedTemplate {
  let text = "";
  const unresolved: string[] = [];
  let tail = "";
  for (const part of splitHclTemplate(value)) {
    if (part.kind === "literal") {
      text += part.text;
      tail += part.text;
      continue;
    }
    const substituted = depth < MAX_DEPTH ? substitute(part.text, scope, visiting, depth) : null;
    if (substituted === null) {
      unresolved.push(part.text);
      tail = "";
    } else {
      text += substituted;
      tail += substituted;
    }
  }
  return unresolved.length === 0 ? { resolved: true, text } : { resolved: false, expressions: unresolved, literalTail: tail };
}

function substitute(expression: string, scope: TemplateScope, visiting: Visiting, depth: number): string | null {
  const local = LOCAL_REF.exec(expression);
  const included = INCLUDE_LOCAL_REF.exec(expression);
  const target = local ? { scope, key: local[1]! } : included ? { scope: scope.includes[included[1]!] ?? null, key: included[2]! } : null;
  if (!target?.scope) return null;
  const value = Object.hasOwn(target.scope.locals, target.key) ? target.scope.locals[target.key] : undefined;
  if (typeof value !== "string") return null;
  let keys = visiting.get(target.scope);
  if (!keys) visiting.set(target.scope, (keys = new Set()));
  if (keys.has(target.key)) return null;
  keys.add(target.key);
  const result = resolveIn(value, target.scope, visiting, depth + 1);
  keys.delete(target.key);
  return result.resolved ? result.text : null;
}
