"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ModuleSourceInput } from "@/lib/catalogue/configure-module-source";
import type { SyncRequestState } from "@/lib/catalogue/request-source-sync";
import type { ActionResult } from "@/lib/platform/http/define-action";

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
      });
      if (result.ok) {
        setErrors({});
        setMessage({ tone: "ok", text: `Added ${result.data.owner}/${result.data.repo}; first sync ${result.data.state === "done" ? "done" : "queued"}.` });
        form.reset();
        return;
      }
      setErrors(Object.fromEntries((result.error.fieldErrors ?? []).map((e) => [e.path, e.message])));
      setMessage({ tone: "error", text: result.error.message });
    });
  };

  return (
    <form
      aria-label="Add a module source"
      className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-start"
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
          <Select name="layout" value={layout} onChange={(e) => setLayout(e.target.value as "repo" | "monorepo")} {...control}>
            <option value="monorepo">Monorepo (name/vX.Y.Z tags)</option>
            <option value="repo">One module per repo (vX.Y.Z tags)</option>
          </Select>
        )}
      </Field>
      <Field label="Modules folder" error={errors.modulesDir}>
        {(control) => <Input name="modulesDir" defaultValue="modules" disabled={layout === "repo"} {...control} />}
      </Field>
      <div className="sm:pt-6">
        <Button type="submit" disabled={pending}>{pending ? "Checking…" : "Add source"}</Button>
      </div>
      <p role="status" className={`text-sm sm:col-span-4 ${message?.tone === "error" ? "text-danger" : "text-success"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
