import { z } from "zod";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { checkSafePattern, compileSafePattern } from "@/lib/patterns";
import type { VendingEnv } from "./environments";
import { fieldError, type Checked } from "./field-error";

/*
 * The mandatory-tag policy: which keys every vended account carries, where each value comes
 * from, and what values are allowed. Admins edit it; it is stored as versioned documents
 * (tag_policy_versions), so each request names the version it was checked against.
 */

/** Tags as AWS holds them: key → value. */
export type TagMap = Record<string, string>;

// AWS Organizations tag rules: letters, numbers, spaces and _ . : / = + - @ (any script);
// keys 1–128 characters, values 0–256; the "aws:" prefix is reserved for AWS. Line and
// paragraph separators count as Unicode spaces but not as AWS "spaces", hence \p{Zs}.
const AWS_TAG_CHARACTERS = /^[\p{L}\p{Zs}\p{N}_.:/=+\-@]*$/u;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
const MAX_PATTERN_LENGTH = 200;

/** Why `key` cannot be an AWS tag key, or null when it can. */
export function checkTagKey(key: string): string | null {
  if (key.length === 0) return "A tag key must not be empty";
  if (key.length > MAX_KEY_LENGTH) return `A tag key is at most ${MAX_KEY_LENGTH} characters`;
  if (!AWS_TAG_CHARACTERS.test(key)) return "A tag key may use letters, digits, spaces and _ . : / = + - @ only";
  if (/^aws:/i.test(key)) return 'Tag keys starting with "aws:" are reserved for AWS';
  return null;
}

/** Why `value` cannot be an AWS tag value, or null when it can. */
export function checkTagValue(value: string): string | null {
  if (value.length > MAX_VALUE_LENGTH) return `A tag value is at most ${MAX_VALUE_LENGTH} characters`;
  if (!AWS_TAG_CHARACTERS.test(value)) return "A tag value may use letters, digits, spaces and _ . : / = + - @ only";
  return null;
}

/** Entered values are compared and stored in NFC without surrounding spaces: what AWS will hold. */
export function normalizeTagValue(value: string): string {
  return value.normalize("NFC").trim();
}

const tagKeySchema = z
  .string()
  .transform((key) => key.normalize("NFC").trim())
  .superRefine((key, ctx) => {
    const problem = checkTagKey(key);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const tagValueSchema = z
  .string()
  .transform(normalizeTagValue)
  .superRefine((value, ctx) => {
    const problem = checkTagValue(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Where a derived value comes from: the workload's slug or the account's environment. */
export const derivedTagSources = ["workload", "environment"] as const;
export type DerivedTagSource = (typeof derivedTagSources)[number];

/**
 * Who may ask for a change of the key's value after vend (governance): a lead of the workload
 * (approved by an admin), admins only, or nobody (derived keys are always "nobody").
 */
export const tagChangeRoles = ["lead", "admin", "nobody"] as const;
export type TagChangeRole = (typeof tagChangeRoles)[number];

export const tagPolicyKeySchema = z
  .object({
    key: tagKeySchema,
    description: z.string().trim().max(500).default(""),
    required: z.boolean().default(true),
    source: z.enum(["entered", "derived"]).default("entered"),
    derivedFrom: z.enum(derivedTagSources).optional(),
    allowedValues: z.array(tagValueSchema).min(1).max(200).optional(),
    /** A JavaScript regular expression (unicode mode) that the whole value must match. */
    pattern: z.string().min(1).max(MAX_PATTERN_LENGTH).optional(),
    whoMayChange: z.enum(tagChangeRoles).default("lead"),
  })
  .superRefine((policyKey, ctx) => {
    if (policyKey.source === "derived") {
      if (!policyKey.derivedFrom) ctx.addIssue({ code: "custom", path: ["derivedFrom"], message: "A derived key needs derivedFrom: workload or environment" });
      if (!policyKey.required) ctx.addIssue({ code: "custom", path: ["required"], message: "A derived key is always set, so it must be required" });
      if (policyKey.whoMayChange !== "nobody") ctx.addIssue({ code: "custom", path: ["whoMayChange"], message: "Nobody may change a derived key" });
      if (policyKey.allowedValues || policyKey.pattern) {
        ctx.addIssue({ code: "custom", path: ["source"], message: "A derived key takes its value from the portal: leave allowed values and pattern out" });
      }
    } else if (policyKey.derivedFrom) {
      ctx.addIssue({ code: "custom", path: ["derivedFrom"], message: "Only derived keys have derivedFrom" });
    }
    if (policyKey.allowedValues && policyKey.pattern) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "Give allowed values or a pattern, not both" });
    }
    if (policyKey.pattern) {
      const problem = checkPattern(policyKey.pattern);
      if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
    }
    if (policyKey.allowedValues && new Set(policyKey.allowedValues).size !== policyKey.allowedValues.length) {
      ctx.addIssue({ code: "custom", path: ["allowedValues"], message: "Allowed values must not repeat" });
    }
  });

export type TagPolicyKey = z.infer<typeof tagPolicyKeySchema>;

/** A whole policy document, as admins save it. */
export const tagPolicyKeysSchema = z
  .array(tagPolicyKeySchema)
  .max(50, "A policy has at most 50 keys (AWS allows 50 tags per account)")
  .superRefine((keys, ctx) => {
    const seen = new Map<string, number>();
    const derived = new Map<DerivedTagSource, number>();
    keys.forEach((policyKey, index) => {
      // AWS keys are case-sensitive, but "CostCode" next to "costcode" is a mistake, never a wish.
      const folded = policyKey.key.toLowerCase();
      if (seen.has(folded)) ctx.addIssue({ code: "custom", path: [index, "key"], message: `"${policyKey.key}" is already in the policy` });
      seen.set(folded, index);
      if (policyKey.derivedFrom) {
        if (derived.has(policyKey.derivedFrom)) {
          ctx.addIssue({ code: "custom", path: [index, "derivedFrom"], message: `Another key is already derived from the ${policyKey.derivedFrom}` });
        }
        derived.set(policyKey.derivedFrom, index);
      }
    });
  });

export interface TagPolicy {
  /** 0 is the built-in default, used until an admin saves the first version. */
  version: number;
  keys: TagPolicyKey[];
}

/** The policy in force before an admin saves one: the product brief's five keys. */
export const defaultTagPolicy: TagPolicy = {
  version: 0,
  keys: tagPolicyKeysSchema.parse([
    { key: "CostCode", description: "Cost centre charged for the account", required: true, pattern: "CC-[0-9]{4,6}" },
    { key: "Owner", description: "Email of the accountable owner", required: true, pattern: "[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+" },
    { key: "DataClassification", description: "Most sensitive data the account will hold", required: true, allowedValues: ["public", "internal", "confidential", "restricted"] },
    { key: "Workload", description: "The workload's slug", source: "derived", derivedFrom: "workload", whoMayChange: "nobody" },
    { key: "Environment", description: "dev, stage or prod", source: "derived", derivedFrom: "environment", whoMayChange: "nobody" },
  ]),
};

/**
 * Why a policy pattern is unusable, or null. Patterns are RE2 (lib/patterns): matched in time
 * linear in the value, so no pattern an admin saves can hang a request; no backreferences or
 * look-around.
 */
export function checkPattern(pattern: string): string | null {
  return checkSafePattern(pattern, { maxLength: MAX_PATTERN_LENGTH });
}

/** True when the whole value matches the pattern (patterns are anchored for the admin). */
export function matchesPattern(value: string, pattern: string): boolean {
  return compileSafePattern(pattern, { maxLength: MAX_PATTERN_LENGTH }).matchesWhole(value);
}

/** The keys the portal fills in itself. */
export function derivedKeys(policy: TagPolicy): TagPolicyKey[] {
  return policy.keys.filter((k) => k.source === "derived");
}

/** Why `value` is not allowed for `policyKey`, or null. Used for entered values and for governance changes. */
export function checkPolicyValue(policyKey: TagPolicyKey, value: string): string | null {
  const awsProblem = checkTagValue(value);
  if (awsProblem) return awsProblem;
  if (policyKey.required && value === "") return `${policyKey.key} is required${policyKey.description ? ` (${policyKey.description})` : ""}`;
  if (value === "") return null;
  if (policyKey.allowedValues && !policyKey.allowedValues.includes(value)) {
    const shown = policyKey.allowedValues.slice(0, 10).join(", ");
    return `${policyKey.key} must be one of: ${shown}${policyKey.allowedValues.length > 10 ? ", …" : ""}`;
  }
  if (policyKey.pattern && !matchesPattern(value, policyKey.pattern)) return `${policyKey.key} must match ${policyKey.pattern}`;
  return null;
}

/**
 * Checks the tags a lead entered against the policy: every required entered key present and
 * allowed, no key outside the policy, and no derived key (the portal sets those). Returns the
 * normalised entered tags, or one error per offending key at `tags.<key>`.
 */
export function validateEnteredTags(policy: TagPolicy, entered: Record<string, string>): Checked<TagMap> {
  const errors: FieldError[] = [];
  const byKey = new Map(policy.keys.map((k) => [k.key, k]));
  const tags: TagMap = {};
  for (const [rawKey, rawValue] of Object.entries(entered)) {
    const key = rawKey.normalize("NFC").trim();
    const policyKey = byKey.get(key);
    if (!policyKey) {
      errors.push(fieldError(`tags.${key}`, `${key || "(empty key)"} is not in the tag policy`));
      continue;
    }
    if (policyKey.source === "derived") {
      errors.push(fieldError(`tags.${key}`, `${key} is set by the portal from the ${policyKey.derivedFrom}; leave it out`));
      continue;
    }
    const value = normalizeTagValue(rawValue);
    const problem = checkPolicyValue(policyKey, value);
    if (problem) errors.push(fieldError(`tags.${key}`, problem));
    else if (value !== "") tags[key] = value;
  }
  for (const policyKey of policy.keys) {
    if (policyKey.source === "entered" && policyKey.required && !(policyKey.key in tags) && !errors.some((e) => e.path === `tags.${policyKey.key}`)) {
      errors.push(fieldError(`tags.${policyKey.key}`, `${policyKey.key} is required${policyKey.description ? ` (${policyKey.description})` : ""}`));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: tags };
}

/**
 * The full tag set of one account: the validated entered tags plus the derived keys filled in
 * from the workload and environment. Entered tags must come from `validateEnteredTags`.
 */
export function buildAccountTags(policy: TagPolicy, options: { entered: TagMap; workloadSlug: string; env: VendingEnv }): TagMap {
  const tags: TagMap = { ...options.entered };
  for (const policyKey of derivedKeys(policy)) {
    const value = policyKey.derivedFrom === "workload" ? options.workloadSlug : options.env;
    const problem = checkTagValue(value);
    if (problem) throw new AppError("INVALID_INPUT", `Derived tag ${policyKey.key} would be invalid: ${problem}`, { fieldErrors: [fieldError(`tags.${policyKey.key}`, problem)] });
    tags[policyKey.key] = value;
  }
  return tags;
}

/**
 * Which policy keys `tags` breaks (missing, or a value not allowed). Keys outside the policy are
 * not violations: imported accounts carry tags of their own. Governance uses it to list the
 * accounts that no longer comply after a policy change.
 */
export function findPolicyViolations(policy: TagPolicy, tags: TagMap): Array<{ key: string; problem: string }> {
  const violations: Array<{ key: string; problem: string }> = [];
  for (const policyKey of policy.keys) {
    const value = tags[policyKey.key];
    if (value === undefined) {
      if (policyKey.required) violations.push({ key: policyKey.key, problem: "missing" });
      continue;
    }
    if (policyKey.source === "derived") continue;
    const problem = checkPolicyValue(policyKey, value);
    if (problem) violations.push({ key: policyKey.key, problem });
  }
  return violations;
}
