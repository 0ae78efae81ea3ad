import type { InstallationOctokit } from "./github-app";
import { mapGithubError } from "./map-github-error";

/** Where a pull request stands on GitHub, as the reconcilers compare it with what we recorded. */
export interface PullRequestState {
  number: number;
  state: "open" | "merged" | "closed";
  /** Set once merged. */
  mergeCommitSha: string | null;
  headRef: string;
  url: string;
}

/** Longer than GitHub usually takes, far shorter than a delivery lease or a job's expiry. */
const READ_TIMEOUT_MS = 15_000;

/**
 * `GET /repos/{owner}/{repo}/pulls/{number}`, reduced to what a reconciler needs. Shared by every
 * domain that opens pull requests (scaffold today; vending and estate PRs the same way), so that a
 * merge or close whose webhook was lost is still noticed. Errors are AppErrors (`mapGithubError`).
 */
export async function readPullRequestState(
  octokit: InstallationOctokit,
  pull: { owner: string; repo: string; number: number },
): Promise<PullRequestState> {
  try {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      owner: pull.owner,
      repo: pull.repo,
      pull_number: pull.number,
      request: { signal: AbortSignal.timeout(READ_TIMEOUT_MS) },
    });
    return {
      number: data.number,
      state: data.merged ? "merged" : data.state === "closed" ? "closed" : "open",
      mergeCommitSha: data.merged ? (data.merge_commit_sha ?? null) : null,
      headRef: data.head.ref,
      url: data.html_url,
    };
  } catch (error) {
    throw mapGithubError(error, { repo: `${pull.owner}/${pull.repo}`, action: `read pull request #${pull.number}`, permission: "pull_requests:read" });
  }
}
