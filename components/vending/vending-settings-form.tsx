"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { ErrorSummary, type SummaryError } from "@/components/scaffold/error-summary";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { vendingEnvironments, type VendingEnv } from "@/lib/vending/core/environments";
import type { SaveVendingSettingsInput } from "@/lib/vending/server";
import type { VendingSettings } from "@/lib/vending/core/vending-settings";

export interface VendingSettingsFormProps {
  settings: VendingSettings;
  revision: number;
  updatedBy: string | null;
  ous: Array<{ id: string; name: string; label: string; path: string }>;
  ouError: string | null;
  save: (input: SaveVendingSettingsInput) => Promise<ActionResult<{ revision: number }>>;
}

type Text = Exclude<keyof VendingSettings, "defaultOus" | "tierEnvironments" | "maxInFlight">;

const TEXT_FIELDS: Array<{ field: Text; label: string; hint?: string; mono?: boolean }> = [
  { field: "accountNamePattern", label: "Account name pattern", hint: "Uses {workload} and {env}, e.g. {workload}-{env}.", mono: true },
  { field: "emailPattern", label: "Root email pattern", hint: "Uses {workload} and {env}, e.g. aws+{workload}-{env}@corp.example.", mono: true },
  { field: "providerRepoOwner", label: "Provider repo owner", mono: true },
  { field: "providerRepoName", label: "Provider repo", hint: "Gets one PR per vended set: accounts/<account-name>/account.hcl.", mono: true },
  { field: "templateRepoOwner", label: "Consumer template owner", mono: true },
  { field: "templateRepoName", label: "Consumer template repo", hint: "A template repository (root.hcl at the top) new workloads' repos are generated from.", mono: true },
  { field: "consumerRepoOwner", label: "Owner of new consumer repos", hint: "Defaults to the template's owner.", mono: true },
];

const PRODUCT_FIELDS: Array<{ field: Text; label: string }> = [
  { field: "productName", label: "Account Factory product name" },
  { field: "productId", label: "Product ID (overrides the name)" },
  { field: "artifactName", label: "Provisioning artifact name" },
  { field: "artifactId", label: "Provisioning artifact ID" },
  { field: "pathName", label: "Launch path name" },
  { field: "pathId", label: "Launch path ID" },
];

/**
 * The vending settings: naming patterns, the default OU per environment, the environments of
 * each tier, the in-flight cap, the repos, and (advanced) how to find Account Factory. A stale
 * save is refused; every save is audited.
 */
export function VendingSettingsForm({ settings, revision, updatedBy, ous, ouError, save }: VendingSettingsFormProps) {
  const router = useRouter();
  const [text, setText] = useState<Record<Text, string>>(() => Object.fromEntries([...TEXT_FIELDS, ...PRODUCT_FIELDS].map(({ field }) => [field, (settings[field] as string | null) ?? ""])) as Record<Text, string>);
  const [defaultOus, setDefaultOus] = useState<Partial<Record<VendingEnv, string>>>(() => Object.fromEntries(Object.entries(settings.defaultOus).map(([env, ou]) => [env, ou?.id ?? ""])));
  const [tiers, setTiers] = useState<Record<string, VendingEnv[]>>(settings.tierEnvironments);
  const [maxInFlight, setMaxInFlight] = useState(String(settings.maxInFlight));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const knownOus = new Map(ous.map((ou) => [ou.id, ou]));
  const err = (path: string) => errors[`settings.${path}`] ?? null;

  function onSave() {
    setMessage(null);
    setErrors({});
    const ouRefs: Record<string, { id: string; name: string }> = {};
    for (const [env, id] of Object.entries(defaultOus)) {
      if (!id) continue;
      const known = knownOus.get(id) ?? (settings.defaultOus[env as VendingEnv]?.id === id ? settings.defaultOus[env as VendingEnv] : undefined);
      if (known) ouRefs[env] = { id: known.id, name: known.name };
    }
    startTransition(async () => {
      const outcome = await save({
        settings: {
          ...(Object.fromEntries(Object.entries(text).map(([k, v]) => [k, v.trim()])) as Record<Text, string> & { accountNamePattern: string; emailPattern: string }),
          defaultOus: ouRefs,
          tierEnvironments: tiers,
          maxInFlight: Number(maxInFlight),
        },
        baseRevision: revision,
      });
      if (!outcome.ok) {
        const found: Record<string, string> = {};
        for (const fe of outcome.error.fieldErrors ?? []) found[fe.path] ??= fe.message;
        setErrors(found);
        setMessage({ tone: "error", text: outcome.error.message });
        return;
      }
      setMessage({ tone: "success", text: `Saved (revision ${outcome.data.revision}).` });
      router.refresh();
    });
  }

  const summary: SummaryError[] = Object.entries(errors).map(([path, text]) => ({ targetId: `settings-${path.replace(/^settings\./, "").split(".")[0]}`, label: path.replace(/^settings\./, ""), message: text }));
  const textField = ({ field, label, hint, mono }: { field: Text; label: string; hint?: string; mono?: boolean }) => (
    <Field key={field} id={`settings-${field}`} label={label} hint={hint} error={err(field)}>
      {(control) => <Input {...control} className={mono ? "font-mono" : undefined} value={text[field]} onChange={(e) => setText({ ...text, [field]: e.target.value })} />}
    </Field>
  );

  return (
    <form
      noValidate
      className="space-y-5"
      aria-label="Vending settings"
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <p className="text-sm text-fg-muted">
        Revision {revision}
        {updatedBy ? `, last saved by ${updatedBy}` : ""}.
      </p>
      <ErrorSummary errors={summary} />
      <div className="grid gap-4 sm:grid-cols-2">{TEXT_FIELDS.slice(0, 2).map(textField)}</div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Default OU per environment</legend>
        {ouError ? (
          <Alert tone="warning" title="The OUs could not be read from AWS Organizations">
            {ouError}
          </Alert>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-3">
          {vendingEnvironments.map((env) => (
            <Field key={env} id={`settings-defaultOus-${env}`} label={`${env} OU`} error={err(`defaultOus.${env}`) ?? err(`defaultOus.${env}.id`)}>
              {(control) => (
                <Select {...control} value={defaultOus[env] ?? ""} onChange={(e) => setDefaultOus({ ...defaultOus, [env]: e.target.value })}>
                  <option value="">No default</option>
                  {defaultOus[env] && !knownOus.has(defaultOus[env]!) ? (
                    <option value={defaultOus[env]}>
                      {settings.defaultOus[env]?.name ?? defaultOus[env]} ({defaultOus[env]})
                    </option>
                  ) : null}
                  {ous.map((ou) => (
                    <option key={ou.id} value={ou.id}>
                      {ou.path} ({ou.id})
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          ))}
        </div>
      </fieldset>

      <fieldset className="space-y-2" id="settings-tierEnvironments">
        <legend className="text-sm font-semibold">Environments per tier</legend>
        {Object.keys(tiers)
          .sort()
          .map((tier) => (
            <div key={tier} className="flex flex-wrap items-center gap-4 text-sm">
              <span className="w-14 font-medium">Tier {tier}</span>
              {vendingEnvironments.map((env) => (
                <label key={env} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    className="accent-accent-solid"
                    checked={tiers[tier]?.includes(env) ?? false}
                    onChange={(e) => setTiers({ ...tiers, [tier]: vendingEnvironments.filter((x) => (x === env ? e.target.checked : tiers[tier]?.includes(x))) })}
                  />
                  {env}
                </label>
              ))}
              {err(`tierEnvironments.${tier}`) ? <span className="text-danger">{err(`tierEnvironments.${tier}`)}</span> : null}
            </div>
          ))}
        {err("tierEnvironments") ? <p className="text-sm text-danger">{err("tierEnvironments")}</p> : null}
      </fieldset>

      <Field id="settings-maxInFlight" label="Account operations in flight" hint="Across all portal instances. Control Tower allows 5 (10 when raised)." error={err("maxInFlight")}>
        {(control) => <Input {...control} type="number" min={1} max={10} width="auto" className="w-32" value={maxInFlight} onChange={(e) => setMaxInFlight(e.target.value)} />}
      </Field>

      <div className="grid gap-4 sm:grid-cols-2">{TEXT_FIELDS.slice(2).map(textField)}</div>

      <details>
        <summary className="cursor-pointer text-sm font-semibold">Account Factory product</summary>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">{PRODUCT_FIELDS.map((f) => textField({ ...f, mono: f.field.endsWith("Id") }))}</div>
      </details>

      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save the settings"}
      </Button>
    </form>
  );
}
