import type { FieldError } from "@/lib/errors/app-error";
import { applyNamePattern, checkAccountName, checkEmail, checkSsoName, foldForUniqueness, MAX_ACCOUNT_EMAIL } from "./account-naming";
import { sortEnvironments, type VendingEnv } from "./environments";
import { fieldError, type Checked } from "./field-error";
import { parseOuLabel, type OuRef } from "./organizational-unit";
import { buildAccountTags, validateEnteredTags, type TagMap, type TagPolicy } from "./tag-policy";
import { environmentsForTier, type VendingSettings } from "./vending-settings";

/*
 * Turns what a lead typed into the exact accounts to vend: environments from the tier (or the
 * lead's adjustment), names and emails from the patterns (or the lead's edits), OUs from the
 * defaults (or the lead's choice), and the full tag set. Every problem is reported at once, at
 * the field it belongs to. Uniqueness against stored accounts and Organizations is the use
 * case's job; this only sees the request itself.
 */

export interface SsoUser {
  firstName: string;
  lastName: string;
  email: string;
}

/** What the lead may change per environment; anything left out comes from the settings. */
export interface AccountOverride {
  accountName?: string;
  accountEmail?: string;
  /** `Name (ou-xxxx-xxxxxxxx)`, as the form shows it. */
  ou?: string;
}

export interface PlanAccountSetInput {
  workloadSlug: string;
  tier: number;
  /** The lead's choice of environments; defaults to the tier's. */
  environments?: VendingEnv[];
  accounts?: Partial<Record<VendingEnv, AccountOverride>>;
  sso: SsoUser;
  /** Entered tag values (derived keys must be left out). */
  tags: Record<string, string>;
}

export interface PlannedAccount {
  env: VendingEnv;
  accountName: string;
  accountEmail: string;
  ou: OuRef;
  sso: SsoUser;
  tags: TagMap;
}

export interface PlanAccountSetContext {
  settings: Pick<VendingSettings, "accountNamePattern" | "emailPattern" | "defaultOus" | "tierEnvironments">;
  policy: TagPolicy;
  /** OUs Organizations reports; when given, a chosen OU must be one of them. */
  knownOus?: OuRef[];
}

export function planAccountSet(input: PlanAccountSetInput, context: PlanAccountSetContext): Checked<PlannedAccount[]> {
  const errors: FieldError[] = [];
  let envs: VendingEnv[] = [];
  try {
    envs = input.environments && input.environments.length > 0 ? sortEnvironments(input.environments) : environmentsForTier(context.settings, input.tier);
  } catch (error) {
    errors.push(...((error as { fieldErrors?: FieldError[] }).fieldErrors ?? [fieldError("tier", String(error))]));
  }
  if (input.environments && input.environments.length === 0) errors.push(fieldError("environments", "Choose at least one environment"));

  const sso = {
    firstName: input.sso.firstName.normalize("NFC").trim(),
    lastName: input.sso.lastName.normalize("NFC").trim(),
    email: input.sso.email.trim(),
  };
  const firstProblem = checkSsoName(sso.firstName);
  if (firstProblem) errors.push(fieldError("sso.firstName", firstProblem));
  const lastProblem = checkSsoName(sso.lastName);
  if (lastProblem) errors.push(fieldError("sso.lastName", lastProblem));
  const ssoEmailProblem = checkEmail(sso.email);
  if (ssoEmailProblem) errors.push(fieldError("sso.email", ssoEmailProblem));

  const tags = validateEnteredTags(context.policy, input.tags);
  if (!tags.ok) errors.push(...tags.errors);

  const knownOus = context.knownOus ? new Map(context.knownOus.map((ou) => [ou.id, ou])) : null;
  const planned: PlannedAccount[] = [];
  const names = new Map<string, VendingEnv>();
  const emails = new Map<string, VendingEnv>();
  for (const env of envs) {
    const override = input.accounts?.[env] ?? {};
    const values = { workload: input.workloadSlug, env };
    const accountName = override.accountName?.trim() || applyNamePattern(context.settings.accountNamePattern, values);
    const accountEmail = override.accountEmail?.trim() || applyNamePattern(context.settings.emailPattern, values);
    const nameProblem = checkAccountName(accountName);
    if (nameProblem) errors.push(fieldError(`accounts.${env}.accountName`, nameProblem));
    const emailProblem = checkEmail(accountEmail, { maxLength: MAX_ACCOUNT_EMAIL });
    if (emailProblem) errors.push(fieldError(`accounts.${env}.accountEmail`, emailProblem));

    const foldedName = foldForUniqueness(accountName);
    const sameName = names.get(foldedName);
    if (sameName) errors.push(fieldError(`accounts.${env}.accountName`, `Same name as the ${sameName} account`));
    names.set(foldedName, env);
    const foldedEmail = foldForUniqueness(accountEmail);
    const sameEmail = emails.get(foldedEmail);
    if (sameEmail) errors.push(fieldError(`accounts.${env}.accountEmail`, `Same email as the ${sameEmail} account`));
    emails.set(foldedEmail, env);

    let ou: OuRef | null = null;
    if (override.ou?.trim()) {
      ou = parseOuLabel(override.ou);
      if (!ou) errors.push(fieldError(`accounts.${env}.ou`, "Choose an OU in the form Name (ou-xxxx-xxxxxxxx)"));
    } else {
      ou = context.settings.defaultOus[env] ?? null;
      if (!ou) errors.push(fieldError(`accounts.${env}.ou`, `Choose the OU for ${env}: no default is set`));
    }
    if (ou && knownOus) {
      // Organizations' own name wins over whatever the label said (an OU may have been renamed).
      const known = knownOus.get(ou.id);
      if (!known) errors.push(fieldError(`accounts.${env}.ou`, `Organizations has no OU ${ou.id}`));
      ou = known ?? null;
    }
    if (ou && !nameProblem && !emailProblem && tags.ok) {
      planned.push({ env, accountName, accountEmail, ou, sso, tags: buildAccountTags(context.policy, { entered: tags.value, workloadSlug: input.workloadSlug, env }) });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: planned };
}
