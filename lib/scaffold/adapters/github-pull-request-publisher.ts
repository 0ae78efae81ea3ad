import "server-only";
import type { InstallationOctokit } from "@/lib/platform/github/github-app";
import { mapGithubError, type GithubErrorContext } from "@/lib/platform/github/map-github-error";
import { readPullRequestState } from "@/lib/platform/github/read-pull-request-state";
import type { RepoRef } from "@/lib/workloads";
import type { PullRequestPublisher } from "../ports";

async function call<T>(repo: RepoRef, context: Omit<GithubErrorContext, "repo">, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapGithubError(error, { ...context, repo: `${repo.owner}/${repo.repo}` });
  }
}

/**
 * The PR publisher on GitHub's git data API, in the order @octokit/app users send it:
 * base ref, blobs, tree on the base tree, commit, ref (create or force-move), pull request,
 * labels, team reviewers.
 */
export function createGithubPullRequestPublisher(options: {
  /** An installation Octokit for a repo; in the app that is `getRepoOctokit(getGithubApp(), o, r)`. */
  getOctokit: (owner: string, repo: string) => Promise<InstallationOctokit>;
}): PullRequestPublisher {
  const octokitFor = (repo: RepoRef, permission: GithubErrorContext["permission"]) =>
    call(repo, { action: "reach the repository", permission }, () => options.getOctokit(repo.owner, repo.repo));

  return {
    async readBaseRef(repo) {
      const octokit = await octokitFor(repo, "contents:read");
      return call(repo, { action: "read the default branch", permission: "contents:read" }, async () => {
        const { data: info } = await octokit.request("GET /repos/{owner}/{repo}", { owner: repo.owner, repo: repo.repo });
        const branch = info.default_branch;
        const { data: ref } = await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner: repo.owner, repo: repo.repo, ref: `heads/${branch}` });
        return { branch, sha: ref.object.sha };
      });
    },

    async createCommit(repo, { baseSha, files, message }) {
      const octokit = await octokitFor(repo, "contents:write");
      const context = { action: "create the commit", permission: "contents:write" } as const;
      const base = await call(repo, context, () => octokit.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { owner: repo.owner, repo: repo.repo, commit_sha: baseSha }));
      const blobs = await call(repo, context, () =>
        Promise.all(
          files.map((file) =>
            octokit.request("POST /repos/{owner}/{repo}/git/blobs", {
              owner: repo.owner,
              repo: repo.repo,
              content: Buffer.from(file.content, "utf8").toString("base64"),
              encoding: "base64",
            }),
          ),
        ),
      );
      const tree = await call(repo, context, () =>
        octokit.request("POST /repos/{owner}/{repo}/git/trees", {
          owner: repo.owner,
          repo: repo.repo,
          base_tree: base.data.tree.sha,
          tree: files.map((file, i) => ({ path: file.path, mode: "100644" as const, type: "blob" as const, sha: blobs[i]!.data.sha })),
        }),
      );
      const commit = await call(repo, context, () =>
        octokit.request("POST /repos/{owner}/{repo}/git/commits", { owner: repo.owner, repo: repo.repo, message, tree: tree.data.sha, parents: [baseSha] }),
      );
      return { sha: commit.data.sha, treeSha: tree.data.sha };
    },

    async pointBranch(repo, { branch, sha }) {
      const octokit = await octokitFor(repo, "contents:write");
      const context = { action: `create the branch ${branch}`, permission: "contents:write" } as const;
      try {
        await octokit.request("POST /repos/{owner}/{repo}/git/refs", { owner: repo.owner, repo: repo.repo, ref: `refs/heads/${branch}`, sha });
        return { created: true };
      } catch (error) {
        // 422 means the branch exists, e.g. a retry after a crash: move it to our commit.
        if ((error as { status?: number }).status !== 422) throw mapGithubError(error, { ...context, repo: `${repo.owner}/${repo.repo}` });
      }
      await call(repo, context, () => octokit.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { owner: repo.owner, repo: repo.repo, ref: `heads/${branch}`, sha, force: true }));
      return { created: false };
    },

    async findOpenPullRequest(repo, { branch }) {
      const octokit = await octokitFor(repo, "pull_requests:write");
      const { data } = await call(repo, { action: "look for an open pull request", permission: "pull_requests:write" }, () =>
        octokit.request("GET /repos/{owner}/{repo}/pulls", { owner: repo.owner, repo: repo.repo, head: `${repo.owner}:${branch}`, state: "open", per_page: 10 }),
      );
      const pull = data.find((p) => p.head.ref === branch);
      return pull ? { number: pull.number, url: pull.html_url } : null;
    },

    async openPullRequest(repo, { branch, base, title, body }) {
      const octokit = await octokitFor(repo, "pull_requests:write");
      const { data } = await call(repo, { action: "open the pull request", permission: "pull_requests:write" }, () =>
        octokit.request("POST /repos/{owner}/{repo}/pulls", { owner: repo.owner, repo: repo.repo, head: branch, base, title, body }),
      );
      return { number: data.number, url: data.html_url };
    },

    async addLabels(repo, { number, labels }) {
      const octokit = await octokitFor(repo, "pull_requests:write");
      await call(repo, { action: "label the pull request", permission: "pull_requests:write" }, () =>
        octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner: repo.owner, repo: repo.repo, issue_number: number, labels }),
      );
    },

    async requestTeamReviewers(repo, { number, teams }) {
      const octokit = await octokitFor(repo, "pull_requests:write");
      await call(repo, { action: "request reviewers", permission: "pull_requests:write" }, () =>
        octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", { owner: repo.owner, repo: repo.repo, pull_number: number, team_reviewers: teams }),
      );
    },

    async readPullRequest(repo, { number }) {
      const octokit = await octokitFor(repo, "pull_requests:read");
      return readPullRequestState(octokit, { owner: repo.owner, repo: repo.repo, number });
    },
  };
}
