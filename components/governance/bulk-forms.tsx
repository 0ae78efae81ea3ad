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
import type { ActionResult } from "@/lib/platform/http/define-action";
import type { ChangeableKeyView } from "@/lib/governance/governance-views";
import { newIdempotencyKey, splitErrors, type AccountSelectorInput, type RequestTagChangeFn } from "./action-types";

/** New values for the keys an admin may change; a blank value leaves the key alone. */
function ValuesEditor({ prefix, keys, values, setValues, errors }: { prefix: string; keys: ChangeableKeyView[]; values: Record<string, string>; setValues: (next: Record<string, string>) => void; errors: Record<string, string> }) {
  return (
    <fieldset className="grid gap-4 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-medium">New values (leave blank to keep)</legend>
      {keys
        .filter((k) => k.lockedReason === null)
        .map((k) => (
          <Field key={k.key} id={`${prefix}-${k.key}`} label={k.key} hint={k.pattern ? `Pattern: ${k.pattern}` : k.description || undefined} error={errors[`changes.${k.key}`]}>
            {(control) =>
              k.allowedValues ? (
                <Select {...control} value={values[k.key] ?? ""} onChange={(e) => setValues({ ...values, [k.key]: e.target.value })}>
                  <option value="">(keep)</option>
                  {k.allowedValues.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </Select>
              ) : (
                <Input {...control} value={values[k.key] ?? ""} onChange={(e) => setValues({ ...values, [k.key]: e.target.value })} maxLength={256} autoComplete="off" />
              )
            }
          </Field>
        ))}
    </fieldset>
  );
}

const nonBlank = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== "").map(([k, v]) => [k, v.trim()]));
const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** An admin raises one tag change for many accounts: whole workloads, teams, or a list of AWS account ids. */
export function BulkTagChangeForm({ keys, workloads, request }: { keys: ChangeableKeyView[]; workloads: Array<{ slug: string; name: string }>; request: RequestTagChangeFn }) {
  const router = useRouter();
  const [key] = useState(() => newIdempotencyKey("bulk"));
  const [scope, setScope] = useState<"workloads" | "teams" | "accounts">("workloads");
  const [picked, setPicked] = useState<string[]>([]);
  const [text, setText] = useState("");
  const [values, setValues] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; requestId: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setMessage(null);
    setConflict(null);
    const accounts: AccountSelectorInput = scope === "workloads" ? { workloadSlugs: picked } : scope === "teams" ? { teamSlugs: list(text) } : { awsAccountIds: list(text) };
    const found: Record<string, string> = {};
    if (Object.values(accounts)[0]?.length === 0) found.accounts = "Name at least one workload, team or account";
    const changes = nonBlank(values);
    if (Object.keys(changes).length === 0) found.changes = "Give at least one new value";
    if (!reason.trim()) found.reason = "Give a reason";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    startTransition(async () => {
      const result = await request({ idempotencyKey: key, accounts, changes, reason: reason.trim() });
      if (!result.ok) {
        const split = splitErrors(result.error);
        setErrors(Object.fromEntries(Object.entries(split.fields).map(([path, m]) => [path.startsWith("accounts") ? "accounts" : path, m])));
        setMessage(split.message ?? (Object.keys(split.fields).some((p) => p.startsWith("changes.")) ? null : result.error.message));
        return;
      }
      if (result.data.status === "conflict") setConflict(result.data);
      else router.push(`/tag-changes/${result.data.id}`);
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-labelledby="bulk-heading" noValidate>
      <h2 id="bulk-heading" className="text-lg font-semibold">
        Bulk tag change
      </h2>
      <p className="text-sm text-fg-muted">One request for many accounts, e.g. a cost-code move for a workload or a team. Another admin approves it once; it is applied per account at the AWS call rate.</p>
      {conflict ? (
        <Alert tone="warning" title="Some of these tags already have an open change">
          <p>{conflict.message}</p>
          <Link href={`/tag-changes/${conflict.requestId}`} className="font-medium underline">
            See the open request
          </Link>
        </Alert>
      ) : null}
      {message ? <Alert tone="error">{message}</Alert> : null}
      <Field id="bulk-scope" label="Accounts by">
        {(control) => (
          <Select {...control} value={scope} onChange={(e) => setScope(e.target.value as typeof scope)} width="auto">
            <option value="workloads">Workload</option>
            <option value="teams">Team</option>
            <option value="accounts">AWS account id</option>
          </Select>
        )}
      </Field>
      {scope === "workloads" ? (
        <fieldset aria-describedby={errors.accounts ? "bulk-accounts-error" : undefined}>
          <legend className="text-sm font-medium">Workloads</legend>
          {workloads.length === 0 ? <p className="text-sm text-fg-muted">No workloads are registered yet.</p> : null}
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-2">
            {workloads.map((w) => (
              <label key={w.slug} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={picked.includes(w.slug)} onChange={(e) => setPicked((p) => (e.target.checked ? [...p, w.slug] : p.filter((s) => s !== w.slug)))} />
                {w.name}
              </label>
            ))}
          </div>
          {errors.accounts ? (
            <p id="bulk-accounts-error" className="mt-1 text-xs text-danger">
              {errors.accounts}
            </p>
          ) : null}
        </fieldset>
      ) : (
        <Field id="bulk-accounts" label={scope === "teams" ? "Team slugs" : "AWS account ids"} hint="Separated by commas, spaces or lines." error={errors.accounts}>
          {(control) => <Textarea {...control} rows={2} value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
      )}
      <ValuesEditor prefix="bulk" keys={keys} values={values} setValues={setValues} errors={errors} />
      {errors.changes ? <p className="text-xs text-danger">{errors.changes}</p> : null}
      <Field id="bulk-reason" label="Reason" error={errors.reason} required>
        {(control) => <Textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Request the bulk change"}
      </Button>
    </form>
  );
}

export type RequestPolicyFixFn = (input: { idempotencyKey: string; changes: Record<string, string | null>; reason: string }) => Promise<ActionResult<{ id: string; created: boolean; accounts: number; unresolved: number }>>;

/** One bulk request with the values that bring the non-compliant accounts back into the policy. */
export function PolicyFixForm({ keys, policyVersion, fix }: { keys: ChangeableKeyView[]; policyVersion: number; fix: RequestPolicyFixFn }) {
  const router = useRouter();
  const [key] = useState(() => newIdempotencyKey("policy-fix"));
  const [values, setValues] = useState<Record<string, string>>({});
  const [reason, setReason] = useState(`Comply with tag policy version ${policyVersion}`);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-4"
      aria-labelledby="fix-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        const changes = nonBlank(values);
        if (Object.keys(changes).length === 0) {
          setErrors({ changes: "Give at least one new value" });
          return;
        }
        startTransition(async () => {
          const result = await fix({ idempotencyKey: key, changes, reason: reason.trim() });
          if (!result.ok) {
            const split = splitErrors(result.error);
            setErrors(split.fields);
            setMessage(split.message);
            return;
          }
          router.push(`/tag-changes/${result.data.id}`);
        });
      }}
    >
      <h3 id="fix-heading" className="text-base font-semibold">
        Fix them in one request
      </h3>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <ValuesEditor prefix="fix" keys={keys} values={values} setValues={setValues} errors={errors} />
      {errors.changes ? <p className="text-xs text-danger">{errors.changes}</p> : null}
      <Field id="fix-reason" label="Reason" error={errors.reason} required>
        {(control) => <Textarea {...control} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />}
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Request the fix"}
      </Button>
    </form>
  );
}
