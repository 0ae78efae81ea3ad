"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ModuleSourceInput } from "@/lib/catalogue/configure-module-source";
import type { SyncRequestState } from "@/lib/catalogue/request-source-sync";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { describeFieldErrors, fieldErrorMap } from "./describe-field-errors";

const inputClass =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 dark:border-zinc-700 dark:bg-zinc-950";

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
      <label className="block text-sm font-medium">
        Repository
        <input name="repository" required placeholder="acme-platform/iac-modules" aria-invalid={Boolean(errors.repository)} aria-describedby="repository-error" className={inputClass} />
        <span id="repository-error" className="mt-1 block text-xs text-red-700 dark:text-red-400">{errors.repository ?? ""}</span>
      </label>
      <label className="block text-sm font-medium">
        Layout
        {/* Sized to its longest option: a narrow grid column cut "Monorepo (name/vX.Y.Z tags)" short. */}
        <select name="layout" value={layout} onChange={(e) => setLayout(e.target.value as "repo" | "monorepo")} className={`${inputClass} min-w-[17rem]`}>
          <option value="monorepo">Monorepo (name/vX.Y.Z tags)</option>
          <option value="repo">One module per repo (vX.Y.Z tags)</option>
        </select>
        <span className="mt-1 block text-xs text-red-700 dark:text-red-400">{errors.layout ?? ""}</span>
      </label>
      <label className="block text-sm font-medium">
        Modules folder
        <input name="modulesDir" defaultValue="modules" disabled={layout === "repo"} aria-invalid={Boolean(errors.modulesDir)} aria-describedby="modules-dir-error" className={inputClass} />
        <span id="modules-dir-error" className="mt-1 block text-xs text-red-700 dark:text-red-400">{errors.modulesDir ?? ""}</span>
      </label>
      <label className="block text-sm font-medium">
        Default owners (optional)
        <input name="defaultOwners" placeholder="@acme-platform/platform" aria-invalid={Boolean(errors.defaultOwners)} aria-describedby="default-owners-error" className={inputClass} />
        <span id="default-owners-error" className="mt-1 block text-xs text-zinc-500">
          {errors.defaultOwners ? <span className="text-red-700 dark:text-red-400">{errors.defaultOwners}</span> : "For modules the repo's CODEOWNERS names no owner for."}
        </span>
      </label>
      <div className="pb-5">
        <Button type="submit" disabled={pending}>{pending ? "Checking…" : "Add source"}</Button>
      </div>
      <p role="status" className={`text-sm sm:col-span-2 lg:col-span-5 ${message?.tone === "error" ? "text-red-700 dark:text-red-400" : "text-green-700 dark:text-green-400"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
