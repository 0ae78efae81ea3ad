import { checkPolicyValue, checkTagKey, normalizeTagValue, type TagMap, type TagPolicy } from "@/lib/vending";
import { fieldError, type Checked } from "./field-error";

/*
 * What a tag change asks for, and whether the policy allows it. Only the policy's keys change
 * through governance; derived keys (Environment, Workload) never do, and a key whose policy says
 * "admin" may only be changed by admins. Values are checked with the vending policy's own rules,
 * so a value accepted here is one vending would have accepted at vend.
 */

/** New values per key; null removes a key (only an optional one). */
export type TagChanges = Record<string, string | null>;

export type ChangeRole = "lead" | "admin";

const MAX_KEYS_PER_CHANGE = 50;

/**
 * Checks requested changes against the policy for someone acting as `role`. Returns the
 * normalised changes (keys and values in NFC, values trimmed), or one error per offending key at
 * `changes.<key>`.
 */
export function validateTagChanges(policy: TagPolicy, changes: Record<string, string | null>, options: { role: ChangeRole }): Checked<TagChanges> {
  const entries = Object.entries(changes);
  if (entries.length === 0) return { ok: false, errors: [fieldError("changes", "Name at least one tag to change")] };
  if (entries.length > MAX_KEYS_PER_CHANGE) return { ok: false, errors: [fieldError("changes", `At most ${MAX_KEYS_PER_CHANGE} tags change at once`)] };
  const byKey = new Map(policy.keys.map((k) => [k.key, k]));
  const errors = [];
  const normalised: TagChanges = {};
  for (const [rawKey, rawValue] of entries) {
    const key = rawKey.normalize("NFC").trim();
    const path = `changes.${key}`;
    const keyProblem = checkTagKey(key);
    if (keyProblem) {
      errors.push(fieldError(path, keyProblem));
      continue;
    }
    if (key in normalised) {
      errors.push(fieldError(path, `${key} is named twice`));
      continue;
    }
    const policyKey = byKey.get(key);
    if (!policyKey) {
      errors.push(fieldError(path, `${key} is not a mandatory tag: only the tag policy's keys change through a request`));
      continue;
    }
    if (policyKey.source === "derived") {
      errors.push(fieldError(path, `${key} is derived by the portal from the ${policyKey.derivedFrom} and cannot be changed`));
      continue;
    }
    if (policyKey.whoMayChange === "nobody") {
      errors.push(fieldError(path, `The tag policy lets nobody change ${key} after vend`));
      continue;
    }
    if (policyKey.whoMayChange === "admin" && options.role !== "admin") {
      errors.push(fieldError(path, `Only platform admins may change ${key}`));
      continue;
    }
    if (rawValue === null) {
      if (policyKey.required) errors.push(fieldError(path, `${key} is required, so it cannot be removed`));
      else normalised[key] = null;
      continue;
    }
    const value = normalizeTagValue(rawValue);
    const problem = checkPolicyValue(policyKey, value);
    if (problem) errors.push(fieldError(path, problem));
    else normalised[key] = value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: normalised };
}

/** The tags an account has after `changes` (null removes the key). */
export function applyTagChanges(tags: TagMap, changes: TagChanges): TagMap {
  const next: TagMap = { ...tags };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** The keys of `changes` whose value `tags` does not have yet. */
export function pendingTagChanges(tags: TagMap, changes: TagChanges): TagChanges {
  const pending: TagChanges = {};
  for (const [key, value] of Object.entries(changes)) {
    const has = Object.hasOwn(tags, key);
    if (value === null ? has : !has || tags[key] !== value) pending[key] = value;
  }
  return pending;
}

/**
 * Which changed keys `observed` (what AWS reports after applying) does not show, in plain words;
 * empty when the change is verified.
 */
export function findUnappliedChanges(observed: TagMap, changes: TagChanges): string[] {
  return Object.entries(pendingTagChanges(observed, changes)).map(([key, value]) =>
    value === null
      ? `${key} is still set to "${observed[key]}"`
      : Object.hasOwn(observed, key)
        ? `${key} is "${observed[key]}", not "${value}"`
        : `${key} is missing (expected "${value}")`,
  );
}
