import type { FormField, FormModel, SensitiveReferenceChoice } from "@/lib/scaffold/core/build-form-model";
import type { ExprValue } from "@/lib/hcl/input-value";
import { isExprValue } from "@/lib/hcl/input-value";

/*
 * The editing state of the generated form and its conversion to the typed JSON values the
 * scaffold use cases accept. Pure (no React) so the browser and the unit tests share it.
 *
 * Error paths follow lib/scaffold/core/validate-inputs: `name.attr` for object attributes,
 * `name[0]` for list items and `name["key"]` for map entries, so the server's fieldErrors land
 * on the same fields as the browser's.
 *
 * The checks that need a parser (a reference expression, a sensitive input's reference, a
 * variable's validation condition) come in as `FormChecks`: the browser loads them with
 * `import()` when the form is first used (load-form-checks.ts), so the HCL expression parser and
 * the condition evaluator are not part of the page's first load (issue 13).
 */

/** The parser-based checks reading a draft needs (form-checks.ts is the implementation). */
export interface FormChecks {
  /** A reference expression the portal may write (lib/hcl/check-hcl-expression), normalised. */
  checkExpression(text: string): { ok: true; text: string } | { ok: false; message: string };
  /** The value of a sensitive input's reference choice (build-form-model's buildSensitiveReference). */
  buildSensitiveReference(choice: SensitiveReferenceChoice): { ok: true; value: ExprValue } | { ok: false; message: string };
  /** A validation condition against the values; throws when it cannot be decided in the browser. */
  evaluateCondition(condition: string, vars: Record<string, unknown>): boolean;
}

export type SensitiveChoiceKind = "none" | SensitiveReferenceChoice["kind"];

export type FieldDraft =
  /** text, number and raw (HCL/JSON) fields: what is typed. */
  | { kind: "text"; text: string }
  | { kind: "checkbox"; touched: boolean; checked: boolean }
  | { kind: "rows"; touched: boolean; rows: RowDraft[] }
  | { kind: "fieldset"; fields: DraftMap }
  | { kind: "group"; touched: boolean; items: GroupItemDraft[] }
  | { kind: "sensitive"; choice: SensitiveChoiceKind; envName: string; unit: string; output: string; expression: string }
  /**
   * A field the builder switched to "reference" (or prefilled with one, e.g. a promoted unit's
   * `dependency.vpc.outputs.vpc_id`): the value is an expression, and its path is submitted in
   * `references`, without which the server refuses an expression in an ordinary field.
   */
  | { kind: "expr"; text: string; initial?: string };

export interface RowDraft {
  id: string;
  key: string;
  value: string | boolean;
}

export interface GroupItemDraft {
  id: string;
  key: string;
  fields: DraftMap;
}

export type DraftMap = Record<string, FieldDraft>;

export interface DraftError {
  path: string;
  message: string;
}

let lastId = 0;
/** Stable React keys for rows and group items (never rendered into the DOM). */
export function nextDraftId(): string {
  lastId += 1;
  return `d${lastId}`;
}

/** The editing state for a whole form, optionally prefilled from existing input values. */
export function createDraft(form: FormModel, initial: Record<string, unknown> = {}): DraftMap {
  return Object.fromEntries(form.fields.map((field) => [field.name, createFieldDraft(field, initial[field.name])]));
}

/** The editing state for one field; `initial` undefined means "left at the default". */
export function createFieldDraft(field: FormField, initial?: unknown): FieldDraft {
  if (isExprValue(initial) && field.kind !== "sensitive") return { kind: "expr", text: initial.__expr, initial: initial.__expr };
  switch (field.kind) {
    case "text":
      return { kind: "text", text: typeof initial === "string" ? initial : "" };
    case "number":
      return { kind: "text", text: typeof initial === "number" ? String(initial) : "" };
    case "raw":
      return { kind: "text", text: initial === undefined ? "" : JSON.stringify(initial, null, 2) };
    case "checkbox":
      return typeof initial === "boolean"
        ? { kind: "checkbox", touched: true, checked: initial }
        : { kind: "checkbox", touched: false, checked: field.defaultValue === true };
    case "rows":
      return { kind: "rows", touched: initial !== undefined && initial !== null, rows: createRows(field, initial) };
    case "fieldset": {
      const object = isPlainRecord(initial) ? initial : {};
      return { kind: "fieldset", fields: Object.fromEntries(field.fields.map((f) => [f.name, createFieldDraft(f, object[f.name])])) };
    }
    case "group":
      return { kind: "group", touched: initial !== undefined && initial !== null, items: createItems(field, initial) };
    case "sensitive":
      return createSensitiveDraft(initial);
  }
}

/** A new, empty item for a repeatable group. */
export function createGroupItem(field: Extract<FormField, { kind: "group" }>, key = ""): GroupItemDraft {
  return { id: nextDraftId(), key, fields: Object.fromEntries(field.itemFields.map((f) => [f.name, createFieldDraft(f)])) };
}

/** A new, empty row for a list/set/map of primitives. */
export function createRow(field: Extract<FormField, { kind: "rows" }>): RowDraft {
  return { id: nextDraftId(), key: "", value: field.element === "bool" ? false : "" };
}

function createRows(field: Extract<FormField, { kind: "rows" }>, initial: unknown): RowDraft[] {
  const toText = (v: unknown): string | boolean => (field.element === "bool" ? v === true : v === null || v === undefined ? "" : String(v));
  if (Array.isArray(initial)) return initial.map((v) => ({ id: nextDraftId(), key: "", value: toText(v) }));
  if (isPlainRecord(initial)) return Object.entries(initial).map(([k, v]) => ({ id: nextDraftId(), key: k, value: toText(v) }));
  return [];
}

function createItems(field: Extract<FormField, { kind: "group" }>, initial: unknown): GroupItemDraft[] {
  const build = (key: string, value: unknown): GroupItemDraft => {
    const object = isPlainRecord(value) ? value : {};
    return { id: nextDraftId(), key, fields: Object.fromEntries(field.itemFields.map((f) => [f.name, createFieldDraft(f, object[f.name])])) };
  };
  if (Array.isArray(initial)) return initial.map((v) => build("", v));
  if (isPlainRecord(initial)) return Object.entries(initial).map(([k, v]) => build(k, v));
  return [];
}

const ENV_REF = /^get_env\("([A-Za-z_][A-Za-z0-9_]*)"\)$/;
const DEPENDENCY_REF = /^dependency\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)$/;

function createSensitiveDraft(initial: unknown): FieldDraft {
  const empty = { kind: "sensitive" as const, choice: "none" as SensitiveChoiceKind, envName: "", unit: "", output: "", expression: "" };
  if (!isExprValue(initial)) return empty;
  const text = initial.__expr.trim();
  const env = ENV_REF.exec(text);
  if (env) return { ...empty, choice: "env", envName: env[1] ?? "" };
  const dependency = DEPENDENCY_REF.exec(text);
  if (dependency) return { ...empty, choice: "dependency", unit: dependency[1] ?? "", output: dependency[2] ?? "" };
  return { ...empty, choice: "expression", expression: text };
}

/** `parent.attr`, or `parent["attr"]` when the name is not an identifier (as validate-inputs). */
export function attributePath(parent: string, name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `${parent}.${name}` : `${parent}[${JSON.stringify(name)}]`;
}

/** Path of a list item (`name[0]`) or map entry (`name["key"]`). */
export function itemPath(parent: string, collection: "list" | "set" | "map", index: number, key: string): string {
  return collection === "map" ? `${parent}[${JSON.stringify(key)}]` : `${parent}[${index}]`;
}

export interface ReadDraftResult {
  /** Values to submit: inputs left at their default are absent. */
  values: Record<string, unknown>;
  /** Paths of the fields switched to "reference" that hold one (submitted as `references`). */
  references: string[];
  /** Problems found while reading what was typed (required, numbers, keys, references). */
  errors: DraftError[];
}

interface ReadContext {
  errors: DraftError[];
  references: string[];
  checks: FormChecks;
}

/** Turns the editing state into the typed JSON values the scaffold use cases accept. */
export function readDraft(form: FormModel, drafts: DraftMap, checks: FormChecks): ReadDraftResult {
  const values: Record<string, unknown> = {};
  const errors: DraftError[] = [];
  const references: string[] = [];
  for (const field of form.fields) {
    const draft = drafts[field.name] ?? createFieldDraft(field);
    const value = readField(field, draft, field.name, { errors, references, checks });
    if (value !== undefined) values[field.name] = value;
    else if (field.required && !errors.some((e) => e.path === field.name || e.path.startsWith(`${field.name}.`) || e.path.startsWith(`${field.name}[`))) {
      errors.push({ path: field.name, message: "Required" });
    }
  }
  return { values, references, errors };
}

function readField(field: FormField, draft: FieldDraft, path: string, context: ReadContext): unknown {
  const { errors } = context;
  if (draft.kind === "expr") {
    if (draft.text.trim() === "") return undefined;
    context.references.push(path);
    // A prefilled expression left as it was goes back as it came: a promotion with unchanged
    // inputs copies the unit's file, whatever the expressions in it.
    if (draft.initial !== undefined && draft.text === draft.initial) return { __expr: draft.initial };
    // The server has the last word (it knows the file's style and the units next to it); this
    // tells the builder at once when the expression is not one the portal writes at all.
    const checked = context.checks.checkExpression(draft.text);
    if (!checked.ok) {
      errors.push({ path, message: checked.message });
      return undefined;
    }
    return { __expr: checked.text };
  }
  switch (field.kind) {
    case "text":
      return draft.kind === "text" && draft.text !== "" ? draft.text : undefined;
    case "number": {
      if (draft.kind !== "text" || draft.text.trim() === "") return undefined;
      const n = Number(draft.text.trim());
      if (!Number.isFinite(n)) {
        errors.push({ path, message: "Enter a number" });
        return undefined;
      }
      return n;
    }
    case "raw":
      return draft.kind === "text" && draft.text.trim() !== "" ? { __hcl: draft.text } : undefined;
    case "checkbox":
      if (draft.kind !== "checkbox") return undefined;
      return draft.touched || field.required ? draft.checked : undefined;
    case "rows":
      return draft.kind === "rows" ? readRows(field, draft, path, errors) : undefined;
    case "fieldset":
      return draft.kind === "fieldset" ? readObject(field.fields, draft.fields, { path, required: field.required, context }) : undefined;
    case "group":
      return draft.kind === "group" ? readGroup(field, draft, path, context) : undefined;
    case "sensitive": {
      if (draft.kind !== "sensitive" || draft.choice === "none") return undefined;
      const result = context.checks.buildSensitiveReference(toChoice(draft));
      if (!result.ok) {
        errors.push({ path, message: result.message });
        return undefined;
      }
      return result.value;
    }
  }
}

function toChoice(draft: Extract<FieldDraft, { kind: "sensitive" }>): SensitiveReferenceChoice {
  switch (draft.choice) {
    case "dependency":
      return { kind: "dependency", unit: draft.unit.trim(), output: draft.output.trim() };
    case "expression":
      return { kind: "expression", expression: draft.expression };
    default:
      return { kind: "env", name: draft.envName.trim() };
  }
}

function readRows(field: Extract<FormField, { kind: "rows" }>, draft: Extract<FieldDraft, { kind: "rows" }>, path: string, errors: DraftError[]): unknown {
  if (!draft.touched) return undefined;
  const read = (row: RowDraft, rowPath: string): unknown => {
    if (field.element === "bool") return row.value === true;
    const text = typeof row.value === "string" ? row.value : "";
    if (field.element === "string") return text;
    const n = Number(text.trim());
    if (text.trim() === "" || !Number.isFinite(n)) {
      errors.push({ path: rowPath, message: "Enter a number" });
      return undefined;
    }
    return n;
  };
  if (field.collection !== "map") return draft.rows.map((row, i) => read(row, `${path}[${i}]`));
  const out: Record<string, unknown> = {};
  draft.rows.forEach((row, i) => {
    const key = row.key.trim();
    const rowPath = keyedRowPath(path, i, key);
    if (key === "") errors.push({ path: rowPath, message: "Enter a key" });
    else if (Object.hasOwn(out, key)) errors.push({ path: rowPath, message: `Duplicate key "${key}"` });
    else defineKey(out, key, read(row, rowPath));
  });
  return out;
}

/** Map rows with an empty or duplicate key have no JSON path of their own: fall back to the index. */
function keyedRowPath(parent: string, index: number, key: string): string {
  return key === "" ? `${parent}[${index}]` : `${parent}[${JSON.stringify(key)}]`;
}

function readGroup(field: Extract<FormField, { kind: "group" }>, draft: Extract<FieldDraft, { kind: "group" }>, path: string, context: ReadContext): unknown {
  const { errors } = context;
  if (!draft.touched) return undefined;
  if (field.collection !== "map") {
    return draft.items.map((item, i) => readObject(field.itemFields, item.fields, { path: `${path}[${i}]`, required: true, context }) ?? {});
  }
  const out: Record<string, unknown> = {};
  draft.items.forEach((item, i) => {
    const key = item.key.trim();
    const itemPathText = keyedRowPath(path, i, key);
    if (key === "") errors.push({ path: `${path}[${i}]`, message: "Enter a key" });
    else if (Object.hasOwn(out, key)) errors.push({ path: itemPathText, message: `Duplicate key "${key}"` });
    const value = readObject(field.itemFields, item.fields, { path: itemPathText, required: true, context }) ?? {};
    if (key !== "" && !Object.hasOwn(out, key)) defineKey(out, key, value);
  });
  return out;
}

interface ReadObjectOptions {
  path: string;
  required: boolean;
  context: ReadContext;
}

/** An object is left out when nothing inside it was set and it is optional. */
function readObject(fields: FormField[], drafts: DraftMap, { path, required, context }: ReadObjectOptions): Record<string, unknown> | undefined {
  const { errors } = context;
  const own: DraftError[] = [];
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const childPath = attributePath(path, field.name);
    const value = readField(field, drafts[field.name] ?? createFieldDraft(field), childPath, { errors: own, references: context.references, checks: context.checks });
    if (value !== undefined) defineKey(out, field.name, value);
  }
  if (Object.keys(out).length === 0 && !required && own.length === 0) return undefined;
  for (const field of fields) {
    const childPath = attributePath(path, field.name);
    if (field.required && out[field.name] === undefined && !own.some((e) => e.path === childPath || e.path.startsWith(childPath))) {
      own.push({ path: childPath, message: "Required" });
    }
  }
  errors.push(...own);
  return out;
}

/** Keys such as `__proto__` must become own properties, not prototype changes. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function containsRaw(value: unknown): boolean {
  if (isExprValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsRaw);
  if (isPlainRecord(value)) return Object.hasOwn(value, "__hcl") || Object.values(value).some(containsRaw);
  return false;
}

/**
 * Evaluates the validation rules the portal can check, in the browser, against the given
 * values plus defaults (as Terraform sees them). Rules that touch raw HCL or expressions, or
 * that the evaluator cannot handle, are left to the server.
 */
export function checkRules(form: FormModel, values: Record<string, unknown>, checks: FormChecks): DraftError[] {
  const vars: Record<string, unknown> = {};
  for (const field of form.fields) {
    const value = values[field.name] !== undefined ? values[field.name] : field.hasDefault ? field.defaultValue : undefined;
    if (value !== undefined) vars[field.name] = applyDefaults(field, value);
  }
  if (Object.values(vars).some(containsRaw)) return [];
  const errors: DraftError[] = [];
  for (const field of form.fields) {
    if (values[field.name] === undefined) continue;
    for (const rule of field.rules) {
      if (!rule.checkable) continue;
      try {
        if (!checks.evaluateCondition(rule.condition, vars)) errors.push({ path: field.name, message: rule.errorMessage || `Fails: ${rule.condition}` });
      } catch {
        // Not decidable here; the server check (always run on preview) has the last word.
      }
    }
  }
  return errors;
}

/** Fills optional object attributes with their defaults (or null), as Terraform does. */
function applyDefaults(field: FormField, value: unknown): unknown {
  if (field.kind === "fieldset" && isPlainRecord(value)) return fillObject(field.fields, value);
  if (field.kind === "group") {
    if (Array.isArray(value)) return value.map((item) => (isPlainRecord(item) ? fillObject(field.itemFields, item) : item));
    if (isPlainRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) defineKey(out, k, isPlainRecord(v) ? fillObject(field.itemFields, v) : v);
      return out;
    }
  }
  return value;
}

function fillObject(fields: FormField[], value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const field of fields) {
    const item = value[field.name];
    if (item === undefined || item === null) defineKey(out, field.name, field.hasDefault ? applyDefaults(field, field.defaultValue) : null);
    else defineKey(out, field.name, applyDefaults(field, item));
  }
  return out;
}

/** Reads the draft and runs the browser-side checks: what "Preview" does before calling the server. */
export function validateDraft(form: FormModel, drafts: DraftMap, checks: FormChecks): ReadDraftResult {
  const { values, references, errors } = readDraft(form, drafts, checks);
  const failed = new Set(errors.map((e) => e.path.split(/[.[]/)[0]));
  const ruleErrors = checkRules(form, values, checks).filter((e) => !failed.has(e.path));
  return { values, references, errors: [...errors, ...ruleErrors] };
}

/** Every rendered field's path with a readable label, for the error summary and anchoring. */
export function listFieldPaths(form: FormModel, drafts: DraftMap): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (fields: FormField[], map: DraftMap, parent: string | null, parentLabel: string | null) => {
    for (const field of fields) {
      const path = parent === null ? field.name : attributePath(parent, field.name);
      const label = parentLabel === null ? field.label : `${parentLabel} › ${field.label}`;
      out.set(path, label);
      const draft = map[field.name];
      if (field.kind === "fieldset" && draft?.kind === "fieldset") visit(field.fields, draft.fields, path, label);
      if (field.kind === "rows" && draft?.kind === "rows") {
        draft.rows.forEach((row, i) => out.set(field.collection === "map" ? keyedRowPath(path, i, row.key.trim()) : `${path}[${i}]`, `${label} › ${field.collection === "map" ? row.key || `row ${i + 1}` : `item ${i + 1}`}`));
      }
      if (field.kind === "group" && draft?.kind === "group") {
        draft.items.forEach((item, i) => {
          const p = field.collection === "map" ? keyedRowPath(path, i, item.key.trim()) : `${path}[${i}]`;
          const l = `${label} › ${field.collection === "map" ? item.key || `entry ${i + 1}` : `item ${i + 1}`}`;
          out.set(p, l);
          visit(field.itemFields, item.fields, p, l);
        });
      }
    }
  };
  visit(form.fields, drafts, null, null);
  return out;
}

/** Strips the last segment of a path: `a.b[0]["k"]` → `a.b[0]`; null at the top. */
export function parentPath(path: string): string | null {
  const match = /^(.*?)(\.[A-Za-z_][A-Za-z0-9_-]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/.exec(path);
  return match && match[1] !== "" ? match[1]! : null;
}

/**
 * Groups errors by the field they are shown next to: the error's own path when such a field is
 * rendered, else its nearest rendered ancestor (a set's duplicate item shows on the set).
 */
export function anchorErrors(errors: DraftError[], known: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const error of errors) {
    let anchor: string | null = error.path;
    while (anchor !== null && !known.has(anchor)) anchor = parentPath(anchor);
    const target = anchor ?? error.path;
    const suffix = anchor !== null && anchor !== error.path ? `${error.path.slice(anchor.length)}: ` : "";
    out.set(target, [...(out.get(target) ?? []), `${suffix}${error.message}`]);
  }
  return out;
}

/** A DOM id for a field path (`subnets["a"].cidr` has characters ids and selectors dislike). */
export function fieldDomId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
}

/** "Subnets" → "subnet", "Policies" → "policy": the label of one item of a repeatable group. */
export function singularLabel(label: string): string {
  const lower = label.toLowerCase();
  if (lower.endsWith("ies")) return `${lower.slice(0, -3)}y`;
  if (lower.endsWith("s") && !lower.endsWith("ss")) return lower.slice(0, -1);
  return lower;
}

/** Orders anchored errors as their fields appear in the form (unknown paths last). */
export function sortByForm<T>(entries: Array<[string, T]>, known: Map<string, string>): Array<[string, T]> {
  const order = new Map([...known.keys()].map((path, i) => [path, i]));
  return [...entries].sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
}

/** The top-level input an error path belongs to: `subnets["a"].cidr` → `subnets`. */
function topField(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}

/**
 * The errors to show after an edit, once a Preview has shown errors: each input that changed is
 * checked again on its own (its old errors, the browser's or the server's, give way to what the
 * browser finds now), and the errors of inputs that did not change stay as they were until the
 * next Preview. So a fixed value loses its error at once, and a newly broken one gets one.
 */
export function revalidateChangedFields(form: FormModel, before: DraftMap, after: DraftMap, shown: DraftError[], checks: FormChecks): DraftError[] {
  const changed = new Set(form.fields.filter((f) => JSON.stringify(before[f.name]) !== JSON.stringify(after[f.name])).map((f) => f.name));
  if (changed.size === 0) return shown;
  const fresh = validateDraft(form, after, checks).errors.filter((e) => changed.has(topField(e.path)));
  return [...shown.filter((e) => !changed.has(topField(e.path))), ...fresh];
}
