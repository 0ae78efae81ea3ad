import { AppError } from "@/lib/errors/app-error";
import { checkHclExpression } from "./check-hcl-expression";
import { formatHcl } from "./emit-hcl";
import { isHclTemplate, unescapeHclTemplate } from "./decode-hcl-template";
import { parseHclFile } from "./parse-hcl";
import { isDeepEqual, isExprValue, type InputValue } from "./input-value";

export interface RoundtripExpectation {
  /** Dotted path into hcl2json's output, e.g. ["inputs"] or ["module", "vpc", 0] */
  at: Array<string | number>;
  value: InputValue;
}

export type RoundtripResult = { ok: true } | { ok: false; path: string; message: string };

/**
 * Parses `text` back with `@cdktn/hcl2json` and compares the values found at each expectation
 * with what was entered. Literal strings are compared after undoing hcl2json's template escaping
 * and with the entered text in NFC, because HCL normalises every string literal to NFC.
 * Raw expressions are compared with what hcl2json gives for the same expression on its own.
 */
export async function checkRoundtrip(text: string, expectations: RoundtripExpectation[]): Promise<RoundtripResult> {
  let parsed: Record<string, unknown>;
  try {
    parsed = await parseHclFile(text);
  } catch (error) {
    return { ok: false, path: "", message: error instanceof Error ? error.message : String(error) };
  }
  const exprs = await parseExpressions(expectations.map((e) => e.value));
  for (const expectation of expectations) {
    let actual: unknown = parsed;
    for (const step of expectation.at) {
      actual = actual === null || typeof actual !== "object" ? undefined : (actual as Record<string | number, unknown>)[step];
    }
    const mismatch = compare(expectation.value, actual, expectation.at.join("."), exprs);
    if (mismatch) return { ok: false, ...mismatch };
  }
  return { ok: true };
}

/** Like `checkRoundtrip`, but throws an AppError on mismatch (used by the renderers). */
export async function assertRoundtrip(text: string, expectations: RoundtripExpectation[]): Promise<void> {
  const result = await checkRoundtrip(text, expectations);
  if (!result.ok) {
    throw new AppError("INVALID_INPUT", `Rendered HCL does not read back as entered at ${result.path || "file"}: ${result.message}`, {
      details: { path: result.path },
    });
  }
}

async function parseExpressions(values: InputValue[]): Promise<Map<string, unknown>> {
  const found = new Set<string>();
  const visit = (value: InputValue): void => {
    if (isExprValue(value)) found.add(value.__expr);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  values.forEach(visit);
  const result = new Map<string, unknown>();
  if (found.size === 0) return result;
  const list = [...found];
  // The formatter rewrites expression spacing (a+b → a + b), so the reference file is formatted too.
  // An allowed expression is written in its canonical form, as the emitter writes it; any other
  // is only compared here (this scratch file is parsed, never written out), so it goes in as is.
  const written = (expr: string) => {
    const checked = checkHclExpression(expr);
    return checked.ok ? checked.text : expr.trim();
  };
  const file = await formatHcl(list.map((expr, i) => `e${i} = ${written(expr)}\n`).join(""));
  const parsed = await parseHclFile(file, "expressions.hcl");
  list.forEach((expr, i) => result.set(expr, parsed[`e${i}`]));
  return result;
}

function compare(expected: InputValue, actual: unknown, path: string, exprs: Map<string, unknown>): { path: string; message: string } | null {
  const fail = (message: string) => ({ path, message });
  if (isExprValue(expected)) {
    return isDeepEqual(exprs.get(expected.__expr), actual) ? null : fail(`expression ${expected.__expr} read back as ${JSON.stringify(actual)}`);
  }
  if (expected === null || typeof expected === "boolean") {
    return actual === expected ? null : fail(`expected ${String(expected)}, got ${JSON.stringify(actual)}`);
  }
  if (typeof expected === "number") {
    return typeof actual === "number" && (actual === expected || (actual === 0 && expected === 0))
      ? null
      : fail(`expected ${expected}, got ${JSON.stringify(actual)}`);
  }
  if (typeof expected === "string") {
    if (typeof actual !== "string" || isHclTemplate(actual)) return fail(`expected a literal string, got ${JSON.stringify(actual)}`);
    return unescapeHclTemplate(actual) === expected.normalize("NFC") ? null : fail(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(unescapeHclTemplate(actual))}`);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return fail(`expected a list of ${expected.length}, got ${JSON.stringify(actual)}`);
    for (let i = 0; i < expected.length; i++) {
      const mismatch = compare(expected[i]!, actual[i], `${path}[${i}]`, exprs);
      if (mismatch) return mismatch;
    }
    return null;
  }
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return fail(`expected an object, got ${JSON.stringify(actual)}`);
  const actualByKey = new Map(Object.entries(actual).map(([k, v]) => [unescapeHclTemplate(k), v] as const));
  const expectedKeys = Object.keys(expected);
  if (actualByKey.size !== expectedKeys.length) return fail(`expected keys ${JSON.stringify(expectedKeys)}, got ${JSON.stringify([...actualByKey.keys()])}`);
  for (const key of expectedKeys) {
    const normalized = key.normalize("NFC");
    if (!actualByKey.has(normalized)) return fail(`missing key ${JSON.stringify(key)}`);
    const mismatch = compare(expected[key]!, actualByKey.get(normalized), `${path}.${key}`, exprs);
    if (mismatch) return mismatch;
  }
  return null;
}
