"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ErrorSummary, type SummaryError } from "@/components/scaffold/error-summary";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { SaveEstateSettingsResult } from "@/lib/estate";
import type { NoticePolicy } from "@/lib/estate/core/notice-policy";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { describeSettingsSave, POLICY_PENDING_TEXT } from "./describe-settings-save";

type PolicyField = keyof NoticePolicy;

const POLICY_FIELDS: Array<{ field: PolicyField; label: string; hint: string }> = [
  { field: "major", label: "Major upgrades", hint: "Days to move to a new major version (default 90)." },
  { field: "minor", label: "Minor upgrades", hint: "Days to move to a new minor version (default 60)." },
  { field: "patch", label: "Patch upgrades", hint: "Days to move to a new patch version (default 30)." },
  { field: "vulnerable", label: "Vulnerable versions", hint: "Days to move off a version flagged vulnerable (default 7)." },
  { field: "deprecated", label: "Deprecated versions", hint: "Days to move off a deprecated version (default 30)." },
  { field: "dueSoonDays", label: "Due soon window", hint: "Days before the due date that a notice is highlighted to the team (default 7)." },
];

export interface EstateSettingsFormProps {
  policy: NoticePolicy;
  /** The saved policy is not applied to every open notice yet (a save's apply failed; the sweep applies it). */
  policyPending: boolean;
  /** The saved webhook's scheme and host; its path is a secret and never sent to the browser. */
  chatWebhookHost: string | null;
  save: (input: { policy: NoticePolicy; chatWebhookUrl?: string | null }) => Promise<ActionResult<SaveEstateSettingsResult>>;
}

/**
 * Admin → Estate: the notice policy (due days per change level and flag, the due-soon window)
 * and the chat webhook for overdue notices. The server validates and audits; saving applies the
 * policy to every open notice at once and says how many due dates moved, or that the next sweep
 * applies it when the save could not.
 */
export function EstateSettingsForm({ policy, policyPending, chatWebhookHost, save }: EstateSettingsFormProps) {
  const router = useRouter();
  const [days, setDays] = useState<Record<PolicyField, string>>(() => Object.fromEntries(POLICY_FIELDS.map(({ field }) => [field, String(policy[field])])) as Record<PolicyField, string>);
  const [webhookUrl, setWebhookUrl] = useState("");
  const [removeWebhook, setRemoveWebhook] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "success" | "warning" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  function onSave() {
    setMessage(null);
    setErrors({});
    const toNumber = (value: string) => (value.trim() === "" ? Number.NaN : Number(value));
    const next = Object.fromEntries(POLICY_FIELDS.map(({ field }) => [field, toNumber(days[field])])) as NoticePolicy;
    startTransition(async () => {
      const outcome = await save({ policy: next, ...(removeWebhook ? { chatWebhookUrl: null } : webhookUrl.trim() ? { chatWebhookUrl: webhookUrl.trim() } : {}) });
      if (!outcome.ok) {
        const found: Record<string, string> = {};
        for (const fe of outcome.error.fieldErrors ?? []) found[fe.path] ??= fe.message;
        setErrors(found);
        setMessage({ tone: "error", text: outcome.error.message });
        return;
      }
      setWebhookUrl("");
      setRemoveWebhook(false);
      setMessage(describeSettingsSave(outcome.data));
      router.refresh();
    });
  }

  const summary: SummaryError[] = Object.entries(errors).map(([path, text]) => ({
    targetId: path === "chatWebhookUrl" ? "estate-chatWebhookUrl" : `estate-${path.replace(/^policy\./, "")}`,
    label: path === "chatWebhookUrl" ? "Chat webhook URL" : (POLICY_FIELDS.find((f) => `policy.${f.field}` === path)?.label ?? path),
    message: text,
  }));

  return (
    <form
      noValidate
      className="space-y-6"
      aria-label="Notice policy and chat webhook"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <ErrorSummary errors={summary} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Due dates, in days</legend>
        <p className="text-sm text-fg-muted">
          A notice is due this many days after the event that raised it: a newer version by its change level, or a flag on the version a unit runs. Saving applies the policy to every open notice
          now, earlier or later; new notices follow it too.
        </p>
        <div className="grid gap-4 sm:grid-cols-3">
          {POLICY_FIELDS.map(({ field, label, hint }) => (
            <Field key={field} id={`estate-${field}`} label={label} hint={hint} error={errors[`policy.${field}`] ?? null}>
              {(control) => (
                <Input {...control} type="number" inputMode="numeric" min={0} max={field === "dueSoonDays" ? 365 : 3650} width="auto" className="w-32" value={days[field]} onChange={(e) => setDays({ ...days, [field]: e.target.value })} />
              )}
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Chat webhook for overdue notices</legend>
        <p className="text-sm text-fg-muted" data-testid="chat-webhook-current">
          {chatWebhookHost ? `Posting to ${chatWebhookHost} (the rest of the URL is kept secret).` : "No chat webhook: overdue notices show in the portal only."}
        </p>
        <Field
          id="estate-chatWebhookUrl"
          label={chatWebhookHost ? "New webhook URL (leave empty to keep the current one)" : "Webhook URL"}
          hint="A Slack-compatible incoming webhook over https, e.g. https://hooks.slack.com/services/…. Each overdue notice is posted once."
          error={errors.chatWebhookUrl ?? null}
        >
          {(control) => <Input {...control} type="url" className="font-mono" autoComplete="off" spellCheck={false} value={webhookUrl} disabled={removeWebhook} onChange={(e) => setWebhookUrl(e.target.value)} />}
        </Field>
        {chatWebhookHost ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" className="accent-accent-solid" checked={removeWebhook} onChange={(e) => setRemoveWebhook(e.target.checked)} />
            Remove the chat webhook
          </label>
        ) : null}
      </fieldset>

      {message ? (
        <Alert tone={message.tone} data-testid="estate-settings-message">
          {message.text}
        </Alert>
      ) : policyPending ? (
        <Alert tone="warning" role="note" data-testid="estate-policy-pending">
          {POLICY_PENDING_TEXT}
        </Alert>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save policy"}
      </Button>
    </form>
  );
}
