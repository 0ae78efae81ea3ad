/*
 * The key-level difference between an audit row's `before` and `after` JSON: which keys were
 * added, removed or changed, with their values. Nested objects are walked and named by dotted
 * path ("tags.CostCode"); arrays and scalars are compared as whole values, since an element's
 * position is rarely what changed. Pure: the detail page and the tests use it.
 */

export type AuditChangeKind = "added" | "removed" | "changed" | "unchanged";

export interface AuditChange {
  /** Dotted path of the key; "(value)" when before or after is not an object. */
  path: string;
  kind: AuditChangeKind;
  before?: unknown;
  after?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Deep equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEqual(a[key], b[key]));
  }
  return false;
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

function walk(before: Record<string, unknown>, after: Record<string, unknown>, prefix: string, out: AuditChange[]): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    const path = join(prefix, key);
    const inBefore = Object.hasOwn(before, key);
    const inAfter = Object.hasOwn(after, key);
    const b = before[key];
    const a = after[key];
    if (!inBefore) out.push({ path, kind: "added", after: a });
    else if (!inAfter) out.push({ path, kind: "removed", before: b });
    else if (isRecord(b) && isRecord(a)) walk(b, a, path, out);
    else out.push(jsonEqual(b, a) ? { path, kind: "unchanged", before: b, after: a } : { path, kind: "changed", before: b, after: a });
  }
}

/**
 * Every key of `before` and `after`, in path order, marked added, removed, changed or unchanged.
 * A missing side (null or undefined: a creation, a deletion) counts as an empty object.
 */
export function diffAuditChange(before: unknown, after: unknown): AuditChange[] {
  const b = before ?? {};
  const a = after ?? {};
  if (!isRecord(b) || !isRecord(a)) {
    if (before === null || before === undefined) return [{ path: "(value)", kind: "added", after }];
    if (after === null || after === undefined) return [{ path: "(value)", kind: "removed", before }];
    return [jsonEqual(before, after) ? { path: "(value)", kind: "unchanged", before, after } : { path: "(value)", kind: "changed", before, after }];
  }
  const out: AuditChange[] = [];
  walk(b, a, "", out);
  return out;
}

/** A JSON value as one line of text, for tables; undefined (a missing key) as "". */
export function formatJsonValue(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value);
}
