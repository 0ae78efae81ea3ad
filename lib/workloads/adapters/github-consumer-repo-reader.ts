import "server-only";
import { AppError } from "@/lib/errors/app-error";
import type { InstallationOctokit } from "@/lib/platform/github/github-app";
import { mapGithubError } from "@/lib/platform/github/map-github-error";
import type { ConsumerRepoReader } from "../ports";

/**
 * Reads consumer repos through the App: repo info, one recursive tree, and file contents.
 * `getOctokit` gives an installation Octokit for a repo (`getRepoOctokit(getGithubApp(), o, r)`).
 */
export function createGithubConsumerRepoReader(options: { getOctokit: (owner: string, repo: string) => Promise<InstallationOctokit> }): ConsumerRepoReader {
  const context = (repo: { owner: string; repo: string }, action: string) => ({ repo: `${repo.owner}/${repo.repo}`, action, permission: "contents:read" as const });

  return {
    async readHead(repo) {
      try {
        const octokit = await options.getOctokit(repo.owner, repo.repo);
        const { data: info } = await octokit.request("GET /repos/{owner}/{repo}", { owner: repo.owner, repo: repo.repo });
        const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner: repo.owner, repo: repo.repo, ref: `heads/${info.default_branch}` });
        return { defaultBranch: info.default_branch, sha: ref.object.sha };
      } catch (error) {
        throw mapGithubError(error, context(repo, "read the repository"));
      }
    },

    async listFiles(repo, { ref, prefixes }) {
      try {
        const octokit = await options.getOctokit(repo.owner, repo.repo);
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { owner: repo.owner, repo: repo.repo, tree_sha: ref, recursive: "1" });
        // A partial listing would make units look deleted; refuse rather than guess.
        if (data.truncated) {
          throw new AppError("UPSTREAM_FAILED", `${repo.owner}/${repo.repo} has more files than GitHub lists in one tree; it cannot be scanned whole.`);
        }
        return data.tree
          .filter((entry) => entry.type === "blob" && typeof entry.path === "string")
          .map((entry) => entry.path as string)
          .filter((path) => !prefixes || prefixes.some((prefix) => path.startsWith(prefix)))
          .sort();
      } catch (error) {
        throw mapGithubError(error, context(repo, "list the repository's files"));
      }
    },

    async readFile(repo, { ref, path }) {
      try {
        const octokit = await options.getOctokit(repo.owner, repo.repo);
        const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { owner: repo.owner, repo: repo.repo, path, ref });
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return null;
        return Buffer.from(data.content, "base64").toString("utf8");
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw mapGithubError(error, context(repo, `read ${path}`));
      }
    },
  };
}
