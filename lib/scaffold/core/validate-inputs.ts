import {
  checkHclExpression,
  containsExpr,
  convertHclJsonValue,
  formatTfType,
  type HclExpressionType,
  type InputValue,
  isDeepEqual,
  isExprValue,
  parseHclFile,
  parseHclLiteral,
  parseTypeExpression,
  TERRAFORM_MODULE_EXPRESSION_POLICY,
  TERRAGRUNT_UNIT_EXPRESSION_POLICY,
  type TfType,
} from "@/lib/hcl";
import { compileRe2 } from "./compile-re2";
import { ConditionUncheckableError, evaluateCondition } from "./evaluate-condition";
import type { ScaffoldVariable } from "./scaffold-variable";

/*
 * Values arrive as typed JSON from the form (numbers as numbers, bools as bools; a "5" for a
 * number input is an error, not a conversion). Two markers may appear:
 *   { "__expr": "dependency.vpc.outputs.vpc_id" }  a raw HCL expression: only in a sensitive input,
 *                                                  or at a path the builder switched to "reference"
 *   { "__hcl": "[1, 2]" }                          text of a raw field, HCL or JSON, parsed here
 * Every expression must pass lib/hcl's allowlist (checkHclExpression) and is replaced by its
 * canonical text; the emitter checks it again when it writes the file.
 */

export interface InputFieldError {
  /** `name`, `name.attr`, `name[0]`, `name["key"]` */
  path: string;
  message: string;
}

export interface ConditionNote {
  path: string;
  condition: string;
  errorMessage: string;
}

/** A `dependency.<name>` an input reads, so that the caller can check the unit exists. */
export interface DependencyUse {
  path: string;
  name: string;
}

export type ValidateInputsResult =
  | { ok: true; inputs: Record<string, InputValue>; notes: ConditionNote[]; dependencies: DependencyUse[] }
  | { ok: false; errors: InputFieldError[]; notes: ConditionNote[] };

/** Where raw expressions may stand, and what they may reference. */
export interface ExpressionRules {
  /** The file the inputs go into: Terragrunt units read dependency outputs, module blocks var./local. */
  style: "terragrunt" | "terraform";
  /**
   * The paths (`name`, `network.vpc_id`, `subnets[0].id`, `tags["team"]`) of fields the builder
   * switched to "reference"; a sensitive input always takes one at its own path. "any" is for
   * the CLI, whose user writes the inputs file themselves.
   */
  referencePaths: ReadonlySet<string> | "any";
  /**
   * "copied": the values are those of a unit in the repo that is copied byte for byte (a
   * promotion with unchanged inputs). Nothing is rendered from them, so their expressions, which
   * the team wrote and reviewed, are not judged here.
   */
  origin?: "form" | "copied";
}

export interface ValidateInputsOptions {
  /** Parses an HCL file to hcl2json's JSON; defaults to `@cdktn/hcl2json`. */
  parseHcl?: (text: string) => Promise<Record<string, unknown>>;
  /** Defaults to a Terragrunt unit with no field switched to "reference". */
  expressions?: ExpressionRules;
}

const NO_REFERENCES: ExpressionRules = { style: "terragrunt", referencePaths: new Set() };

/** The text of a raw (HCL or JSON) form field. */
export interface RawTextValue {
  __hcl: string;
}

function isRawText(value: unknown): value is RawTextValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as RawTextValue).__hcl === "string";
}

/**
 * Checks form values against the module's variables: strict types, required inputs and object
 * attributes, nullability, raw HCL/JSON fields, raw expressions (only where allowed, only what
 * the allowlist accepts, typed where their type is known), sensitive inputs (references only)
 * and the validation conditions the portal can evaluate. Returns the inputs to write, with every
 * input equal to its default left out and expressions in canonical form, the dependencies they
 * read, and notes for the conditions it could not evaluate.
 */
export async function validateInputs(
  variables: ScaffoldVariable[],
  values: Record<string, unknown>,
  options: ValidateInputsOptions = {},
): Promise<ValidateInputsResult> {
  const parseHcl = options.parseHcl ?? parseHclFile;
  const rules = options.expressions ?? NO_REFERENCES;
  const errors: InputFieldError[] = [];
  const dependencies: DependencyUse[] = [];
  const notes: ConditionNote[] = [];
  const byName = new Map(variables.map((v) => [v.name, v]));
  for (const name of Object.keys(values)) {
    if (!byName.has(name)) errors.push({ path: name, message: "This module has no input with this name" });
  }

  const provided = new Map<string, InputValue>();
  for (const variable of variables) {
    const raw = values[variable.name];
    if (raw === undefined) {
      if (variable.required) errors.push({ path: variable.name, message: "Required" });
      continue;
    }
    const resolved = await resolveRawFields(raw, variable.name, parseHcl, errors);
    if (resolved === undefined) continue;
    const type = parseTypeExpression(variable.type);
    const exprErrors: InputFieldError[] = [];
    const value = checkExpressions(resolved, type, variable.name, { variable, rules, errors: exprErrors, dependencies });
    errors.push(...exprErrors);
    if (exprErrors.length > 0) continue;
    if (variable.sensitive && value !== null && !isExprValue(value)) {
      errors.push({
        path: variable.name,
        message: "Sensitive input: choose a reference (get_env or a dependency output) instead of a plain value",
      });
      continue;
    }
    if (value === null && !variable.nullable) {
      errors.push({ path: variable.name, message: "Must not be null" });
      continue;
    }
    const typeErrors: InputFieldError[] = [];
    if (value !== null) checkType(type, value, variable.name, typeErrors);
    errors.push(...typeErrors);
    if (typeErrors.length === 0) provided.set(variable.name, value);
  }

  // Conditions see every variable as Terraform would: given values, else defaults.
  const env: Record<string, unknown> = {};
  for (const variable of variables) {
    const type = parseTypeExpression(variable.type);
    const value = provided.has(variable.name) ? provided.get(variable.name) : variable.required ? undefined : variable.defaultJson;
    if (value !== undefined) env[variable.name] = applyTypeDefaults(type, value as InputValue);
  }
  for (const variable of variables) {
    if (!provided.has(variable.name)) continue;
    for (const rule of variable.validations) {
      try {
        if (!evaluateCondition(rule.condition, env, { regex: compileRe2 })) errors.push({ path: variable.name, message: rule.errorMessage || `Fails: ${rule.condition}` });
      } catch (error) {
        if (!(error instanceof ConditionUncheckableError)) throw error;
        notes.push({ path: variable.name, condition: rule.condition, errorMessage: rule.errorMessage });
      }
    }
  }

  if (errors.length > 0) return { ok: false, errors, notes };
  const inputs: Record<string, InputValue> = {};
  for (const variable of variables) {
    if (!provided.has(variable.name)) continue;
    const type = parseTypeExpression(variable.type);
    const value = stripOptionalDefaults(type, provided.get(variable.name)!);
    const isDefault =
      !variable.required && !containsExpr(value) && isDeepEqual(applyTypeDefaults(type, value), applyTypeDefaults(type, variable.defaultJson as InputValue));
    if (!isDefault) inputs[variable.name] = value;
  }
  return { ok: true, inputs, notes, dependencies };
}

/** Replaces `{ __hcl }` texts by their parsed values and NFC-normalises strings (as HCL does). */
async function resolveRawFields(
  value: unknown,
  path: string,
  parseHcl: (text: string) => Promise<Record<string, unknown>>,
  errors: InputFieldError[],
): Promise<InputValue | undefined> {
  if (isRawText(value)) {
    const parsed = await parseRawText(value.__hcl, parseHcl);
    if ("error" in parsed) {
      errors.push({ path, message: parsed.error });
      return undefined;
    }
    return resolveRawFields(parsed.value, path, parseHcl, errors);
  }
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      errors.push({ path, message: "Must be a finite number" });
      return undefined;
    }
    return value;
  }
  if (typeof value === "string") return value.normalize("NFC");
  if (isExprValue(value)) return { __expr: value.__expr.trim() };
  if (Array.isArray(value)) {
    const out: InputValue[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = await resolveRawFields(value[i], `${path}[${i}]`, parseHcl, errors);
      if (item === undefined) return undefined;
      out.push(item);
    }
    return out;
  }
  if (typeof value === "object") {
    const out: { [key: string]: InputValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = await resolveRawFields(item, childPath(path, key, true), parseHcl, errors);
      if (resolved === undefined) return undefined;
      Object.defineProperty(out, key.normalize("NFC"), { value: resolved, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  errors.push({ path, message: `Unsupported value of type ${typeof value}` });
  return undefined;
}

async function parseRawText(
  text: string,
  parseHcl: (text: string) => Promise<Record<string, unknown>>,
): Promise<{ value: unknown } | { error: string }> {
  if (text.trim() === "") return { error: "Enter a value in HCL or JSON" };
  try {
    return { value: JSON.parse(text) };
  } catch {
    // not JSON: try HCL below
  }
  const problem = checkExpressionText(text);
  if (problem) return { error: problem };
  try {
    const parsed = await parseHcl(`value = ${text}\n`);
    if (Object.keys(parsed).length !== 1 || !Object.hasOwn(parsed, "value")) return { error: "Enter a single HCL or JSON value" };
    return { value: convertHclJsonValue(parsed.value) };
  } catch (error) {
    return { error: `Not valid HCL or JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Comments and heredocs inside raw expressions would swallow the rest of a one-line list. */
function checkExpressionText(text: string): string | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "#" || (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*"))) return "Comments are not allowed in expressions";
    else if (c === "<" && text[i + 1] === "<") return "Heredocs are not allowed in expressions; use a quoted string";
  }
  return null;
}

interface ExpressionContext {
  variable: ScaffoldVariable;
  rules: ExpressionRules;
  errors: InputFieldError[];
  dependencies: DependencyUse[];
}

/**
 * Finds every raw expression in a value (with the path the form gives its field), checks it, and
 * returns the value with each expression in canonical form. The type is followed along so that
 * the path matches the form's (`obj.attr` for attributes, `map["key"]` for map keys), and so that
 * an expression of a known type (get_env gives a string) can be type-checked.
 */
function checkExpressions(value: InputValue, type: TfType | null, path: string, context: ExpressionContext): InputValue {
  if (isExprValue(value)) return checkExpression(value.__expr, type, path, context);
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const itemType = type?.kind === "list" || type?.kind === "set" ? type.element : type?.kind === "tuple" ? (type.elements[i] ?? null) : null;
      return checkExpressions(item, itemType, `${path}[${i}]`, context);
    });
  }
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: InputValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const attribute = type?.kind === "object" ? type.attributes.find((a) => a.name === key) : undefined;
      const itemType = attribute ? attribute.type : type?.kind === "map" ? type.element : null;
      const itemPath = childPath(path, key, !attribute);
      Object.defineProperty(out, key, { value: checkExpressions(item, itemType, itemPath, context), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function checkExpression(expression: string, type: TfType | null, path: string, { variable, rules, errors, dependencies }: ExpressionContext): InputValue {
  const keep = { __expr: expression };
  if (rules.origin === "copied") return keep;
  const sensitiveField = variable.sensitive && path === variable.name;
  if (!sensitiveField && rules.referencePaths !== "any" && !rules.referencePaths.has(path)) {
    errors.push({ path, message: 'This field takes a plain value. To use a reference, switch the field to "Reference" first' });
    return keep;
  }
  if (sensitiveField && parseHclLiteral(expression).ok) {
    errors.push({ path, message: "Sensitive input: this expression is a plain value; reference the secret instead" });
    return keep;
  }
  const policy = rules.style === "terraform" ? TERRAFORM_MODULE_EXPRESSION_POLICY : TERRAGRUNT_UNIT_EXPRESSION_POLICY;
  // A sensitive input's value is masked in plan output, so it may read any secret from the
  // environment; any other input only TF_VAR_<name> (lib/hcl refuses the rest).
  const checked = checkHclExpression(expression, { ...policy, envNames: variable.sensitive ? "any" : "plan-safe" });
  if (!checked.ok) {
    errors.push({ path, message: checked.message });
    return keep;
  }
  // The canonical form is deterministic, so a default of get_env shows as `get_env("X", "…")`.
  if (variable.sensitive && /get_env\("[A-Za-z0-9_]*", /.test(checked.text)) {
    errors.push({ path, message: "Sensitive input: a get_env default would be committed in plain text; leave the default out" });
    return keep;
  }
  const mismatch = type ? describeTypeMismatch(type, checked.type) : null;
  if (mismatch) {
    errors.push({ path, message: mismatch });
    return keep;
  }
  for (const name of checked.dependencies) dependencies.push({ path, name });
  return { __expr: checked.text };
}

const CONVERTERS: Record<"string" | "number" | "bool", string> = { string: "tostring", number: "tonumber", bool: "tobool" };

/** Null when an expression of this type fits the input; else what to do about it. */
function describeTypeMismatch(type: TfType, given: HclExpressionType): string | null {
  if (given === "unknown" || type.kind === "any" || type.kind === "unsupported" || type.kind === given) return null;
  if (type.kind === "string" || type.kind === "number" || type.kind === "bool") {
    return `Must be ${article(type)}; this expression gives a ${given}: wrap it in ${CONVERTERS[type.kind]}(…)`;
  }
  return `Must be ${article(type)}; this expression gives a ${given}`;
}

function childPath(path: string, key: string, isMapKey: boolean): string {
  return isMapKey || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}[${JSON.stringify(key)}]` : `${path}.${key}`;
}

function isPlainObject(value: InputValue): value is { [key: string]: InputValue } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isExprValue(value);
}

const article = (type: TfType): string => {
  const text = formatTfType(type);
  return /^[aeiou]/.test(text) ? `an ${text}` : `a ${text}`;
};

/** Strict structural type check; raw expressions were type-checked where they were found. */
export function checkType(type: TfType, value: InputValue, path: string, errors: InputFieldError[]): void {
  if (isExprValue(value)) return;
  const mismatch = () => errors.push({ path, message: `Must be ${article(type)}` });
  switch (type.kind) {
    case "any":
    case "unsupported":
      return;
    case "string":
      if (typeof value !== "string") mismatch();
      return;
    case "number":
      if (typeof value !== "number") mismatch();
      return;
    case "bool":
      if (typeof value !== "boolean") mismatch();
      return;
    case "list":
    case "set": {
      if (!Array.isArray(value)) return void mismatch();
      value.forEach((item, i) => {
        if (item === null) errors.push({ path: `${path}[${i}]`, message: "Must not be null" });
        else checkType(type.element, item, `${path}[${i}]`, errors);
      });
      if (type.kind === "set") {
        value.forEach((item, i) => {
          if (value.findIndex((other) => isDeepEqual(other, item)) < i) errors.push({ path: `${path}[${i}]`, message: "Duplicate value in a set" });
        });
      }
      return;
    }
    case "map": {
      if (!isPlainObject(value)) return void mismatch();
      for (const [key, item] of Object.entries(value)) {
        if (item === null) errors.push({ path: childPath(path, key, true), message: "Must not be null" });
        else checkType(type.element, item, childPath(path, key, true), errors);
      }
      return;
    }
    case "tuple": {
      if (!Array.isArray(value) || value.length !== type.elements.length) return void mismatch();
      value.forEach((item, i) => {
        if (item !== null) checkType(type.elements[i]!, item, `${path}[${i}]`, errors);
      });
      return;
    }
    case "object": {
      if (!isPlainObject(value)) return void mismatch();
      for (const attribute of type.attributes) {
        const item = value[attribute.name];
        const attrPath = childPath(path, attribute.name, false);
        if (item === undefined) {
          if (!attribute.optional) errors.push({ path: attrPath, message: "Required" });
        } else if (item !== null) checkType(attribute.type, item, attrPath, errors);
      }
      for (const key of Object.keys(value)) {
        if (!type.attributes.some((a) => a.name === key)) errors.push({ path: childPath(path, key, false), message: "Not an attribute of this object" });
      }
      return;
    }
  }
}

/** Fills optional object attributes with their defaults (or null), as Terraform does before validation. */
export function applyTypeDefaults(type: TfType, value: InputValue): InputValue {
  if (value === null || isExprValue(value)) return value;
  if ((type.kind === "list" || type.kind === "set") && Array.isArray(value)) return value.map((item) => applyTypeDefaults(type.element, item));
  if (type.kind === "tuple" && Array.isArray(value)) return value.map((item, i) => (type.elements[i] ? applyTypeDefaults(type.elements[i], item) : item));
  if (type.kind === "map" && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, applyTypeDefaults(type.element, v)]));
  }
  if (type.kind === "object" && isPlainObject(value)) {
    const out: { [key: string]: InputValue } = { ...value };
    for (const attribute of type.attributes) {
      const item = value[attribute.name];
      if (item === undefined || (item === null && attribute.hasDefault)) {
        out[attribute.name] = attribute.optional ? applyTypeDefaults(attribute.type, attribute.default as InputValue) : null;
      } else out[attribute.name] = applyTypeDefaults(attribute.type, item);
    }
    return out;
  }
  return value;
}

/** Drops optional object attributes whose value is what Terraform would fill in anyway. */
export function stripOptionalDefaults(type: TfType, value: InputValue): InputValue {
  if (value === null || isExprValue(value)) return value;
  if ((type.kind === "list" || type.kind === "set") && Array.isArray(value)) return value.map((item) => stripOptionalDefaults(type.element, item));
  if (type.kind === "tuple" && Array.isArray(value)) return value.map((item, i) => (type.elements[i] ? stripOptionalDefaults(type.elements[i], item) : item));
  if (type.kind === "map" && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripOptionalDefaults(type.element, v)]));
  }
  if (type.kind === "object" && isPlainObject(value)) {
    const out: { [key: string]: InputValue } = {};
    for (const [key, item] of Object.entries(value)) {
      const attribute = type.attributes.find((a) => a.name === key);
      if (attribute?.optional && !containsExpr(item)) {
        const filled = applyTypeDefaults(attribute.type, item);
        const fallback = applyTypeDefaults(attribute.type, attribute.default as InputValue);
        if (isDeepEqual(filled, fallback)) continue;
      }
      out[key] = attribute ? stripOptionalDefaults(attribute.type, item) : item;
    }
    return out;
  }
  return value;
}
