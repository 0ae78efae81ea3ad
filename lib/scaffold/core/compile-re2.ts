import { compileSafePattern, UnsafePatternError, type SafePattern } from "@/lib/patterns/safe-pattern";
import { ConditionUncheckableError } from "./evaluate-condition";

/**
 * Compiles a validation regex with RE2 (lib/patterns), Terraform's own engine: same syntax
 * (`(?i)`, `(?P<name>`, `\A`, `\z`, `\pL`, POSIX classes) and matching in time linear in the
 * input, so a module's pattern cannot hang the server. Patterns RE2 rejects (look-around,
 * back-references) are uncheckable. Server-side only by convention: the form leaves it out so
 * the RE2 engine is not in its bundle (evaluate-condition's `ConditionOptions`).
 */
export function compileRe2(pattern: string): SafePattern {
  try {
    return compileSafePattern(pattern);
  } catch (error) {
    if (error instanceof UnsafePatternError) throw new ConditionUncheckableError(error.message);
    throw error;
  }
}
