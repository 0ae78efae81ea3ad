/*
 * GitHub CODEOWNERS, as GitHub reads it: one rule per line (`<pattern> <owner> …`), `#` comments,
 * and the LAST rule whose pattern matches a path decides its owners (a rule without owners
 * leaves the path unowned). Patterns follow GitHub's subset of gitignore: no `!` negation and no
 * `[ ]` ranges; `\#` escapes a pattern that starts with `#`.
 * https://docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/customizing-your-repository/about-code-owners
 */

import { compileSafePattern, quoteSafePattern, type SafePattern } from "@/lib/patterns";

/** Where GitHub looks for the file, in the order it looks: the first one found is used. */
export const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

export interface CodeOwnersRule {
  pattern: string;
  /** `@org/team`, `@user` or an email address, as written. */
  owners: string[];
  line: number;
  matches: (path: string) => boolean;
}

// What GitHub accepts as an owner: @user, @org/team-slug or an email address.
const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** An owner as CODEOWNERS writes it: `@user`, `@org/team` or an email address. */
export function isCodeOwner(text: string): boolean {
  return text.length <= 200 && OWNER.test(text);
}

/** Reads a CODEOWNERS file; lines GitHub would reject (negation, ranges, odd owners) are skipped. */
export function parseCodeOwners(text: string): CodeOwnersRule[] {
  const rules: CodeOwnersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const [first = "", ...rest] = line.split(/\s+/);
    const pattern = first.startsWith("\\#") ? first.slice(1) : first;
    if (pattern.startsWith("!") || /[[\]]/.test(pattern)) return;
    const matcher = globToPattern(pattern);
    if (!matcher) return;
    const owners: string[] = [];
    for (const word of rest) {
      if (word.startsWith("#")) break;
      if (!isCodeOwner(word)) return;
      owners.push(word);
    }
    rules.push({ pattern, owners, line: index + 1, matches: (path) => matcher.test(path.replace(/^\/+/, "")) });
  });
  return rules;
}

/** The owners of a repo path (no leading slash): those of the last matching rule, or none. */
export function findCodeOwners(rules: CodeOwnersRule[], path: string): { owners: string[]; rule: CodeOwnersRule | null } {
  for (let k = rules.length - 1; k >= 0; k--) {
    const rule = rules[k] as CodeOwnersRule;
    if (rule.matches(path)) return { owners: rule.owners, rule };
  }
  return { owners: [], rule: null };
}

/**
 * The owners of a module folder (`modules/vpc`, or "" for a repo-root module): the owners GitHub
 * would ask to review a change to the module's `main.tf`, so `/modules/vpc/`, `modules/`, `*.tf`
 * and `*` rules all apply as they would to the module's code.
 */
export function findModuleOwners(rules: CodeOwnersRule[], folder: string): string[] {
  const clean = folder.replace(/^\/+|\/+$/g, "");
  return findCodeOwners(rules, clean ? `${clean}/main.tf` : "main.tf").owners;
}

// A repo's CODEOWNERS is untrusted text: its globs are matched on RE2 (linear time, no
// backtracking) and bounded, so a line like `*a*a*a*a*a*a*a*a*b` or `**/**/**/…` cannot hang a sync.
const MAX_GLOB_LENGTH = 500;
const MAX_GLOBSTARS = 8;

/**
 * gitignore-style pattern → RE2 pattern over a repo path, or null for a pattern too long or with
 * too many `**` to match cheaply (the line is skipped). A pattern with a `/` before its end is
 * anchored at the root, one without matches at any depth; a trailing `/` matches only a
 * directory (so everything under it); a pattern also owns everything below a directory it
 * names, except `dir/*`, which GitHub documents as the directory's direct files only.
 */
function globToPattern(pattern: string): SafePattern | null {
  if (pattern.length > MAX_GLOB_LENGTH) return null;
  const directoryOnly = pattern.endsWith("/");
  let body = pattern.replace(/\/+$/, "");
  const anchored = body.startsWith("/") || body.includes("/");
  // `**/**/` means what `**/` means; runs of `*` in a segment mean what one `*` means.
  body = body.replace(/^\/+/, "").replace(/(?:\*\*\/)+/g, "**/").replace(/\*{3,}/g, "**");
  if (body === "" || body === "**") return compileSafePattern("^");
  if ((body.match(/\*\*/g) ?? []).length > MAX_GLOBSTARS) return null;
  const directFilesOnly = /(^|\/)\*$/.test(body) && body !== "*";
  let source = "";
  for (let k = 0; k < body.length; k++) {
    const char = body[k] as string;
    if (char === "*" && body[k + 1] === "*") {
      const slashAfter = body[k + 2] === "/";
      source += slashAfter ? "(?:.*/)?" : ".*";
      k += slashAfter ? 2 : 1;
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else {
      source += quoteSafePattern(char);
    }
  }
  const prefix = anchored ? "^" : "^(?:.*/)?";
  const suffix = directoryOnly ? "/.*$" : directFilesOnly ? "$" : "(?:/.*)?$";
  return compileSafePattern(prefix + source + suffix, { maxLength: MAX_GLOB_LENGTH * 8 + 32 });
}
