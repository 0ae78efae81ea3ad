"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { ErrorSummary, type SummaryError } from "@/components/scaffold/error-summary";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { applyNamePattern } from "@/lib/vending/core/account-naming";
import { vendingEnvironments, type VendingEnv } from "@/lib/vending/core/environments";
import type { AccountRequestFormContext, RequestAccountSetInput } from "@/lib/vending/server";

export interface AccountRequestFormProps {
  context: AccountRequestFormContext;
  submit: (input: RequestAccountSetInput) => Promise<ActionResult<{ id: string }>>;
}

type AccountField = "accountName" | "accountEmail" | "ou";
type Accounts = Record<VendingEnv, Record<AccountField, string>>;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])$/;

const slugify = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");

/** The DOM id of the control a server field path (`accounts.dev.ou`, `tags.CostCode`) belongs to. */
const controlId = (path: string) => `vend-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/**
 * The lead's request for a workload's account set: the workload (existing, or new with its
 * team), the tier and environments, per environment the account name, root email and OU
 * (derived from the admins' patterns and defaults, editable), the SSO user and the mandatory
 * tags with their descriptions and allowed values. Problems show beside each field and in a
 * summary; the server checks everything again, and its answers land at the same fields.
 */
export function AccountRequestForm({ context, submit }: AccountRequestFormProps) {
  const router = useRouter();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [kind, setKind] = useState<"existing" | "new">(context.workloads.length > 0 ? "existing" : "new");
  const [existingSlug, setExistingSlug] = useState(context.workloads[0]?.slug ?? "");
  const [newName, setNewName] = useState("");
  const [newSlug, setNewSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [teamSlug, setTeamSlug] = useState(context.teams[0]?.slug ?? "");
  const tiers = Object.keys(context.tierEnvironments).sort();
  const [tier, setTier] = useState(tiers[0] ?? "1");
  const [envs, setEnvs] = useState<VendingEnv[]>(context.tierEnvironments[tiers[0] ?? "1"] ?? ["dev"]);
  const [edited, setEdited] = useState<Partial<Accounts>>({});
  const [sso, setSso] = useState(context.sso);
  const enteredKeys = context.policy.keys.filter((k) => k.source === "entered");
  const derivedKeys = context.policy.keys.filter((k) => k.source === "derived");
  const [tags, setTags] = useState<Record<string, string>>(() => Object.fromEntries(enteredKeys.map((k) => [k.key, ""])));
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const workloadSlug = kind === "existing" ? existingSlug : newSlug;
  // What each field shows: the lead's edit, else the pattern or default.
  const accounts = useMemo(() => {
    const values = {} as Accounts;
    for (const env of vendingEnvironments) {
      const own = edited[env] ?? ({} as Partial<Record<AccountField, string>>);
      values[env] = {
        accountName: own.accountName ?? (workloadSlug ? applyNamePattern(context.patterns.accountName, { workload: workloadSlug, env }) : ""),
        accountEmail: own.accountEmail ?? (workloadSlug ? applyNamePattern(context.patterns.email, { workload: workloadSlug, env }) : ""),
        ou: own.ou ?? context.defaultOus[env] ?? "",
      };
    }
    return values;
  }, [edited, workloadSlug, context.patterns, context.defaultOus]);

  const editAccount = (env: VendingEnv, field: AccountField, value: string) => setEdited((e) => ({ ...e, [env]: { ...e[env], [field]: value } as Record<AccountField, string> }));

  function chooseTier(value: string) {
    setTier(value);
    setEnvs(context.tierEnvironments[value] ?? []);
  }

  function toggleEnv(env: VendingEnv, on: boolean) {
    setEnvs((current) => vendingEnvironments.filter((e) => (e === env ? on : current.includes(e))));
  }

  /** The checks the browser can make; the server repeats them and adds uniqueness and tag patterns. */
  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (kind === "existing" && !existingSlug) found["workload.slug"] = "Choose a workload";
    if (kind === "new") {
      if (!newName.trim()) found["workload.name"] = "Enter the workload's name";
      if (!SLUG.test(newSlug)) found["workload.slug"] = "Use 2–40 lowercase letters, digits and dashes, starting and ending with a letter or digit";
      if (!teamSlug) found["workload.teamSlug"] = "Choose the owning team";
    }
    if (envs.length === 0) found.environments = "Choose at least one environment";
    for (const env of envs) {
      if (!accounts[env].accountName.trim()) found[`accounts.${env}.accountName`] = "Enter an account name";
      if (!accounts[env].accountEmail.includes("@")) found[`accounts.${env}.accountEmail`] = "Enter the account's root email";
      if (!accounts[env].ou) found[`accounts.${env}.ou`] = `Choose the OU for ${env}`;
    }
    if (!sso.firstName.trim()) found["sso.firstName"] = "Enter a first name";
    if (!sso.lastName.trim()) found["sso.lastName"] = "Enter a last name";
    if (!sso.email.includes("@")) found["sso.email"] = "Enter an email address";
    for (const key of enteredKeys) {
      const value = (tags[key.key] ?? "").trim();
      if (key.required && !value) found[`tags.${key.key}`] = `${key.key} is required`;
      else if (value && key.allowedValues && !key.allowedValues.includes(value)) found[`tags.${key.key}`] = `Choose one of: ${key.allowedValues.join(", ")}`;
      // A key's pattern is the admins' regex: only the server matches it (RE2, lib/patterns), so a
      // catastrophic pattern cannot hang this tab and the browser cannot disagree with the
      // server. Its answer lands at this field like any other server error.
    }
    return found;
  }

  function onSubmit() {
    const found = check();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    const input: RequestAccountSetInput = {
      idempotencyKey,
      workload: kind === "existing" ? { kind, slug: existingSlug } : { kind, slug: newSlug, name: newName.trim(), teamSlug },
      tier: Number(tier),
      environments: envs,
      accounts: Object.fromEntries(envs.map((env) => [env, accounts[env]])),
      sso: { firstName: sso.firstName.trim(), lastName: sso.lastName.trim(), email: sso.email.trim() },
      tags: Object.fromEntries(Object.entries(tags).filter(([, v]) => v.trim() !== "")),
      reason: reason.trim(),
    };
    startTransition(async () => {
      const outcome = await submit(input);
      if (!outcome.ok) {
        const server: Record<string, string> = {};
        for (const fe of outcome.error.fieldErrors ?? []) server[fe.path] ??= fe.message;
        setErrors(server);
        setFormError(outcome.error.message);
        return;
      }
      router.push(`/accounts/requests/${outcome.data.id}`);
    });
  }

  const labels: Record<string, string> = {
    "workload.slug": "Workload",
    "workload.name": "Workload name",
    "workload.teamSlug": "Owning team",
    tier: "Tier",
    environments: "Environments",
    "sso.firstName": "SSO first name",
    "sso.lastName": "SSO last name",
    "sso.email": "SSO email",
    reason: "Reason",
  };
  const labelOf = (path: string) => {
    if (labels[path]) return labels[path];
    const account = /^accounts\.(dev|stage|prod)\.(accountName|accountEmail|ou)$/.exec(path);
    if (account) return `${account[1]} ${account[2] === "ou" ? "OU" : account[2] === "accountName" ? "account name" : "root email"}`;
    if (path.startsWith("tags.")) return `Tag ${path.slice(5)}`;
    return path;
  };
  const targetOf = (path: string) => (path === "environments" ? controlId("environments-dev") : path === "workload.slug" && kind === "existing" ? controlId("workload.existing") : controlId(path));
  const summary: SummaryError[] = [
    ...Object.entries(errors).map(([path, message]) => ({ targetId: targetOf(path), label: labelOf(path), message })),
    ...(formError && Object.keys(errors).length === 0 ? [{ targetId: null, label: "Request", message: formError }] : []),
  ];
  const err = (path: string) => errors[path] ?? null;

  return (
    <form
      noValidate
      className="max-w-4xl space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <ErrorSummary errors={summary} />
      <p className="text-sm text-fg-muted">
        Fields marked <span aria-hidden="true" className="text-danger">*</span>
        <span className="sr-only">with an asterisk</span> are required.
      </p>

      <Card aria-labelledby="workload-heading" className="space-y-4">
        <h2 id="workload-heading" className="text-base font-semibold">
          Workload
        </h2>
        <fieldset>
          <legend className="sr-only">Existing or new workload</legend>
          <div className="flex flex-wrap gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" className="accent-accent-solid" name="workload-kind" checked={kind === "existing"} disabled={context.workloads.length === 0} onChange={() => setKind("existing")} />
              Existing workload
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" className="accent-accent-solid" name="workload-kind" checked={kind === "new"} disabled={context.teams.length === 0} onChange={() => setKind("new")} />
              New workload
            </label>
          </div>
        </fieldset>
        {kind === "existing" ? (
          <Field id={controlId("workload.existing")} label="Workload" error={err("workload.slug")}>
            {(control) => (
              <Select {...control} value={existingSlug} onChange={(e) => setExistingSlug(e.target.value)}>
                {context.workloads.map((w) => (
                  <option key={w.slug} value={w.slug}>
                    {w.name} ({w.slug}) · {w.team.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : (
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id={controlId("workload.name")} label="Workload name" required error={err("workload.name")}>
              {(control) => (
                <Input
                  {...control}
                  value={newName}
                  onChange={(e) => {
                    setNewName(e.target.value);
                    if (!slugEdited) setNewSlug(slugify(e.target.value));
                  }}
                />
              )}
            </Field>
            <Field id={controlId("workload.slug")} label="Slug" required hint="Names accounts, emails, tags and the new consumer repo." error={err("workload.slug")}>
              {(control) => (
                <Input
                  {...control}
                  className="font-mono"
                  value={newSlug}
                  onChange={(e) => {
                    setSlugEdited(true);
                    setNewSlug(e.target.value.trim());
                  }}
                />
              )}
            </Field>
            <Field id={controlId("workload.teamSlug")} label="Owning team" required error={err("workload.teamSlug")}>
              {(control) => (
                <Select {...control} value={teamSlug} onChange={(e) => setTeamSlug(e.target.value)}>
                  {context.teams.map((t) => (
                    <option key={t.slug} value={t.slug}>
                      {t.name}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
        )}
      </Card>

      <Card aria-labelledby="accounts-heading" className="space-y-4">
        <h2 id="accounts-heading" className="text-base font-semibold">
          Accounts
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id={controlId("tier")} label="Tier" hint="Tier 1 gets dev, stage and prod; lower tiers fewer. Adjust the environments below." error={err("tier")}>
            {(control) => (
              <Select {...control} value={tier} onChange={(e) => chooseTier(e.target.value)}>
                {tiers.map((t) => (
                  <option key={t} value={t}>
                    Tier {t} ({(context.tierEnvironments[t] ?? []).join(", ")})
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <fieldset aria-describedby={err("environments") ? "vend-environments-error" : undefined}>
            <legend className="block text-sm font-medium">Environments</legend>
            <div className="mt-2 flex gap-4 text-sm">
              {vendingEnvironments.map((env) => (
                <label key={env} className="flex items-center gap-2">
                  <input id={controlId(`environments-${env}`)} type="checkbox" className="accent-accent-solid" checked={envs.includes(env)} onChange={(e) => toggleEnv(env, e.target.checked)} />
                  {env}
                </label>
              ))}
            </div>
            {err("environments") ? (
              <p id="vend-environments-error" className="mt-1 text-sm text-danger">
                {err("environments")}
              </p>
            ) : null}
          </fieldset>
        </div>
        {context.ouError ? (
          <Alert tone="warning" title="The OUs could not be read from AWS Organizations">
            {context.ouError}. The defaults below still work; the server checks the OUs when you submit.
          </Alert>
        ) : null}
        <div className="space-y-4">
          {envs.map((env) => (
            <fieldset key={env} className="rounded-md border border-line p-3">
              <legend className="px-1 text-sm font-semibold uppercase tracking-wide">{env}</legend>
              <div className="grid gap-3 md:grid-cols-2">
                <Field id={controlId(`accounts.${env}.accountName`)} label={`Account name (${env})`} required error={err(`accounts.${env}.accountName`)}>
                  {(control) => <Input {...control} className="font-mono" value={accounts[env].accountName} onChange={(e) => editAccount(env, "accountName", e.target.value)} />}
                </Field>
                <Field id={controlId(`accounts.${env}.accountEmail`)} label={`Root email (${env})`} required error={err(`accounts.${env}.accountEmail`)}>
                  {(control) => <Input {...control} type="email" value={accounts[env].accountEmail} onChange={(e) => editAccount(env, "accountEmail", e.target.value)} />}
                </Field>
                <Field id={controlId(`accounts.${env}.ou`)} className="md:col-span-2" label={`OU (${env})`} required error={err(`accounts.${env}.ou`)}>
                  {(control) => (
                    <Select {...control} value={accounts[env].ou} onChange={(e) => editAccount(env, "ou", e.target.value)}>
                      <option value="">Choose an OU</option>
                      {accounts[env].ou && !context.ous.some((o) => o.label === accounts[env].ou) ? <option value={accounts[env].ou}>{accounts[env].ou}</option> : null}
                      {context.ous.map((ou) => (
                        <option key={ou.id} value={ou.label}>
                          {ou.path} ({ou.id})
                        </option>
                      ))}
                    </Select>
                  )}
                </Field>
              </div>
            </fieldset>
          ))}
        </div>
      </Card>

      <Card aria-labelledby="sso-heading" className="space-y-4">
        <div>
          <h2 id="sso-heading" className="text-base font-semibold">
            SSO user
          </h2>
          <p className="text-sm text-fg-muted">The person IAM Identity Center gives access to each new account.</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id={controlId("sso.firstName")} label="First name" required error={err("sso.firstName")}>
            {(control) => <Input {...control} value={sso.firstName} autoComplete="given-name" onChange={(e) => setSso({ ...sso, firstName: e.target.value })} />}
          </Field>
          <Field id={controlId("sso.lastName")} label="Last name" required error={err("sso.lastName")}>
            {(control) => <Input {...control} value={sso.lastName} autoComplete="family-name" onChange={(e) => setSso({ ...sso, lastName: e.target.value })} />}
          </Field>
          <Field id={controlId("sso.email")} label="Email" required error={err("sso.email")}>
            {(control) => <Input {...control} type="email" value={sso.email} autoComplete="email" onChange={(e) => setSso({ ...sso, email: e.target.value })} />}
          </Field>
        </div>
      </Card>

      <Card aria-labelledby="tags-heading" className="space-y-4">
        <div>
          <h2 id="tags-heading" className="text-base font-semibold">
            Mandatory tags
          </h2>
          <p className="text-sm text-fg-muted">Set on every account of the set (policy version {context.policy.version}).</p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {enteredKeys.map((key) => {
            const path = `tags.${key.key}`;
            const help =
              key.description || key.pattern ? (
                <>
                  {key.description}
                  {key.description && key.pattern ? " · " : null}
                  {key.pattern ? (
                    <>
                      Format: <code className="font-mono break-all">{key.pattern}</code>
                    </>
                  ) : null}
                </>
              ) : null;
            return (
              <Field key={key.key} id={controlId(path)} label={`${key.key}${key.required ? "" : " (optional)"}`} required={key.required} hint={help} error={err(path)}>
                {(control) =>
                  key.allowedValues ? (
                    <Select {...control} value={tags[key.key] ?? ""} onChange={(e) => setTags({ ...tags, [key.key]: e.target.value })}>
                      <option value="">Choose…</option>
                      {key.allowedValues.map((value) => (
                        <option key={value} value={value}>
                          {value}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    <Input {...control} value={tags[key.key] ?? ""} onChange={(e) => setTags({ ...tags, [key.key]: e.target.value })} />
                  )
                }
              </Field>
            );
          })}
        </div>
        {derivedKeys.length > 0 ? (
          <p className="text-sm text-fg-muted">
            Set by the portal:{" "}
            {derivedKeys.map((key, i) => (
              <span key={key.key}>
                {i > 0 ? ", " : ""}
                <span className="font-mono">{key.key}</span> = {key.derivedFrom === "workload" ? workloadSlug || "the workload's slug" : "each account's environment"}
              </span>
            ))}
            .
          </p>
        ) : null}
      </Card>

      <Card className="space-y-4">
        <Field id={controlId("reason")} label="Reason (optional)" hint="What the accounts are for; the approver reads it." error={err("reason")}>
          {(control) => <Textarea {...control} rows={3} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      </Card>

      <Button type="submit" disabled={pending}>
        {pending ? "Checking the request…" : "Submit request"}
      </Button>
    </form>
  );
}
