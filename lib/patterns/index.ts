/*
 * lib/patterns: regular expressions from configuration and repositories, run on RE2 (linear
 * time). A shared library like lib/hcl: pure, no domain, imported as `@/lib/patterns` by any
 * domain's core, the platform and browser code.
 */
export { checkSafePattern, compileSafePattern, MAX_SAFE_PATTERN_LENGTH, quoteSafePattern, UnsafePatternError, type SafeMatch, type SafePattern, type SafePatternOptions } from "./safe-pattern";
