import { AppError } from "@/lib/errors/app-error";
import { decodeHclString, isHclTemplate, quoteHclTemplate, unescapeHclTemplate } from "./decode-hcl-template";
import { makeExpr, type InputValue } from "./input-value";

/**
 * Converts a value from hcl2json into an InputValue: literal strings are unescaped, and
 * templates become raw expressions (a lone `${expr}` becomes `expr`; anything else is kept as
 * a quoted template).
 */
export function convertHclJsonValue(value: unknown): InputValue {
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") {
    const decoded = decodeHclString(value);
    if (decoded.kind === "literal") return decoded.text;
    // An expression holding a template of its own (`${upper("a-${x}")}`) stays a quoted
    // template, as this reader has always returned it; HCL reads both forms as the same value.
    if (decoded.kind === "expression" && !isHclTemplate(decoded.expression)) return makeExpr(decoded.expression);
    return makeExpr(quoteHclTemplate(value));
  }
  if (Array.isArray(value)) return value.map(convertHclJsonValue);
  if (typeof value === "object") {
    const out: { [key: string]: InputValue } = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, unescapeHclTemplate(key), {
        value: convertHclJsonValue(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  throw new AppError("INVALID_INPUT", `Unexpected ${typeof value} in parsed HCL`);
}
