import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { InstallationOctokit } from "@/lib/platform/github/github-app";
import { mapGithubError } from "@/lib/platform/github/map-github-error";
import { LruCache } from "../core/lru-cache";
import type { ConsumerRepoReader, RepoRef } from "../ports";

export interface GithubConsumerRepoReaderOptions {
  /** An installation Octokit for a repo (`getRepoOctokit(getGithubApp(), o, r)`). */
  getOctokit: (owner: string, repo: string) => Promise<InstallationOctokit>;
  /** Bounds of the cache of what was read at a commit (defaults: 5,000 entries, 32 MB of text). */
  cache?: { maxEntries?: number; maxBytes?: number };
}

const COMMIT_SHA = /^[0-9a-f]{40}$/i;

type Cached = { kind: "file"; text: string | null } | { kind: "tree"; paths: string[] };

/**
 * Reads consumer repos through the App: repo info, one recursive tree, and file contents.
 *
 * What is read at a commit sha never changes, so trees and files read at one are kept in a
 * bounded LRU keyed by repo, sha and path: a workload page read again while the default branch
 * has not moved costs one call (the head), not one per unit, and a push moves the head, which
 * reads the new commit. GitHub's stricter answers are handled here: a file over 1 MB comes from
 * the contents API with no content (`encoding: "none"`) and is read again as a git blob; an
 * empty repo answers 409, reported as such; a cut-short tree is refused.
 */
export function createGithubConsumerRepoReader(options: GithubConsumerRepoReaderOptions): ConsumerRepoReader {
  const cache = new LruCache<Cached>({
    maxEntries: options.cache?.maxEntries ?? 5_000,
    maxWeight: options.cache?.maxBytes ?? 32 * 1024 * 1024,
    weigh: (entry) => (entry.kind === "file" ? (entry.text?.length ?? 0) : entry.paths.reduce((sum, path) => sum + path.length, 0)) + 64,
  });
  const cacheKey = (repo: RepoRef, ref: string, what: string) => `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}@${ref.toLowerCase()}:${what}`;
  const context = (repo: RepoRef, action: string) => ({ repo: `${repo.owner}/${repo.repo}`, action, permission: "contents:read" as const });
  const fail = (error: unknown, repo: RepoRef, action: string): AppError => {
    if ((error as { status?: number }).status === 409) {
      // GitHub's answer for a repo nothing was pushed to: "Git Repository is empty."
      return new AppError("CONFLICT", `${repo.owner}/${repo.repo} is empty: push root.hcl first.`, { details: { reason: "empty_repository" }, cause: error });
    }
    return mapGithubError(error, context(repo, action));
  };

  async function readTree(repo: RepoRef, ref: string): Promise<string[]> {
    const key = cacheKey(repo, ref, "tree");
    const cached = COMMIT_SHA.test(ref) ? cache.get(key) : undefined;
    if (cached?.kind === "tree") return cached.paths;
    try {
      const octokit = await options.getOctokit(repo.owner, repo.repo);
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: repo.owner, repo: repo.repo, tree_sha: ref, recursive: "1" });
      // A partial listing would make units look deleted; refuse rather than guess.
      if (data.truncated) {
        throw new AppError(
          "UPSTREAM_FAILED",
          `${repo.owner}/${repo.repo} has more files than GitHub lists in one tree (the listing came back truncated), so Bulkhead cannot read it whole. Move what is not Terragrunt out of the repo, or split it.`,
          { details: { reason: "truncated_tree" } },
        );
      }
      const paths = data.tree.filter((entry) => entry.type === "blob" && typeof entry.path === "string").map((entry) => entry.path as string);
      if (COMMIT_SHA.test(ref)) cache.set(key, { kind: "tree", paths });
      return paths;
    } catch (error) {
      throw fail(error, repo, "list the repository's files");
    }
  }

  async function fetchFile(repo: RepoRef, ref: string, path: string): Promise<string | null> {
    try {
      const octokit = await options.getOctokit(repo.owner, repo.repo);
      const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: repo.owner, repo: repo.repo, path, ref });
      if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
      if (data.encoding === "base64") return Buffer.from(data.content, "base64").toString("utf8");
      // Over 1 MB the contents API leaves the content out (encoding "none"); the blob has it.
      const { data: blob } = await octokit.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { owner: repo.owner, repo: repo.repo, file_sha: data.sha });
      return Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8").toString("utf8");
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw fail(error, repo, `read ${path}`);
    }
  }

  return {
    async readHead(repo) {
      try {
        const octokit = await options.getOctokit(repo.owner, repo.repo);
        const { data: info } = await octokit.request("GET /repos/{owner}/{repo}", { owner: repo.owner, repo: repo.repo });
        const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner: repo.owner, repo: repo.repo, ref: `heads/${info.default_branch}` });
        return { defaultBranch: info.default_branch, sha: ref.object.sha };
      } catch (error) {
        throw fail(error, repo, "read the repository");
      }
    },

    async listFiles(repo, { ref, prefixes }) {
      const paths = await readTree(repo, ref);
      return paths.filter((path) => !prefixes || prefixes.some((prefix) => path.startsWith(prefix))).sort();
    },

    async readFile(repo, { ref, path }) {
      if (!COMMIT_SHA.test(ref)) return fetchFile(repo, ref, path);
      const key = cacheKey(repo, ref, `file:${path}`);
      const cached = cache.get(key);
      if (cached?.kind === "file") return cached.text;
      const text = await fetchFile(repo, ref, path);
      cache.set(key, { kind: "file", text });
      return text;
    },
  };
}
