import { RE2JS } from "re2js";

/*
 * Regular expressions from outside the code (a module's validation conditions, CODEOWNERS globs,
 * an admin's tag policy, the role mapping) run on RE2 (re2js), which matches in time linear in
 * the input: no pattern, however it nests its quantifiers (`(a+)+$`), can pin a CPU. RE2 has no
 * backreferences or look-around; a pattern that uses them is refused with a clear error rather
 * than run on a backtracking engine. RE2 is also Terraform's engine, so `regex()` conditions
 * mean here what they mean at plan time.
 */

/** Longest pattern compiled: patterns are configuration, not data. */
export const MAX_SAFE_PATTERN_LENGTH = 1000;

/** A pattern RE2 refuses, or one longer than allowed; the message names the problem. */
export class UnsafePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafePatternError";
  }
}

/** One match: `[whole, ...groups]`, with the named groups (or undefined when the pattern names none). */
export type SafeMatch = (string | undefined)[] & { index: number; groups?: Record<string, string | undefined> };

/** A compiled RE2 pattern. */
export interface SafePattern {
  readonly source: string;
  /** True when the pattern matches somewhere in `text`. */
  test(text: string): boolean;
  /** True when the pattern matches the whole of `text`. */
  matchesWhole(text: string): boolean;
  /** The first match, or null. */
  exec(text: string): SafeMatch | null;
  /** Every non-overlapping match, left to right. */
  matchAll(text: string): SafeMatch[];
}

export interface SafePatternOptions {
  caseInsensitive?: boolean;
  maxLength?: number;
}

/** Compiles `pattern` with RE2, or throws UnsafePatternError saying why it cannot be used. */
export function compileSafePattern(pattern: string, { caseInsensitive = false, maxLength = MAX_SAFE_PATTERN_LENGTH }: SafePatternOptions = {}): SafePattern {
  if (pattern.length > maxLength) throw new UnsafePatternError(`A pattern is at most ${maxLength} characters`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new UnsafePatternError(
      `Not a valid RE2 regular expression (RE2 has no backreferences or look-around): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    source: pattern,
    test: (text) => re.test(text),
    matchesWhole: (text) => re.testExact(text),
    exec: (text) => re.exec(text) as SafeMatch | null,
    matchAll: (text) => [...re.matchAll(text)] as unknown as SafeMatch[],
  };
}

/** Why `pattern` cannot be used, or null. */
export function checkSafePattern(pattern: string, options?: SafePatternOptions): string | null {
  try {
    compileSafePattern(pattern, options);
    return null;
  } catch (error) {
    if (error instanceof UnsafePatternError) return error.message;
    throw error;
  }
}

/** `text` as an RE2 literal: every metacharacter escaped. */
export function quoteSafePattern(text: string): string {
  return RE2JS.quote(text);
}
