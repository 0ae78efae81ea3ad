import { containsExpr, convertHclJsonValue, formatTfType, type InputValue, isDeepEqual, isExprValue, parseHclFile, parseTypeExpression, type TfType } from "@/lib/hcl";
import { ConditionUncheckableError, evaluateCondition } from "./evaluate-condition";
import type { ScaffoldVariable } from "./scaffold-variable";

/*
 * Values arrive as typed JSON from the form (numbers as numbers, bools as bools; a "5" for a
 * number input is an error, not a conversion). Two markers may appear anywhere:
 *   { "__expr": "dependency.vpc.outputs.vpc_id" }  a raw HCL expression (references, sensitive inputs)
 *   { "__hcl": "[1, 2]" }                          text of a raw field, HCL or JSON, parsed here
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

export type ValidateInputsResult =
  | { ok: true; inputs: Record<string, InputValue>; notes: ConditionNote[] }
  | { ok: false; errors: InputFieldError[]; notes: ConditionNote[] };

export interface ValidateInputsOptions {
  /** Parses an HCL file to hcl2json's JSON; defaults to `@cdktn/hcl2json`. */
  parseHcl?: (text: string) => Promise<Record<string, unknown>>;
}

/** The text of a raw (HCL or JSON) form field. */
export interface RawTextValue {
  __hcl: string;
}

function isRawText(value: unknown): value is RawTextValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as RawTextValue).__hcl === "string";
}

/**
 * Checks form values against the module's variables: strict types, required inputs and object
 * attributes, nullability, raw HCL/JSON fields, syntax of raw expressions, sensitive inputs
 * (references only) and the validation conditions the portal can evaluate. Returns the inputs
 * to write, with every input equal to its default left out, and notes for the conditions it
 * could not evaluate.
 */
export async function validateInputs(
  variables: ScaffoldVariable[],
  values: Record<string, unknown>,
  options: ValidateInputsOptions = {},
): Promise<ValidateInputsResult> {
  const parseHcl = options.parseHcl ?? parseHclFile;
  const errors: InputFieldError[] = [];
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
    const value = await resolveRawFields(raw, variable.name, parseHcl, errors);
    if (value === undefined) continue;
    const exprErrors = await checkExpressions(value, variable.name, parseHcl);
    errors.push(...exprErrors);
    if (exprErrors.length > 0) continue;
    if (variable.sensitive && value !== null && !isExprValue(value)) {
      errors.push({
        path: variable.name,
        message: "Sensitive input: choose a reference (get_env, a dependency output or an expression) instead of a plain value",
      });
      continue;
    }
    if (variable.sensitive && isExprValue(value) && (await isLiteralExpression(value.__expr, parseHcl))) {
      errors.push({ path: variable.name, message: "Sensitive input: this expression is a plain value; reference the secret instead" });
      continue;
    }
    if (value === null && !variable.nullable) {
      errors.push({ path: variable.name, message: "Must not be null" });
      continue;
    }
    const type = parseTypeExpression(variable.type);
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
        if (!evaluateCondition(rule.condition, env)) errors.push({ path: variable.name, message: rule.errorMessage || `Fails: ${rule.condition}` });
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
  return { ok: true, inputs, notes };
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

async function checkExpressions(
  value: InputValue,
  path: string,
  parseHcl: (text: string) => Promise<Record<string, unknown>>,
): Promise<InputFieldError[]> {
  if (isExprValue(value)) {
    const problem = checkExpressionText(value.__expr);
    if (problem) return [{ path, message: problem }];
    if (value.__expr.trim() === "") return [{ path, message: "Enter an expression" }];
    try {
      const parsed = await parseHcl(`value = ${value.__expr}\n`);
      if (Object.keys(parsed).length !== 1 || !Object.hasOwn(parsed, "value")) return [{ path, message: "Enter a single expression" }];
      return [];
    } catch (error) {
      return [{ path, message: `Not a valid HCL expression: ${error instanceof Error ? error.message : String(error)}` }];
    }
  }
  const out: InputFieldError[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) out.push(...(await checkExpressions(value[i]!, `${path}[${i}]`, parseHcl)));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) out.push(...(await checkExpressions(item, childPath(path, key, true), parseHcl)));
  }
  return out;
}

/** True when the expression is a literal (no references or calls), i.e. plain text in the file. */
async function isLiteralExpression(expr: string, parseHcl: (text: string) => Promise<Record<string, unknown>>): Promise<boolean> {
  const parsed = await parseHcl(`value = ${expr}\n`);
  return !containsExpr(convertHclJsonValue(parsed.value));
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

/** Strict structural type check; raw expressions are accepted anywhere (known only at plan). */
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
