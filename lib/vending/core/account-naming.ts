import { AppError } from "@/lib/errors/app-error";
import type { VendingEnv } from "./environments";

/*
 * Account names and root emails, derived from admin-set patterns and checked against an
 * allowlist. An account name becomes the Service Catalog provisioned-product name and a folder
 * of the provider repo (`accounts/<name>/`), so it is held to the strictest of those rules.
 */

/** The values a pattern may use: `{workload}` and `{env}`. */
export interface PatternValues {
  workload: string;
  env: VendingEnv;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(["workload", "env"]);

// Organizations allows 1–50 printable ASCII characters; Service Catalog's provisioned-product
// name allows [a-zA-Z0-9][a-zA-Z0-9._-]*; a git path segment must not end in "." (Windows) and
// is safest without spaces. The intersection: letters, digits, ".", "_", "-", starting and
// ending with a letter or digit.
const ACCOUNT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,48}[A-Za-z0-9])?$/;
const MAX_ACCOUNT_NAME = 50;

// An allowlist, not RFC 5322: addresses reach AWS, PR bodies and the UI, so only letters,
// digits and . _ + - before the @ (no leading, trailing or double dots), and a domain of LDH
// labels ending in an alphabetic top-level label.
const EMAIL_LOCAL = /^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*$/;
const EMAIL_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** AWS accepts 6–64 characters for an account's root email. */
export const MAX_ACCOUNT_EMAIL = 64;
const MAX_EMAIL = 254;

// Account Factory passes SSO names to IAM Identity Center: letters of any script, spaces,
// apostrophes, hyphens and dots, starting with a letter.
const SSO_NAME = /^\p{L}[\p{L}\p{M} '.-]{0,49}$/u;

/** Why `name` cannot be an account name, or null when it can. */
export function checkAccountName(name: string): string | null {
  if (name.length === 0) return "Enter an account name";
  if (name.length > MAX_ACCOUNT_NAME) return `An account name is at most ${MAX_ACCOUNT_NAME} characters`;
  if (!ACCOUNT_NAME.test(name)) return "Use letters, digits, dots, dashes and underscores, starting and ending with a letter or digit";
  return null;
}

/** Why `email` is not an acceptable address, or null. `maxLength` is 64 for account root emails. */
export function checkEmail(email: string, options: { maxLength?: number } = {}): string | null {
  const maxLength = options.maxLength ?? MAX_EMAIL;
  if (email.length === 0) return "Enter an email address";
  if (email.length > maxLength) return `An email address here is at most ${maxLength} characters`;
  if (email.length < 6) return "An email address is at least 6 characters";
  const at = email.lastIndexOf("@");
  if (at <= 0 || email.indexOf("@") !== at) return "An email address has exactly one @ with a name before it";
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return "The part before @ may use letters, digits and . _ + - (no leading, trailing or double dots)";
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => EMAIL_LABEL.test(label))) return "The domain after @ must look like example.com";
  if (!/^[A-Za-z]{2,63}$/.test(labels.at(-1) ?? "")) return "The domain must end in a top-level domain such as .com";
  return null;
}

/** Why `name` is not acceptable as an SSO user's first or last name, or null. */
export function checkSsoName(name: string): string | null {
  if (name.length === 0) return "Enter a name";
  if (!SSO_NAME.test(name)) return "Use up to 50 letters, spaces, apostrophes, dots and hyphens, starting with a letter";
  return null;
}

/**
 * Why a naming pattern is unusable, or null. A pattern must contain both `{workload}` and
 * `{env}` (otherwise two accounts would get the same name) and no other placeholder, and must
 * produce a valid name or email for a sample workload.
 */
export function checkNamePattern(pattern: string, kind: "accountName" | "email"): string | null {
  const used = new Set<string>();
  for (const match of pattern.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!KNOWN_PLACEHOLDERS.has(name)) return `Unknown placeholder {${name}}: use {workload} and {env}`;
    used.add(name);
  }
  if (/[{}]/.test(pattern.replace(PLACEHOLDER, ""))) return "Unbalanced { or } in the pattern";
  if (!used.has("workload") || !used.has("env")) return "The pattern must contain both {workload} and {env}, so that every account gets its own value";
  // The longest workload slug (40) with the longest env shows whether the pattern always fits.
  const sample = applyNamePattern(pattern, { workload: "w".repeat(40), env: "stage" });
  const short = applyNamePattern(pattern, { workload: "ab", env: "dev" });
  const problem = kind === "accountName" ? checkAccountName(short) : checkEmail(short, { maxLength: MAX_ACCOUNT_EMAIL });
  if (problem) return `The pattern gives "${short}": ${problem}`;
  const long = kind === "accountName" ? checkAccountName(sample) : checkEmail(sample, { maxLength: MAX_ACCOUNT_EMAIL });
  if (long) return `With a 40-character workload slug the pattern gives an invalid value: ${long}`;
  return null;
}

/** Replaces `{workload}` and `{env}`; the result is not checked (see deriveAccountName/Email). */
export function applyNamePattern(pattern: string, values: PatternValues): string {
  return pattern.replace(PLACEHOLDER, (whole, name: string) => (name === "workload" ? values.workload : name === "env" ? values.env : whole));
}

/** The account name the pattern gives, checked; throws INVALID_INPUT naming the problem. */
export function deriveAccountName(pattern: string, values: PatternValues): string {
  const name = applyNamePattern(pattern, values);
  const problem = checkAccountName(name);
  if (problem) throw new AppError("INVALID_INPUT", `The account name pattern gives "${name}": ${problem}`);
  return name;
}

/** The root email the pattern gives, checked; throws INVALID_INPUT naming the problem. */
export function deriveAccountEmail(pattern: string, values: PatternValues): string {
  const email = applyNamePattern(pattern, values);
  const problem = checkEmail(email, { maxLength: MAX_ACCOUNT_EMAIL });
  if (problem) throw new AppError("INVALID_INPUT", `The email pattern gives "${email}": ${problem}`);
  return email;
}

/** Names and emails are unique without regard to case, as AWS compares emails. */
export function foldForUniqueness(value: string): string {
  return value.toLowerCase();
}
