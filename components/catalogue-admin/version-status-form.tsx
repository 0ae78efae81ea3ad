"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { AdminVersionView } from "@/lib/catalogue/catalogue-views";
import type { SetVersionStatusInput } from "@/lib/catalogue/set-version-status";
import type { ActionResult } from "@/lib/platform/http/define-action";

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
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_2fr_1fr_auto] lg:items-start"
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
      <Field label="Version">
        {(control) => (
          <Select name="versionId" required {...control}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>{versionChoiceLabel(v)}</option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Action">
        {(control) => (
          <Select value={action} onChange={(e) => setAction(e.target.value as typeof action)} {...control}>
            <option value="deprecate">Deprecate</option>
            <option value="flag-vulnerable">Flag vulnerable</option>
            <option value="reactivate">Reactivate</option>
          </Select>
        )}
      </Field>
      <Field label="Reason" error={errors.reason}>
        {(control) => <Input name="reason" placeholder="e.g. CVE-2026-1234: upgrade to 2.1.0" {...control} />}
      </Field>
      <Field label="Upgrade deadline" error={errors.upgradeDeadline}>
        {(control) => <Input name="upgradeDeadline" type="date" disabled={action !== "flag-vulnerable"} {...control} />}
      </Field>
      <div className="lg:pt-6">
        <Button type="submit" disabled={pending || versions.length === 0}>{pending ? "Saving…" : "Apply"}</Button>
      </div>
      <p role="status" className={`text-sm lg:col-span-5 ${message?.tone === "error" ? "text-danger" : "text-success"}`}>
        {message?.text ?? ""}
      </p>
    </form>
  );
}
