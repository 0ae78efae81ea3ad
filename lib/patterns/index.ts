/*
 * lib/patterns: allowlists for text from configuration, forms and repositories. Regular
 * expressions run on RE2 (linear time); GitHub repository names pass one rule everywhere. A
 * shared library like lib/hcl: pure, no domain, imported as `@/lib/patterns` by any domain's
 * core, the platform and browser code.
 */
export { checkSafePattern, compileSafePattern, MAX_SAFE_PATTERN_LENGTH, quoteSafePattern, UnsafePatternError, type SafeMatch, type SafePattern, type SafePatternOptions } from "./safe-pattern";
export { isGithubOwner, isGithubRepoName, isRepoRef, REPO_REF_MESSAGE } from "./repo-ref";
export { githubOwnerSchema, githubRepoNameSchema, repoRefSchema } from "./repo-ref-schema";
