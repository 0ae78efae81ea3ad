import { parseHclExpression, type HclExpressionNode, type HclSplatStep } from "./parse-hcl-expression";
import { emitHclQuotedString } from "./quote-hcl-string";
import { HclSyntaxError, tokenizeHclExpression } from "./tokenize-hcl-expression";

/*
 * The allowlist for raw expressions the portal writes into generated HCL. Terragrunt evaluates
 * every function in a unit when it parses it, and CI runs `terragrunt plan` on pull requests
 * before anyone reviews them, so an expression is code: `run_cmd`, `sops_decrypt_file`,
 * `read_terragrunt_config`, `file`, … would run on the CI runner. An expression is therefore
 * parsed into a tree, every node is checked against the short list below, and what gets
 * written is the canonical text printed from that tree, never the text the user sent (so
 * comments, odd whitespace, Unicode look-alikes or escapes cannot change its meaning).
 *
 * Allowed:
 *  - `dependency.<unit>.outputs.<name>` followed by attributes, literal indexes and splats;
 *  - `local.<name>` and `var.<name>` followed by attributes and literal indexes, where the
 *    file has them (plain module blocks);
 *  - `get_env("NAME")` and `get_env("NAME", "default")`, with literal strings and a portable
 *    variable name (letters, digits, underscores). CI runs plan with its own secrets in the
 *    environment (cloud keys, tokens), and a non-sensitive input's value is printed in the plan
 *    output, so by default only `TF_VAR_<name>` variables (Terraform inputs by convention) may be
 *    read; any name only where the policy says `envNames: "any"` (a sensitive input, whose value
 *    Terraform masks, or re-emitting values already checked where the field is known);
 *  - `tostring`, `tonumber` and `tobool` around one allowed expression (pure conversions).
 * Everything else is refused with a message that names what was found.
 */

export type HclExpressionRoot = "dependency" | "local" | "var";

export interface HclExpressionPolicy {
  /** The reference roots the file has. */
  roots: readonly HclExpressionRoot[];
  /** When set, `dependency.<name>` must be one of these (the unit's dependency blocks, or units the form offers). */
  dependencies?: ReadonlySet<string>;
  /**
   * Which environment variables `get_env` may read. "plan-safe" (the default): `TF_VAR_<name>`
   * only, since the value of a non-sensitive input shows in plan output. "any": any portable name,
   * for a sensitive input (Terraform masks its value).
   */
  envNames?: "plan-safe" | "any";
}

/** What an allowed expression gives at plan time, as far as the portal can tell. */
export type HclExpressionType = "string" | "number" | "bool" | "unknown";

export type HclExpressionCheck =
  | {
      ok: true;
      /** The canonical text to write. */
      text: string;
      type: HclExpressionType;
      /** `dependency.<name>` roots used, in first-seen order. */
      dependencies: string[];
    }
  | { ok: false; message: string };

/** Every root the portal ever writes: what the emitter accepts when it is told nothing more. */
export const ANY_FILE_EXPRESSION_POLICY: HclExpressionPolicy = { roots: ["dependency", "local", "var"] };
/** A Terragrunt unit: dependency outputs only (the portal writes no `locals` block, and units have no `var`). */
export const TERRAGRUNT_UNIT_EXPRESSION_POLICY: HclExpressionPolicy = { roots: ["dependency"] };
/** A plain Terraform module block: the root module's variables and locals, no Terragrunt dependencies. */
export const TERRAFORM_MODULE_EXPRESSION_POLICY: HclExpressionPolicy = { roots: ["local", "var"] };

/** Longer expressions are refused: a reference or a `get_env` call is never this long. */
export const MAX_EXPRESSION_LENGTH = 1000;

// A portable environment variable name. Lower case is allowed: Terraform's own convention is
// TF_VAR_<variable name>, which the catalogue's snippets use.
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// What a non-sensitive input may read: Terraform's own input variables, never CI's other secrets.
const PLAN_SAFE_ENV_NAME = /^TF_VAR_[A-Za-z0-9_]+$/;
// ASCII only: HCL accepts any Unicode identifier, which is how look-alike letters sneak in.
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const CONVERSIONS: Record<string, HclExpressionType> = { tostring: "string", tonumber: "number", tobool: "bool" };
const ROOT_DESCRIPTIONS: Record<HclExpressionRoot, string> = {
  dependency: "dependency.<unit>.outputs.<name>",
  local: "local.<name>",
  var: "var.<name>",
};

class Refusal extends Error {}

/** Checks a raw expression against the allowlist and returns its canonical text, or why it is refused. */
export function checkHclExpression(source: string, policy: HclExpressionPolicy = ANY_FILE_EXPRESSION_POLICY): HclExpressionCheck {
  const text = source.trim();
  if (text === "") return { ok: false, message: "Enter an expression" };
  if (text.length > MAX_EXPRESSION_LENGTH) return { ok: false, message: `An expression may be at most ${MAX_EXPRESSION_LENGTH} characters` };
  let tree: HclExpressionNode;
  try {
    tree = parseHclExpression(text);
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    return { ok: false, message: describeSyntaxError(text, error) };
  }
  const dependencies: string[] = [];
  try {
    const { text: canonical, type } = checkTop(tree, policy, dependencies);
    return { ok: true, text: canonical, type, dependencies };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}

function allowedSummary(policy: HclExpressionPolicy): string {
  const refs = policy.roots.map((root) => ROOT_DESCRIPTIONS[root]);
  return [...refs, policy.envNames === "any" ? 'get_env("NAME")' : 'get_env("TF_VAR_<name>")'].join(", ");
}

function refuse(message: string, policy: HclExpressionPolicy): never {
  throw new Refusal(`${message}. Allowed here: ${allowedSummary(policy)}, optionally inside tostring/tonumber/tobool`);
}

function checkTop(node: HclExpressionNode, policy: HclExpressionPolicy, dependencies: string[]): { text: string; type: HclExpressionType } {
  if (node.kind === "literal") refuse("This is a plain value, not a reference: enter it as a value instead", policy);
  return check(node, policy, dependencies);
}

function check(node: HclExpressionNode, policy: HclExpressionPolicy, dependencies: string[]): { text: string; type: HclExpressionType } {
  switch (node.kind) {
    case "call":
      return checkCall(node, policy, dependencies);
    case "variable":
    case "attribute":
    case "index":
    case "splat":
    case "legacy-index":
      return { text: checkReference(node, policy, dependencies), type: "unknown" };
    case "parens":
      return check(node.inner, policy, dependencies);
    case "template":
      return refuse(`String templates ("\${…}" or "%{…}") are not allowed${describeCalls(node.value)}: write the reference on its own`, policy);
    case "literal":
      return refuse("A literal is only allowed as an argument of get_env", policy);
    case "for":
      return refuse("for-expressions are not allowed", policy);
    case "conditional":
      return refuse("Conditional expressions (a ? b : c) are not allowed", policy);
    case "binary":
    case "unary":
      return refuse(`Operators (${node.operator}) are not allowed`, policy);
    case "tuple":
      return refuse("Lists written as an expression are not allowed: use the form's list, with a reference per item", policy);
    case "object":
      return refuse("Objects written as an expression are not allowed: use the form's fields, with a reference per attribute", policy);
  }
}

function checkCall(node: Extract<HclExpressionNode, { kind: "call" }>, policy: HclExpressionPolicy, dependencies: string[]): { text: string; type: HclExpressionType } {
  if (node.expand) refuse(`Argument expansion (…) is not allowed in ${node.name}()`, policy);
  if (node.name === "get_env") {
    const [name, fallback, ...rest] = node.args;
    if (!name || rest.length > 0) refuse("get_env takes a variable name and an optional default", policy);
    const envName = literalString(name, "get_env's variable name", policy);
    if (!ENV_NAME.test(envName)) refuse(`get_env("${envName.slice(0, 40)}"): environment variable names are letters, digits and underscores, e.g. DB_PASSWORD`, policy);
    const fallbackText = fallback === undefined ? undefined : literalString(fallback, "get_env's default", policy);
    if (policy.envNames !== "any" && !PLAN_SAFE_ENV_NAME.test(envName)) {
      refuse(
        `get_env("${envName}"): this input is not sensitive, so its value would be printed in the plan output; ` +
          "read a TF_VAR_<name> variable here, or pass secrets through a sensitive input",
        policy,
      );
    }
    if (fallbackText === undefined) return { text: `get_env("${envName}")`, type: "string" };
    return { text: `get_env("${envName}", ${emitHclQuotedString(fallbackText)})`, type: "string" };
  }
  const conversion = Object.hasOwn(CONVERSIONS, node.name) ? CONVERSIONS[node.name] : undefined;
  if (conversion) {
    if (node.args.length !== 1) refuse(`${node.name} takes one argument`, policy);
    const inner = checkTop(node.args[0]!, policy, dependencies);
    return { text: `${node.name}(${inner.text})`, type: conversion };
  }
  return refuse(`The function ${describeName(node.name)} is not allowed`, policy);
}

function literalString(node: HclExpressionNode, what: string, policy: HclExpressionPolicy): string {
  if (node.kind === "literal" && typeof node.value === "string") return node.value;
  if (node.kind === "template") return refuse(`${what} must be a plain quoted string, without "\${…}"${describeCalls(node.value)}`, policy);
  return refuse(`${what} must be a quoted string`, policy);
}

/** A reference: root, name, then a traversal. Returns its canonical text. */
function checkReference(node: HclExpressionNode, policy: HclExpressionPolicy, dependencies: string[]): string {
  const chain = flatten(node, policy);
  const [root, ...steps] = chain;
  if (!root || root.kind !== "root") return refuse("Not a reference", policy);
  if (!(["dependency", "local", "var"] as string[]).includes(root.name)) {
    return refuse(`"${root.name.slice(0, 40)}" is not a reference the portal writes`, policy);
  }
  const rootName = root.name as HclExpressionRoot;
  if (!policy.roots.includes(rootName)) {
    return refuse(`${ROOT_DESCRIPTIONS[rootName]} references are not available in this file`, policy);
  }
  const name = steps.shift();
  if (!name || name.kind !== "attribute") return refuse(`Name what ${rootName} refers to: ${ROOT_DESCRIPTIONS[rootName]}`, policy);
  let text = `${rootName}.${name.name}`;
  let splatAllowed = false;
  if (rootName === "dependency") {
    if (policy.dependencies && !policy.dependencies.has(name.name)) {
      const known = [...policy.dependencies].sort();
      return refuse(`There is no dependency "${name.name}" to read from (${known.length > 0 ? `known: ${known.join(", ")}` : "this unit has none, and no unit sits next to it"})`, policy);
    }
    const outputs = steps.shift();
    if (!outputs || outputs.kind !== "attribute" || outputs.name !== "outputs") return refuse(`Read a dependency's outputs: dependency.${name.name}.outputs.<name>`, policy);
    const output = steps.shift();
    if (!output || output.kind !== "attribute") return refuse(`Name the output: dependency.${name.name}.outputs.<name>`, policy);
    text += `.outputs.${output.name}`;
    if (!dependencies.includes(name.name)) dependencies.push(name.name);
    splatAllowed = true;
  }
  for (const step of steps) {
    if (step.kind === "attribute") text += `.${step.name}`;
    else if (step.kind === "index") text += `[${step.text}]`;
    else if (step.kind === "splat") {
      if (!splatAllowed) return refuse(`Splats (${step.form}) are only allowed on dependency outputs`, policy);
      // `.*` ends at the first index, which then applies to the whole list: too subtle to review.
      if (step.form === ".*") return refuse("Write the splat as [*] rather than .*", policy);
      text += step.form;
    } else return refuse("Not a reference", policy);
  }
  return text;
}

type ChainStep =
  | { kind: "root"; name: string }
  | { kind: "attribute"; name: string }
  | { kind: "index"; text: string }
  | { kind: "splat"; form: "[*]" | ".*" };

/** A reference tree as a list of steps, refusing anything that is not a plain traversal. */
function flatten(node: HclExpressionNode, policy: HclExpressionPolicy): ChainStep[] {
  switch (node.kind) {
    case "variable":
      if (!NAME.test(node.name)) return refuse("Names in references are ASCII letters, digits, dashes and underscores", policy);
      return [{ kind: "root", name: node.name }];
    case "attribute":
      if (!NAME.test(node.name)) return refuse("Names in references are ASCII letters, digits, dashes and underscores", policy);
      return [...flatten(node.object, policy), { kind: "attribute", name: node.name }];
    case "index":
      return [...flatten(node.object, policy), { kind: "index", text: literalIndex(node.key, policy) }];
    case "legacy-index":
      return refuse(`Write the index in brackets: [${node.index}]`, policy);
    case "splat":
      return [...flatten(node.object, policy), { kind: "splat", form: node.form }, ...node.steps.map((step) => splatStep(step, policy))];
    default:
      return refuse(node.kind === "call" ? `The function ${describeName(node.name)} is not allowed inside a reference` : "A reference may only be followed by attributes and literal indexes", policy);
  }
}

function splatStep(step: HclSplatStep, policy: HclExpressionPolicy): ChainStep {
  if (step.kind === "attribute") {
    if (!NAME.test(step.name)) return refuse("Names in references are ASCII letters, digits, dashes and underscores", policy);
    return { kind: "attribute", name: step.name };
  }
  return { kind: "index", text: literalIndex(step.key, policy) };
}

function literalIndex(key: HclExpressionNode, policy: HclExpressionPolicy): string {
  if (key.kind === "literal" && typeof key.value === "number" && Number.isSafeInteger(key.value) && key.value >= 0) return String(key.value);
  if (key.kind === "literal" && typeof key.value === "string") return emitHclQuotedString(key.value);
  if (key.kind === "template") return refuse(`An index must be a plain number or quoted string, without "\${…}"${describeCalls(key.value)}`, policy);
  return refuse("An index must be a whole number or a quoted string", policy);
}

function describeName(name: string): string {
  return `${name.slice(0, 60)}()`;
}

/** ` (it calls run_cmd)` for the function calls inside a template's sequences, when there are any. */
function describeCalls(template: string): string {
  const names = new Set<string>();
  try {
    const tokens = tokenizeHclExpression(template.replace(/[$%]\{|\}/g, " "));
    tokens.forEach((token, i) => {
      const next = tokens[i + 1];
      if (token.kind === "ident" && next?.kind === "punct" && next.text === "(") names.add(token.text);
    });
  } catch {
    // The template's inside is not even tokenizable; the refusal stands without the detail.
  }
  return names.size > 0 ? ` (it calls ${[...names].slice(0, 3).join(", ")})` : "";
}

function describeSyntaxError(text: string, error: HclSyntaxError): string {
  if (/<<-?\s*[A-Za-z_]/.test(text) || error.message.startsWith("heredoc")) return "Heredocs are not allowed in expressions";
  return `Not a valid HCL expression: ${error.message}`;
}
