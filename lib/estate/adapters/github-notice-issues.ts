import "server-only";
import type { InstallationOctokit } from "@/lib/platform/github/github-app";
import { mapGithubError, type GithubErrorContext } from "@/lib/platform/github/map-github-error";
import { noticeMarker } from "../core/build-notice-message";
import type { NoticeChannels, RepoRef } from "../ports";

/** The label every notice issue carries: the marker search lists only these. */
export const NOTICE_ISSUE_LABEL = "bulkhead-notice";

async function call<T>(repo: RepoRef, action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapGithubError(error, { repo: `${repo.owner}/${repo.repo}`, action, permission: "issues:write" satisfies GithubErrorContext["permission"] });
  }
}

/**
 * Notice issues on consumer repos through the GitHub App's installation Octokit (the App's
 * timeout covers every call). An issue is found again by number, or else by the notice's hidden
 * marker among the App's labelled issues, so a crash between GitHub's answer and
 * `recordNoticeIssue` updates the issue it opened instead of opening a second one.
 */
export function createGithubNoticeIssues(options: {
  /** An installation Octokit for a repo; in the app that is `getRepoOctokit(getGithubApp(), o, r)`. */
  getOctokit: (owner: string, repo: string) => Promise<InstallationOctokit>;
}): Pick<NoticeChannels, "upsertIssue" | "closeIssue"> {
  const octokitFor = (repo: RepoRef) => call(repo, "reach the repository", () => options.getOctokit(repo.owner, repo.repo));

  async function findByMarker(octokit: InstallationOctokit, repo: RepoRef, noticeId: string): Promise<number | null> {
    const marker = noticeMarker(noticeId);
    const issues = await call(repo, "list the notice issues", () =>
      octokit.paginate("GET /repos/{owner}/{repo}/issues", { owner: repo.owner, repo: repo.repo, state: "all", labels: NOTICE_ISSUE_LABEL, per_page: 100 }),
    );
    // Only at the start of the body, where the portal writes it: a value quoted further down
    // (a hostile workload name holding another notice's marker) must not match.
    const found = issues.find((issue) => !issue.pull_request && (issue.body ?? "").startsWith(marker));
    return found?.number ?? null;
  }

  return {
    async upsertIssue(repo, message, { existing, labels }) {
      const octokit = await octokitFor(repo);
      const number = existing ?? (await findByMarker(octokit, repo, message.noticeId));
      const allLabels = [...new Set([NOTICE_ISSUE_LABEL, ...labels])];
      if (number !== null) {
        const { data } = await call(repo, `update issue #${number}`, () =>
          octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
            owner: repo.owner,
            repo: repo.repo,
            issue_number: number,
            title: message.title,
            body: message.body,
            state: "open",
            labels: allLabels,
          }),
        );
        return { number: data.number, url: data.html_url };
      }
      const { data } = await call(repo, "open the notice issue", () =>
        octokit.request("POST /repos/{owner}/{repo}/issues", { owner: repo.owner, repo: repo.repo, title: message.title, body: message.body, labels: allLabels }),
      );
      return { number: data.number, url: data.html_url };
    },

    async closeIssue(repo, { number, comment }) {
      const octokit = await octokitFor(repo);
      const { data: issue } = await call(repo, `read issue #${number}`, () =>
        octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner: repo.owner, repo: repo.repo, issue_number: number }),
      );
      if (issue.state === "closed") return;
      await call(repo, `comment on issue #${number}`, () =>
        octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: repo.owner, repo: repo.repo, issue_number: number, body: comment }),
      );
      await call(repo, `close issue #${number}`, () =>
        octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { owner: repo.owner, repo: repo.repo, issue_number: number, state: "closed", state_reason: "completed" }),
      );
    },
  };
}
