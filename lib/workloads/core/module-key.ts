import { parseGitSource } from "@/lib/hcl";

/*
 * Which catalogue module a unit's source points at. Sources name the same module in many ways
 * (https or ssh, github.com or the emulator, with or without `.git`), so matching goes by
 * `owner/repo//folder`, lower-cased, and ignores the host.
 */

/** `owner/repo//folder` of a module, lower-cased; the folder is "" for the repo root. */
export function moduleKey(repo: { owner: string; repo: string }, path: string): string {
  const folder = path.replace(/^\.?\/*|\/+$/g, "").replace(/^\.$/, "");
  return `${repo.owner}/${repo.repo}//${folder}`.toLowerCase();
}

export interface SourceKey {
  /** The module key of the source (see `moduleKey`). */
  key: string;
  /** The `?ref=` of the source, or null when it has none. */
  ref: string | null;
  /** The repo URL as the source writes it, for re-rendering a unit with the same host. */
  repoUrl: string;
}

/** The module key of a unit's source string, or null when it is not a git source on owner/repo. */
export function sourceKey(source: string | null): SourceKey | null {
  const parsed = source ? parseGitSource(source) : null;
  if (!parsed?.repoSlug) return null;
  const [owner, repo] = parsed.repoSlug.split("/") as [string, string];
  return { key: moduleKey({ owner, repo }, parsed.path), ref: parsed.ref, repoUrl: parsed.repoUrl };
}
