import { applyNamePattern, foldForUniqueness } from "./account-naming";
import type { VendingEnv } from "./environments";
import type { OuRef } from "./organizational-unit";
import type { TagMap } from "./tag-policy";

/*
 * What an approver should look at twice. None of these blocks a request; each names what is
 * unusual and why it might be a mistake.
 */

export type ApprovalWarning =
  | { code: "new_ou"; env: VendingEnv; ou: OuRef; message: string }
  | { code: "non_default_ou"; env: VendingEnv; ou: OuRef; defaultOu: OuRef; message: string }
  | { code: "new_tag_value"; key: string; value: string; message: string }
  | { code: "edited_name"; env: VendingEnv; accountName: string; expected: string; message: string }
  | { code: "edited_email"; env: VendingEnv; accountEmail: string; expected: string; message: string };

export interface WarnedAccount {
  env: VendingEnv;
  accountName: string;
  accountEmail: string;
  ou: OuRef;
  tags: TagMap;
}

/** What the estate already uses, from the stored accounts (vended and imported). */
export interface KnownUsage {
  ouIds: Iterable<string>;
  /** Key → values seen on any account. */
  tagValues: Record<string, Iterable<string>>;
}

export interface BuildApprovalWarningsOptions {
  workloadSlug: string;
  accounts: WarnedAccount[];
  known: KnownUsage;
  settings: { accountNamePattern: string; emailPattern: string; defaultOus: Partial<Record<VendingEnv, OuRef>> };
  /** Keys the portal derives (Workload, Environment): a new workload's slug is new by design. */
  derivedKeys: string[];
}

export function buildApprovalWarnings(options: BuildApprovalWarningsOptions): ApprovalWarning[] {
  const warnings: ApprovalWarning[] = [];
  const knownOus = new Set(options.known.ouIds);
  const knownValues = new Map(Object.entries(options.known.tagValues).map(([key, values]) => [key, new Set(values)]));
  const derived = new Set(options.derivedKeys);
  const warnedValues = new Set<string>();

  for (const account of options.accounts) {
    const values = { workload: options.workloadSlug, env: account.env };
    if (!knownOus.has(account.ou.id)) {
      warnings.push({ code: "new_ou", env: account.env, ou: account.ou, message: `No account is in ${account.ou.name} (${account.ou.id}) yet: check that ${account.env} belongs there` });
    }
    const defaultOu = options.settings.defaultOus[account.env];
    if (defaultOu && defaultOu.id !== account.ou.id) {
      warnings.push({
        code: "non_default_ou",
        env: account.env,
        ou: account.ou,
        defaultOu,
        message: `${account.env} goes to ${account.ou.name} instead of the default ${defaultOu.name}`,
      });
    }
    const expectedName = applyNamePattern(options.settings.accountNamePattern, values);
    if (foldForUniqueness(expectedName) !== foldForUniqueness(account.accountName)) {
      warnings.push({ code: "edited_name", env: account.env, accountName: account.accountName, expected: expectedName, message: `The ${account.env} account is named ${account.accountName}, not ${expectedName} as the pattern gives` });
    }
    const expectedEmail = applyNamePattern(options.settings.emailPattern, values);
    if (foldForUniqueness(expectedEmail) !== foldForUniqueness(account.accountEmail)) {
      warnings.push({ code: "edited_email", env: account.env, accountEmail: account.accountEmail, expected: expectedEmail, message: `The ${account.env} root email is ${account.accountEmail}, not ${expectedEmail} as the pattern gives` });
    }
    for (const [key, value] of Object.entries(account.tags)) {
      if (derived.has(key) || warnedValues.has(`${key}\u0000${value}`)) continue;
      if (!knownValues.get(key)?.has(value)) {
        warnedValues.add(`${key}\u0000${value}`);
        warnings.push({ code: "new_tag_value", key, value, message: `No account has ${key} = ${value} yet: check for a typo` });
      }
    }
  }
  return warnings;
}
