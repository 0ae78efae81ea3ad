"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { AdminVersionView } from "@/lib/catalogue/catalogue-views";
import type { SetVersionStatusInput } from "@/lib/catalogue/set-version-status";
import type { ActionResult } from "@/lib/platform/http/define-action";

const inputClass =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 dark:border-zinc-700 dark:bg-zinc-950";

/** The server action that changes a version's status (the page passes it in). */
export type SetVersionStatus = (input: SetVersionStatusInput) => Promise<ActionResult<{ ok: boolean }>>;

/** What the picker needs of a version; the page sends no more than this to the browser. */
export type VersionChoice = Pick<AdminVersionView, "id" | "moduleName" | "version" | "status" | "upgradeDeadline" | "source">;

/** How a version reads in the picker: name, version, deprecation and deadline, source. */
function versionChoiceLabel(v: VersionChoice): string {
  const deprecated = v.status === "deprecated" ? ` (deprecated${v.upgradeDeadline ? `, upgrade by ${v.upgradeDeadline.slice(0, 10)}` : ""})` : "";
  return `${v.moduleName} ${v.version}${deprecated} · ${v.source}`;
}

/** Deprecates a version, flags it vulnerable with an upgrade deadline, or reactivates it. */
export function VersionStatusForm({ versions, setStatus }: { versions: VersionChoice[]; setStatus: SetVersionStatus }) {
  const [action, setAction] = useState<"deprecate" | "flag-vulnerable" | "reactivate">("deprecate");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  return (
    <form
      aria-label="Change a version's status"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_2fr_1fr_auto] lg:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await setStatus({
            versionId: String(data.get("versionId") ?? ""),
            action,
            reason: String(data.get("reason") ?? ""),
            upgradeDeadline: String(data.get("upgradeDeadline") ?? ""),
          });
          if (result.ok) {
            setErrors({});
            setMessage({ tone: "ok", text: "Saved." });
            return;
          }
          setErrors(Object.fromEntries((result.error.fieldErrors ?? []).map((e) => [e.path, e.message])));
          setMessage({ tone: "error", text: result.error.message });
        });
      }}
    >
      <label className="block text-sm font-medium">
        Version
        <select name="versionId" required className={inputClass}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>{versionChoiceLabel(v)}</option>
          ))}
        </select>
      </label>
      <label className="block text-sm font-medium">
        Action
        <select value={action} onChange={(e) => setAction(e.target.value as typeof action)} className={inputClass}>
          <option value="deprecate">Deprecate</option>
          <option value="flag-vulnerable">Flag vulnerable</option>
          <option value="reactivate">Reactivate</option>
        </select>
      </label>
      <label className="block text-sm font-medium">
        Reason
        <input name="reason" aria-invalid={Boolean(errors.reason)} className={inputClass} placeholder="e.g. CVE-2026-1234: upgrade to 2.1.0" />
        <span className="mt-1 block text-xs text-red-700 dark:text-red-400">{errors.reason ?? ""}</span>
      </label>
      <label className="block text-sm font-medium">
        Upgrade deadline
        <input name="upgradeDeadline" type="date" disabled={action !== "flag-vulnerable"} aria-invalid={Boolean(errors.upgradeDeadline)} className={inputClass} />
        <span className="mt-1 block text-xs text-red-700 dark:text-red-400">{errors.upgradeDeadline ?? ""}</span>
      </label>
      <div className="pb-5">
        <Button type="submit" disabled={pending || versions.length === 0}>{pending ? "Saving…" : "Apply"}</Button>
      </div>
      <p role="status" className={`text-sm lg:col-span-5 ${message?.tone === "error" ? "text-red-700 dark:text-red-400" : "text-green-700 dark:text-green-400"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
