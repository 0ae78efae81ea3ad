/**
 * A raw HCL expression written as-is into the file (references such as
 * `dependency.vpc.outputs.vpc_id` or `get_env("TOKEN")`). It is the only way a value
 * that is not a literal reaches the emitter.
 */
export interface ExprValue {
  __expr: string;
}

/** A value for a module input: plain JSON, with raw expressions anywhere inside. */
export type InputValue =
  | null
  | boolean
  | number
  | string
  | ExprValue
  | InputValue[]
  | { [key: string]: InputValue };

/** True for the `{ __expr: "..." }` marker (and nothing else: exactly one string key). */
export function isExprValue(value: unknown): value is ExprValue {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "__expr" && typeof (value as ExprValue).__expr === "string";
}

/** Builds a raw-expression marker. */
export function makeExpr(expression: string): ExprValue {
  return { __expr: expression };
}

/** True when the value (deeply) contains a raw expression. */
export function containsExpr(value: unknown): boolean {
  if (isExprValue(value)) return true;
  if (Array.isArray(value)) return value.some(containsExpr);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsExpr);
  return false;
}

/** Deep equality for JSON-like values (object key order ignored, -0 equals 0). */
export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => isDeepEqual(item, b[i]));
  }
  if (typeof a === "object") {
    if (Array.isArray(b)) return false;
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const ak = Object.keys(ao);
    if (ak.length !== Object.keys(bo).length) return false;
    return ak.every((k) => Object.hasOwn(bo, k) && isDeepEqual(ao[k], bo[k]));
  }
  return false;
}
