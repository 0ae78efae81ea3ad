/*
 * GitHub repository names from a form, a setting or the database reach API paths
 * (`/repos/{owner}/{repo}/…`), git URLs and source strings. One allowlist for all of them:
 * GitHub's owner rule (a letter or digit, then letters, digits and dashes, at most 39), and
 * its repo rule (letters, digits, `.`, `_`, `-`, at most 100) without `.` or `..`, which
 * GitHub refuses and which would climb a path. No zod here: browser code imports this file
 * (the zod schemas are in repo-ref-schema.ts).
 */
const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,100}$/;

export const REPO_REF_MESSAGE = "Write the repository as owner/name, e.g. acme-platform/iac-modules.";

export function isGithubOwner(owner: string): boolean {
  return GITHUB_OWNER.test(owner);
}

export function isGithubRepoName(repo: string): boolean {
  return GITHUB_REPO.test(repo);
}

/** True for `owner/name` where both parts pass GitHub's rules. */
export function isRepoRef(ref: string): boolean {
  const parts = ref.split("/");
  return parts.length === 2 && isGithubOwner(parts[0]!) && isGithubRepoName(parts[1]!);
}
