/*
 * Folder and tag-prefix names from a repository or an admin reach git source URLs
 * (`git::…//<folder>?ref=<prefix>/v1.2.3`), so they are allowlisted where they enter: each `/`
 * segment is letters, digits, `.`, `_` and `-`, and never `.` or `..`.
 */
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** True when `path` (no leading or trailing slash; "" allowed) is made only of safe segments. */
export function isSafeRepoPath(path: string): boolean {
  if (path === "") return true;
  return path.split("/").every((segment) => SEGMENT.test(segment) && segment !== "." && segment !== "..");
}

/** The message for a path isSafeRepoPath refuses. */
export const SAFE_REPO_PATH_MESSAGE = 'Use folder names of letters, digits, ".", "_" and "-", separated by "/" (no "." or ".." folders).';
