"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ErrorSummary, type SummaryError } from "@/components/scaffold/error-summary";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { SaveTagPolicyInput } from "@/lib/vending/server";
import type { TagPolicyKey } from "@/lib/vending/core/tag-policy";

type Constraint = "none" | "values" | "pattern";

interface Row {
  rowId: number;
  key: string;
  description: string;
  required: boolean;
  source: "entered" | "derived";
  derivedFrom: "workload" | "environment";
  constraint: Constraint;
  allowedValues: string;
  pattern: string;
  whoMayChange: "lead" | "admin" | "nobody";
}

export interface TagPolicyEditorProps {
  policy: { version: number; keys: TagPolicyKey[]; note: string; createdByName: string | null; createdAt: string | null };
  save: (input: SaveTagPolicyInput) => Promise<ActionResult<{ version: number }>>;
}

let nextRowId = 1;

function toRow(key: TagPolicyKey): Row {
  return {
    rowId: nextRowId++,
    key: key.key,
    description: key.description,
    required: key.required,
    source: key.source,
    derivedFrom: key.derivedFrom ?? "workload",
    constraint: key.allowedValues ? "values" : key.pattern ? "pattern" : "none",
    allowedValues: key.allowedValues?.join(", ") ?? "",
    pattern: key.pattern ?? "",
    whoMayChange: key.whoMayChange,
  };
}

function toKey(row: Row): SaveTagPolicyInput["keys"][number] {
  if (row.source === "derived") {
    return { key: row.key, description: row.description, required: true, source: "derived", derivedFrom: row.derivedFrom, whoMayChange: "nobody" };
  }
  return {
    key: row.key,
    description: row.description,
    required: row.required,
    source: "entered",
    whoMayChange: row.whoMayChange,
    ...(row.constraint === "values" ? { allowedValues: row.allowedValues.split(",").map((v) => v.trim()).filter(Boolean) } : {}),
    ...(row.constraint === "pattern" ? { pattern: row.pattern } : {}),
  };
}

/**
 * The mandatory-tag policy, key by key: description, whether a lead enters the value or the
 * portal derives it (workload, environment), allowed values or a pattern, and who may ask to
 * change it later. Each save is a new, audited version; a stale save is refused.
 */
export function TagPolicyEditor({ policy, save }: TagPolicyEditorProps) {
  const router = useRouter();
  const [rows, setRows] = useState<Row[]>(() => policy.keys.map(toRow));
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const update = (rowId: number, patch: Partial<Row>) => setRows((all) => all.map((r) => (r.rowId === rowId ? { ...r, ...patch } : r)));
  const id = (index: number, field: string) => `policy-${index}-${field}`;
  const err = (index: number, field: string) => errors[`keys.${index}.${field}`] ?? null;

  function onSave() {
    setMessage(null);
    setErrors({});
    startTransition(async () => {
      const outcome = await save({ keys: rows.map(toKey), baseVersion: policy.version, note });
      if (!outcome.ok) {
        const found: Record<string, string> = {};
        for (const fe of outcome.error.fieldErrors ?? []) found[fe.path] ??= fe.message;
        setErrors(found);
        setMessage({ tone: "error", text: outcome.error.message });
        return;
      }
      setMessage({ tone: "success", text: `Saved as version ${outcome.data.version}.` });
      setNote("");
      router.refresh();
    });
  }

  const summary: SummaryError[] = Object.entries(errors).map(([path, text]) => {
    const match = /^keys\.(\d+)\.(\w+)$/.exec(path);
    return { targetId: match ? id(Number(match[1]), match[2] === "allowedValues" ? "values" : match[2]!) : null, label: match ? `Key ${Number(match[1]) + 1} ${match[2]}` : path, message: text };
  });

  return (
    <form
      noValidate
      className="space-y-4"
      aria-label="Tag policy"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <p className="text-sm text-fg-muted">
        Version {policy.version}
        {policy.createdByName ? `, saved by ${policy.createdByName}` : " (built-in default)"}
        {policy.note ? `: ${policy.note}` : ""}.
      </p>
      <ErrorSummary errors={summary} />
      {rows.map((row, index) => (
        <Card key={row.rowId} aria-label={`Tag key ${row.key || index + 1}`} className="space-y-3 p-4">
          <div className="grid gap-3 sm:grid-cols-4">
            <Field id={id(index, "key")} label="Key" error={err(index, "key")}>
              {(control) => <Input {...control} className="font-mono" value={row.key} onChange={(e) => update(row.rowId, { key: e.target.value })} />}
            </Field>
            <Field id={id(index, "description")} label="Description" className="sm:col-span-2" error={err(index, "description")}>
              {(control) => <Input {...control} value={row.description} onChange={(e) => update(row.rowId, { description: e.target.value })} />}
            </Field>
            <Field id={id(index, "source")} label="Value" error={err(index, "source") ?? err(index, "derivedFrom")}>
              {(control) => (
                <Select
                  {...control}
                  value={row.source === "derived" ? `derived:${row.derivedFrom}` : "entered"}
                  onChange={(e) => {
                    const [source, from] = e.target.value.split(":") as ["entered" | "derived", "workload" | "environment" | undefined];
                    update(row.rowId, { source, ...(from ? { derivedFrom: from } : {}) });
                  }}
                >
                  <option value="entered">entered by the lead</option>
                  <option value="derived:workload">derived: workload slug</option>
                  <option value="derived:environment">derived: environment</option>
                </Select>
              )}
            </Field>
          </div>
          {row.source === "entered" ? (
            <div className="grid gap-3 sm:grid-cols-4">
              <Field id={id(index, "constraint")} label="Allowed">
                {(control) => (
                  <Select {...control} value={row.constraint} onChange={(e) => update(row.rowId, { constraint: e.target.value as Constraint })}>
                    <option value="none">any value</option>
                    <option value="values">one of a list</option>
                    <option value="pattern">matching a pattern</option>
                  </Select>
                )}
              </Field>
              {row.constraint === "values" ? (
                <Field id={id(index, "values")} label="Allowed values" hint="Comma-separated." className="sm:col-span-2" error={err(index, "allowedValues")}>
                  {(control) => <Input {...control} value={row.allowedValues} onChange={(e) => update(row.rowId, { allowedValues: e.target.value })} />}
                </Field>
              ) : row.constraint === "pattern" ? (
                <Field id={id(index, "pattern")} label="Pattern" hint="A regular expression the whole value must match." className="sm:col-span-2" error={err(index, "pattern")}>
                  {(control) => <Input {...control} className="font-mono" value={row.pattern} onChange={(e) => update(row.rowId, { pattern: e.target.value })} />}
                </Field>
              ) : (
                <div className="sm:col-span-2" />
              )}
              <Field id={id(index, "whoMayChange")} label="Who may change it" error={err(index, "whoMayChange")}>
                {(control) => (
                  <Select {...control} value={row.whoMayChange} onChange={(e) => update(row.rowId, { whoMayChange: e.target.value as Row["whoMayChange"] })}>
                    <option value="lead">the lead, with admin approval</option>
                    <option value="admin">admins only</option>
                    <option value="nobody">nobody</option>
                  </Select>
                )}
              </Field>
            </div>
          ) : null}
          <div className="flex flex-wrap items-center justify-between gap-3">
            {row.source === "entered" ? (
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" className="accent-accent-solid" checked={row.required} onChange={(e) => update(row.rowId, { required: e.target.checked })} />
                Required
              </label>
            ) : (
              <span className="text-sm text-fg-muted">Always set by the portal; nobody may change it.</span>
            )}
            <Button type="button" variant="ghost" onClick={() => setRows((all) => all.filter((r) => r.rowId !== row.rowId))} aria-label={`Remove key ${row.key || index + 1}`}>
              Remove
            </Button>
          </div>
        </Card>
      ))}
      <Button
        type="button"
        variant="secondary"
        onClick={() => setRows((all) => [...all, { rowId: nextRowId++, key: "", description: "", required: true, source: "entered", derivedFrom: "workload", constraint: "none", allowedValues: "", pattern: "", whoMayChange: "lead" }])}
      >
        Add a key
      </Button>
      <Field id="policy-note" label="What changed (for the audit log)">
        {(control) => <Input {...control} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save the tag policy"}
      </Button>
    </form>
  );
}
