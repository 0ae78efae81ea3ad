"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ModuleSourceInput } from "@/lib/catalogue/configure-module-source";
import type { SyncRequestState } from "@/lib/catalogue/request-source-sync";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { describeFieldErrors, fieldErrorMap } from "./describe-field-errors";

/** The server action that adds a source and asks for its first sync (the page passes it in). */
export type AddModuleSource = (input: ModuleSourceInput) => Promise<ActionResult<{ owner: string; repo: string; state: SyncRequestState }>>;

/** Adds a module source; the repo is checked through the GitHub App before it is saved. */
export function AddSourceForm({ addSource }: { addSource: AddModuleSource }) {
  const [layout, setLayout] = useState<"repo" | "monorepo">("monorepo");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = (form: HTMLFormElement) => {
    const data = new FormData(form);
    startTransition(async () => {
      const result = await addSource({
        repository: String(data.get("repository") ?? ""),
        layout,
        modulesDir: String(data.get("modulesDir") ?? ""),
        defaultOwners: String(data.get("defaultOwners") ?? ""),
      });
      if (result.ok) {
        setErrors({});
        setMessage({ tone: "ok", text: `Added ${result.data.owner}/${result.data.repo}; first sync ${result.data.state === "done" ? "done" : "queued"}.` });
        form.reset();
        return;
      }
      setErrors(fieldErrorMap(result.error));
      setMessage({ tone: "error", text: describeFieldErrors(result.error) });
    });
  };

  return (
    <form
      aria-label="Add a module source"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[minmax(12rem,2fr)_auto_minmax(8rem,1fr)_minmax(12rem,2fr)_auto] lg:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        submit(event.currentTarget);
      }}
    >
      <Field label="Repository" error={errors.repository} required>
        {(control) => <Input name="repository" required placeholder="acme-platform/iac-modules" {...control} />}
      </Field>
      <Field label="Layout" error={errors.layout}>
        {(control) => (
          // Sized to its longest option: a narrow grid column cut "Monorepo (name/vX.Y.Z tags)" short.
          <Select name="layout" value={layout} onChange={(e) => setLayout(e.target.value as "repo" | "monorepo")} className="min-w-[17rem]" {...control}>
            <option value="monorepo">Monorepo (name/vX.Y.Z tags)</option>
            <option value="repo">One module per repo (vX.Y.Z tags)</option>
          </Select>
        )}
      </Field>
      <Field label="Modules folder" error={errors.modulesDir}>
        {(control) => <Input name="modulesDir" defaultValue="modules" disabled={layout === "repo"} {...control} />}
      </Field>
      <Field label="Default owners (optional)" hint="For modules the repo's CODEOWNERS names no owner for." error={errors.defaultOwners}>
        {(control) => <Input name="defaultOwners" placeholder="@acme-platform/platform" {...control} />}
      </Field>
      <div className="pb-5">
        <Button type="submit" disabled={pending}>{pending ? "Checking…" : "Add source"}</Button>
      </div>
      <p role="status" className={`text-sm sm:col-span-2 lg:col-span-5 ${message?.tone === "error" ? "text-danger" : "text-success"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
