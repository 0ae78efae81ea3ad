"use client";

import type { FormField, FormModel } from "@/lib/scaffold/core/build-form-model";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import {
  attributePath,
  createFieldDraft,
  createGroupItem,
  createRow,
  fieldDomId,
  singularLabel,
  type DraftMap,
  type FieldDraft,
  type GroupItemDraft,
  type SensitiveChoiceKind,
} from "./form-draft";

/** Field errors keyed by the path of the field they are shown next to (see anchorErrors). */
export type FieldErrorMap = Map<string, string[]>;

export interface InputFormProps {
  form: FormModel;
  drafts: DraftMap;
  onChange: (drafts: DraftMap) => void;
  errors: FieldErrorMap;
}

/**
 * The form generated from a module's variables: one control per input, required first (the
 * model's order), nested fieldsets for objects, repeatable groups for list/map(object), rows
 * for collections of primitives, HCL/JSON text for types the form cannot lay out, and
 * references only for sensitive inputs.
 */
export function InputForm({ form, drafts, onChange, errors }: InputFormProps) {
  if (form.fields.length === 0) {
    return <p className="text-sm text-fg-muted">This module has no inputs.</p>;
  }
  return (
    <div className="space-y-5">
      {form.fields.map((field) => (
        <FieldControl
          key={field.name}
          field={field}
          path={field.name}
          draft={drafts[field.name] ?? createFieldDraft(field)}
          onChange={(draft) => onChange({ ...drafts, [field.name]: draft })}
          errors={errors}
        />
      ))}
    </div>
  );
}

interface FieldControlProps {
  field: FormField;
  path: string;
  /** Title of the enclosing repeatable item ("Subnets private-a"), so nested names stay unique. */
  context?: string;
  draft: FieldDraft;
  onChange: (draft: FieldDraft) => void;
  errors: FieldErrorMap;
}

function FieldControl(props: FieldControlProps) {
  const { field, draft } = props;
  if (draft.kind === "expr") return <ExpressionField {...props} draft={draft} />;
  if (field.kind === "sensitive") return <SensitiveField {...props} field={field} />;
  return (
    <div>
      <PlainFieldControl {...props} />
      {/* The explicit switch is what lets this field hold an expression at all (see `references`). */}
      <button
        type="button"
        className="mt-1 text-xs text-fg-muted underline decoration-dotted underline-offset-2 hover:text-accent"
        aria-label={`Use a reference for ${field.label}${props.context ? ` (${props.context})` : ""}`}
        onClick={() => props.onChange({ kind: "expr", text: "" })}
      >
        Use a reference instead
      </button>
    </div>
  );
}

function PlainFieldControl(props: FieldControlProps) {
  const { field } = props;
  switch (field.kind) {
    case "text":
    case "number":
      return <TextField {...props} />;
    case "raw":
      return <RawField {...props} />;
    case "checkbox":
      return <CheckboxField {...props} />;
    case "rows":
      return <RowsField {...props} field={field} />;
    case "fieldset":
      return <ObjectField {...props} field={field} />;
    case "group":
      return <GroupField {...props} field={field} />;
    case "sensitive":
      return <SensitiveField {...props} field={field} />;
  }
}

/** ids for the description and error texts a control points at with aria-describedby. */
function describedBy(path: string, field: FormField, messages: string[] | undefined): string | undefined {
  const id = fieldDomId(path);
  const ids = [field.description || field.rules.some((r) => !r.checkable) ? `${id}-help` : null, messages?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** aria-invalid and aria-describedby for a field's main control. */
function controlAria(path: string, field: FormField, messages: string[] | undefined) {
  return { "aria-invalid": messages?.length ? true : undefined, "aria-describedby": describedBy(path, field, messages) };
}

function FieldLabel({ field, htmlFor, as = "label", context }: { field: FormField; htmlFor?: string; as?: "label" | "legend"; context?: string }) {
  const content = (
    <>
      <span className="font-medium">{field.label}</span>{" "}
      <code className="text-xs text-fg-subtle">{field.name}</code>{" "}
      {field.required ? (
        <Badge tone="brand">required</Badge>
      ) : (
        <span className="text-xs text-fg-subtle">(optional)</span>
      )}{" "}
      {/* Wraps at the spaces the canonical type text has ("object({ a = string, b = optional(number) })"), never inside a word. */}
      <span className="font-mono text-xs break-words text-fg-subtle">{field.typeText}</span>
      {context ? <span className="sr-only"> (in {context})</span> : null}
    </>
  );
  if (as === "legend") return <legend className="px-1 text-sm">{content}</legend>;
  return (
    <label htmlFor={htmlFor} className="block text-sm">
      {content}
    </label>
  );
}

function FieldHelp({ field, path }: { field: FormField; path: string }) {
  const uncheckable = field.rules.filter((r) => !r.checkable);
  if (!field.description && uncheckable.length === 0) return null;
  return (
    <div id={`${fieldDomId(path)}-help`} className="mt-1 space-y-1 text-xs text-fg-muted">
      {field.description ? <p className="whitespace-pre-line">{field.description}</p> : null}
      {uncheckable.map((rule) => (
        <p key={rule.condition}>
          Checked at plan time, not by the portal: {rule.errorMessage || "a validation rule"} <code className="break-all">{rule.condition}</code>
        </p>
      ))}
    </div>
  );
}

function FieldErrors({ path, messages }: { path: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <ul id={`${fieldDomId(path)}-error`} className="mt-1 space-y-0.5 text-sm text-danger">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

function DefaultHint({ field }: { field: FormField }) {
  if (!field.hasDefault) return null;
  return (
    <p className="mt-1 text-xs text-fg-subtle">
      {field.placeholder === null ? (
        <>No default: left empty, the module gets <code>null</code> and decides.</>
      ) : (
        <>
          Default: <code className="break-words">{field.placeholder}</code>
        </>
      )}
    </p>
  );
}

/** Label and help above, errors below: the frame of a single-control field. */
function LabelledField({ field, path, context, messages, children }: { field: FormField; path: string; context?: string; messages: string[] | undefined; children: React.ReactNode }) {
  return (
    <div>
      <FieldLabel field={field} htmlFor={fieldDomId(path)} context={context} />
      <FieldHelp field={field} path={path} />
      {children}
      <FieldErrors path={path} messages={messages} />
    </div>
  );
}

function TextField({ field, path, draft, onChange, errors, context }: FieldControlProps) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  const text = draft.kind === "text" ? draft.text : "";
  return (
    <LabelledField field={field} path={path} context={context} messages={messages}>
      <Input
        id={id}
        type="text"
        inputMode={field.kind === "number" ? "decimal" : undefined}
        className="mt-1"
        value={text}
        placeholder={field.placeholder ?? undefined}
        {...controlAria(path, field, messages)}
        onChange={(e) => onChange({ kind: "text", text: e.target.value })}
      />
    </LabelledField>
  );
}

function RawField({ field, path, draft, onChange, errors, context }: FieldControlProps) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  return (
    <LabelledField field={field} path={path} context={context} messages={messages}>
      {field.kind === "raw" ? <p className="mt-1 text-xs text-fg-subtle">{field.reason}. It is checked when you preview.</p> : null}
      <Textarea
        id={id}
        rows={4}
        spellCheck={false}
        className="mt-1 font-mono"
        value={draft.kind === "text" ? draft.text : ""}
        placeholder={field.placeholder ?? undefined}
        {...controlAria(path, field, messages)}
        onChange={(e) => onChange({ kind: "text", text: e.target.value })}
      />
    </LabelledField>
  );
}

function CheckboxField({ field, path, draft, onChange, errors, context }: FieldControlProps) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  const checked = draft.kind === "checkbox" && draft.checked;
  return (
    <div>
      <div className="flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          className="mt-1 size-4 rounded border-control accent-accent-solid"
          checked={checked}
          {...controlAria(path, field, messages)}
          onChange={(e) => onChange({ kind: "checkbox", touched: true, checked: e.target.checked })}
        />
        <div>
          <FieldLabel field={field} htmlFor={id} context={context} />
          <DefaultHint field={field} />
        </div>
      </div>
      <FieldHelp field={field} path={path} />
      <FieldErrors path={path} messages={messages} />
    </div>
  );
}

function ExpressionField({ field, path, draft, onChange, errors, context }: FieldControlProps & { draft: Extract<FieldDraft, { kind: "expr" }> }) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  return (
    <div>
      <FieldLabel field={field} htmlFor={id} context={context} />
      <p id={`${id}-reference-help`} className="mt-1 text-xs text-fg-subtle">
        A reference, read when Terragrunt runs: another unit&apos;s output (<code>dependency.vpc.outputs.vpc_id</code>) or a Terraform variable from the environment (
        <code>get_env(&quot;TF_VAR_name&quot;)</code>; this value shows in plan output, so secrets go in sensitive inputs), optionally in <code>tostring</code>, <code>tonumber</code> or <code>tobool</code>. Nothing else is
        written: other functions, templates and operators are refused.
      </p>
      <div className="mt-1 flex flex-wrap gap-2">
        <Input
          id={id}
          className="min-w-0 flex-1 font-mono" width="auto"
          value={draft.text}
          placeholder="dependency.vpc.outputs.vpc_id"
          spellCheck={false}
          {...controlAria(path, field, messages)}
          onChange={(e) => onChange({ ...draft, text: e.target.value })}
        />
        <Button type="button" variant="secondary" onClick={() => onChange(createFieldDraft(field))}>
          Use a plain value
        </Button>
      </div>
      <FieldErrors path={path} messages={messages} />
    </div>
  );
}

function RowsField({ field, path, draft, onChange, errors, context }: FieldControlProps & { field: Extract<FormField, { kind: "rows" }> }) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  const rows = draft.kind === "rows" ? draft.rows : [];
  const touched = draft.kind === "rows" && draft.touched;
  const isMap = field.collection === "map";
  const update = (next: typeof rows) => onChange({ kind: "rows", touched: true, rows: next });
  const noun = isMap ? "entry" : "item";
  const named = (text: string) => (context ? `${text} (${context})` : text);
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={describedBy(path, field, messages)} className="rounded-md border border-line p-3">
      <FieldLabel field={field} as="legend" context={context} />
      <FieldHelp field={field} path={path} />
      {!touched && field.hasDefault ? <DefaultHint field={field} /> : null}
      {rows.length > 0 ? (
        <ul className="mt-2 space-y-2">
          {rows.map((row, i) => {
            const rowPath = isMap ? (row.key.trim() === "" ? `${path}[${i}]` : `${path}[${JSON.stringify(row.key.trim())}]`) : `${path}[${i}]`;
            const rowMessages = errors.get(rowPath);
            const rowId = fieldDomId(rowPath);
            const setRow = (patch: Partial<typeof row>) => update(rows.map((r) => (r.id === row.id ? { ...r, ...patch } : r)));
            return (
              <li key={row.id}>
                <div className="flex flex-wrap items-center gap-2">
                  {isMap ? (
                    <Input
                      id={`${rowId}-key`}
                      aria-label={named(`${field.label} key ${i + 1}`)}
                      placeholder="key"
                      className="w-40 font-mono" width="auto"
                      value={row.key}
                      aria-invalid={rowMessages?.length ? true : undefined}
                      onChange={(e) => setRow({ key: e.target.value })}
                    />
                  ) : null}
                  {field.element === "bool" ? (
                    <input
                      id={rowId}
                      type="checkbox"
                      aria-label={named(`${field.label} ${isMap ? "value" : "item"} ${i + 1}`)}
                      className="size-4 accent-accent-solid"
                      checked={row.value === true}
                      onChange={(e) => setRow({ value: e.target.checked })}
                    />
                  ) : (
                    <Input
                      id={rowId}
                      aria-label={named(`${field.label} ${isMap ? "value" : "item"} ${i + 1}`)}
                      inputMode={field.element === "number" ? "decimal" : undefined}
                      className="min-w-0 flex-1" width="auto"
                      value={typeof row.value === "string" ? row.value : ""}
                      aria-invalid={rowMessages?.length ? true : undefined}
                      aria-describedby={rowMessages?.length ? `${rowId}-error` : undefined}
                      onChange={(e) => setRow({ value: e.target.value })}
                    />
                  )}
                  <Button type="button" variant="ghost" aria-label={named(`Remove ${field.label} ${noun} ${i + 1}`)} onClick={() => update(rows.filter((r) => r.id !== row.id))}>
                    Remove
                  </Button>
                </div>
                <FieldErrors path={rowPath} messages={rowMessages} />
              </li>
            );
          })}
        </ul>
      ) : touched ? (
        <p className="mt-2 text-xs text-fg-subtle">Empty: {isMap ? "no entries" : "no items"} will be set.</p>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-2">
        <Button type="button" variant="secondary" aria-label={context ? named(`Add ${field.label.toLowerCase()} ${noun}`) : undefined} onClick={() => update([...rows, createRow(field)])}>
          Add {field.label.toLowerCase()} {noun}
        </Button>
        {touched && field.hasDefault ? (
          <Button type="button" variant="ghost" onClick={() => onChange({ kind: "rows", touched: false, rows: [] })}>
            Reset {field.label.toLowerCase()} to default
          </Button>
        ) : null}
      </div>
      <FieldErrors path={path} messages={messages} />
    </fieldset>
  );
}

function ObjectField({ field, path, draft, onChange, errors, context }: FieldControlProps & { field: Extract<FormField, { kind: "fieldset" }> }) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  const fields = draft.kind === "fieldset" ? draft.fields : {};
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={describedBy(path, field, messages)} className="rounded-md border border-line p-3">
      <FieldLabel field={field} as="legend" context={context} />
      <FieldHelp field={field} path={path} />
      <FieldErrors path={path} messages={messages} />
      <div className="mt-3 space-y-4">
        {field.fields.map((child) => (
          <FieldControl
            key={child.name}
            field={child}
            path={attributePath(path, child.name)}
            context={context}
            draft={fields[child.name] ?? createFieldDraft(child)}
            onChange={(next) => onChange({ kind: "fieldset", fields: { ...fields, [child.name]: next } })}
            errors={errors}
          />
        ))}
      </div>
    </fieldset>
  );
}

function GroupField({ field, path, draft, onChange, errors, context }: FieldControlProps & { field: Extract<FormField, { kind: "group" }> }) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  const items = draft.kind === "group" ? draft.items : [];
  const touched = draft.kind === "group" && draft.touched;
  const isMap = field.collection === "map";
  const one = singularLabel(field.label);
  const update = (next: GroupItemDraft[]) => onChange({ kind: "group", touched: true, items: next });
  const named = (text: string) => (context ? `${text} (${context})` : text);
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={describedBy(path, field, messages)} className="rounded-md border border-line p-3">
      <FieldLabel field={field} as="legend" context={context} />
      <FieldHelp field={field} path={path} />
      {!touched && field.hasDefault ? <DefaultHint field={field} /> : null}
      <FieldErrors path={path} messages={messages} />
      <ol className="mt-3 space-y-3">
        {items.map((item, i) => {
          const itemPath = isMap ? (item.key.trim() === "" ? `${path}[${i}]` : `${path}[${JSON.stringify(item.key.trim())}]`) : `${path}[${i}]`;
          const itemId = fieldDomId(itemPath);
          const itemMessages = errors.get(itemPath);
          const title = named(isMap ? `${field.label} ${item.key.trim() || `entry ${i + 1}`}` : `${field.label} item ${i + 1}`);
          const setItem = (patch: Partial<GroupItemDraft>) => update(items.map((it) => (it.id === item.id ? { ...it, ...patch } : it)));
          return (
            <li key={item.id}>
              <fieldset id={itemId} tabIndex={-1} className="rounded-md border border-dashed border-line-strong p-3">
                <legend className="px-1 text-sm font-medium">{title}</legend>
                {isMap ? (
                  <div className="mb-3">
                    <label htmlFor={`${itemId}-key`} className="block text-sm font-medium">
                      Key <span className="text-xs font-normal text-fg-subtle">(the map key of this {one})</span>
                    </label>
                    <Input
                      id={`${itemId}-key`}
                      className="mt-1 font-mono"
                      value={item.key}
                      aria-invalid={itemMessages?.length ? true : undefined}
                      aria-describedby={itemMessages?.length ? `${itemId}-error` : undefined}
                      onChange={(e) => setItem({ key: e.target.value })}
                    />
                  </div>
                ) : null}
                <FieldErrors path={itemPath} messages={itemMessages} />
                <div className="space-y-4">
                  {field.itemFields.map((child) => (
                    <FieldControl
                      key={child.name}
                      field={child}
                      path={attributePath(itemPath, child.name)}
                      context={title}
                      draft={item.fields[child.name] ?? createFieldDraft(child)}
                      onChange={(next) => setItem({ fields: { ...item.fields, [child.name]: next } })}
                      errors={errors}
                    />
                  ))}
                </div>
                <Button type="button" variant="ghost" className="mt-3" aria-label={`Remove ${title}`} onClick={() => update(items.filter((it) => it.id !== item.id))}>
                  Remove {one}
                </Button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button type="button" variant="secondary" aria-label={context ? named(`Add ${one}`) : undefined} onClick={() => update([...items, createGroupItem(field)])}>
          Add {one}
        </Button>
        {touched && field.hasDefault ? (
          <Button type="button" variant="ghost" onClick={() => onChange({ kind: "group", touched: false, items: [] })}>
            Reset {field.label.toLowerCase()} to default
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}

const choiceLabels: Record<SensitiveChoiceKind, string> = {
  none: "Leave unset",
  env: "Environment variable",
  dependency: "Output of another unit",
  expression: "Other reference",
};

function SensitiveField({ field, path, draft, onChange, errors, context }: FieldControlProps & { field: Extract<FormField, { kind: "sensitive" }> }) {
  const id = fieldDomId(path);
  const messages = errors.get(path);
  const state = draft.kind === "sensitive" ? draft : { kind: "sensitive" as const, choice: "none" as const, envName: "", unit: "", output: "", expression: "" };
  const choices: SensitiveChoiceKind[] = field.required ? [] : ["none"];
  choices.push(...field.referenceOptions.map((o) => o.kind));
  const set = (patch: Partial<typeof state>) => onChange({ ...state, ...patch });
  const errorProps = { "aria-invalid": messages?.length ? true : undefined, "aria-describedby": messages?.length ? `${id}-error` : undefined };
  return (
    <fieldset id={id} tabIndex={-1} aria-describedby={`${id}-explain`} className="rounded-md border border-warning-line bg-warning-soft/50 p-3">
      <FieldLabel field={field} as="legend" context={context} />
      <p className="mt-1 flex flex-wrap items-center gap-2 text-xs">
        <Badge tone="amber">sensitive</Badge>
      </p>
      <p id={`${id}-explain`} className="mt-2 text-xs text-fg-muted">
        {field.explanation}
      </p>
      {field.description ? <p className="mt-1 text-xs text-fg-muted">{field.description}</p> : null}
      <div role="radiogroup" aria-label={`How to supply ${field.label}`} className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        {choices.map((choice) => (
          <label key={choice} className="flex items-center gap-2">
            <input type="radio" name={`${id}-choice`} className="accent-accent-solid" checked={state.choice === choice} onChange={() => set({ choice })} />
            {choiceLabels[choice]}
          </label>
        ))}
      </div>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        {state.choice === "env" ? (
          <div>
            <label htmlFor={`${id}-env`} className="block text-sm font-medium">
              Variable name
            </label>
            <Input id={`${id}-env`} className="mt-1 font-mono" placeholder="DB_PASSWORD" value={state.envName} onChange={(e) => set({ envName: e.target.value })} {...errorProps} />
          </div>
        ) : null}
        {state.choice === "dependency" ? (
          <>
            <div>
              <label htmlFor={`${id}-unit`} className="block text-sm font-medium">
                Dependency name
              </label>
              <Input id={`${id}-unit`} className="mt-1 font-mono" placeholder="secrets" value={state.unit} onChange={(e) => set({ unit: e.target.value })} {...errorProps} />
            </div>
            <div>
              <label htmlFor={`${id}-output`} className="block text-sm font-medium">
                Output name
              </label>
              <Input id={`${id}-output`} className="mt-1 font-mono" placeholder="db_password" value={state.output} onChange={(e) => set({ output: e.target.value })} {...errorProps} />
            </div>
          </>
        ) : null}
        {state.choice === "expression" ? (
          <div className="sm:col-span-2">
            <label htmlFor={`${id}-expression`} className="block text-sm font-medium">
              HCL expression
            </label>
            <Input
              id={`${id}-expression`}
              className="mt-1 font-mono"
              placeholder={field.referenceOptions.find((o) => o.kind === "expression")?.example}
              value={state.expression}
              onChange={(e) => set({ expression: e.target.value })}
              {...errorProps}
            />
          </div>
        ) : null}
      </div>
      {state.choice !== "none" ? (
        <p className="mt-2 text-xs text-fg-subtle">
          Example: <code>{field.referenceOptions.find((o) => o.kind === state.choice)?.example}</code>
        </p>
      ) : null}
      <FieldErrors path={path} messages={messages} />
    </fieldset>
  );
}
