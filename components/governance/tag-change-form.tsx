"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ChangeableKeyView } from "@/lib/governance/governance-views";
import { newIdempotencyKey, splitErrors, type RequestTagChangeFn } from "./action-types";

export interface TagChangeFormProps {
  awsAccountId: string;
  accountName: string;
  keys: ChangeableKeyView[];
  tags: Record<string, string>;
  request: RequestTagChangeFn;
}

/**
 * A lead asks to change the mandatory tags of one account: new values for the keys they may
 * change (a choice where the policy lists the values), and a reason. Derived and locked keys are
 * shown with why they cannot change. A key with an open change links to that request.
 */
export function TagChangeForm({ awsAccountId, accountName, keys, tags, request }: TagChangeFormProps) {
  const router = useRouter();
  const [key] = useState(() => newIdempotencyKey("tags"));
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(keys.map((k) => [k.key, tags[k.key] ?? ""])));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; requestId: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const changeable = keys.filter((k) => k.lockedReason === null);
  const locked = keys.filter((k) => k.lockedReason !== null);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    setConflict(null);
    const changes: Record<string, string | null> = {};
    for (const k of changeable) {
      const next = (values[k.key] ?? "").trim();
      const current = tags[k.key] ?? "";
      if (next === current) continue;
      changes[k.key] = next === "" && !k.required ? null : next;
    }
    const found: Record<string, string> = {};
    if (Object.keys(changes).length === 0) found.changes = "Change at least one value";
    if (reason.trim() === "") found.reason = "Say why the tags should change: the approver reads it";
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(found.changes ? `tag-${changeable[0]?.key ?? ""}` : "tag-change-reason")?.focus();
      return;
    }
    startTransition(async () => {
      const result = await request({ idempotencyKey: key, accounts: { awsAccountIds: [awsAccountId] }, changes, reason: reason.trim() });
      if (!result.ok) {
        const split = splitErrors(result.error);
        setErrors(split.fields);
        setMessage(split.message);
        return;
      }
      if (result.data.status === "conflict") {
        setConflict(result.data);
        return;
      }
      router.push(`/tag-changes/${result.data.id}`);
    });
  }

  return (
    <form onSubmit={submit} aria-labelledby="tag-change-heading" className="space-y-4" noValidate>
      <h2 id="tag-change-heading" className="text-lg font-semibold">
        Request a tag change
      </h2>
      <p className="text-sm text-fg-muted">New values for {accountName} are checked against the tag policy; a platform admin approves before they are applied in AWS.</p>
      {conflict ? (
        <Alert tone="warning" title="Another change of these tags is open" data-testid="tag-change-conflict">
          <p>{conflict.message}</p>
          <Link href={`/tag-changes/${conflict.requestId}`} className="mt-1 inline-block font-medium underline">
            See the open request
          </Link>
        </Alert>
      ) : null}
      {message ? <Alert tone="error">{message}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        {changeable.map((k) => {
          const error = errors[`changes.${k.key}`] ?? (k.key === changeable[0]?.key ? errors.changes : undefined);
          const hint = [k.description, k.pattern ? `Pattern: ${k.pattern}` : null].filter(Boolean).join(" · ") || undefined;
          return (
            <Field key={k.key} id={`tag-${k.key}`} label={k.key} hint={hint} error={error} required={k.required}>
              {(control) =>
                k.allowedValues ? (
                  <Select {...control} value={values[k.key] ?? ""} onChange={(e) => setValues((v) => ({ ...v, [k.key]: e.target.value }))}>
                    {!k.required || !tags[k.key] ? <option value="">{k.required ? "Choose…" : "(none)"}</option> : null}
                    {k.allowedValues.map((value) => (
                      <option key={value} value={value}>
                        {value}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input {...control} value={values[k.key] ?? ""} onChange={(e) => setValues((v) => ({ ...v, [k.key]: e.target.value }))} maxLength={256} autoComplete="off" />
                )
              }
            </Field>
          );
        })}
      </div>
      {locked.length > 0 ? (
        <div>
          <h3 className="text-sm font-medium">Not changeable here</h3>
          <ul className="mt-1 space-y-1 text-sm text-fg-muted" data-testid="locked-keys">
            {locked.map((k) => (
              <li key={k.key}>
                <span className="font-mono text-fg">{k.key}</span>
                {tags[k.key] ? <span className="font-mono"> = {tags[k.key]}</span> : null}: {k.lockedReason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Field id="tag-change-reason" label="Reason" hint="Why the tags should change; the approving admin and the audit log keep it." error={errors.reason} required>
        {(control) => <Textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Request the change"}
      </Button>
    </form>
  );
}
