import type { EmulatorContext } from "./emulator-context.js";
import { accountJson, botLogin, labelJson, repoApiUrl, repoHtmlUrl } from "./github-shapes.js";
import { ApiError } from "./http-io.js";
import type { RepoHandle } from "./repo-registry.js";
import type { IssueCommentRecord, IssueRecord, PullRecord } from "./state-store.js";

/** GitHub's timestamps: seconds, no milliseconds. */
export function issueTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function issuesOf(ctx: EmulatorContext, repo: RepoHandle): IssueRecord[] {
  return (ctx.state.data.issues[repo.fullName] ??= []);
}

export function findIssue(ctx: EmulatorContext, repo: RepoHandle, number: number): IssueRecord {
  const issue = issuesOf(ctx, repo).find((i) => i.number === number);
  if (!issue) throw new ApiError(404, "Not Found");
  return issue;
}

function userJson(ctx: EmulatorContext, login: string): Record<string, unknown> {
  return login === botLogin(ctx.config) ? accountJson(ctx.config, login, "Bot") : accountJson(ctx.config, login);
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

/** GitHub's `issue` object. A pull request listed by the issues API carries a `pull_request` member. */
export function issueJson(ctx: EmulatorContext, repo: RepoHandle, issue: IssueRecord | (PullRecord & { kind: "pull" })): Record<string, unknown> {
  const { config } = ctx;
  const api = repoApiUrl(config, repo);
  const isPull = "kind" in issue;
  const html = `${repoHtmlUrl(config, repo)}/${isPull ? "pull" : "issues"}/${issue.number}`;
  const labels = (ctx.state.data.labels[repo.fullName] ?? []).filter((l) => issue.labels.includes(l.name));
  const value: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId(isPull ? "PullRequest" : "Issue", issue.id),
    url: `${api}/issues/${issue.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${issue.number}/labels{/name}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    events_url: `${api}/issues/${issue.number}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: isPull ? null : issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userJson(ctx, issue.user),
    labels: labels.map((l) => labelJson(config, repo, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: isPull ? 0 : issue.comments.length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: "NONE",
    timeline_url: `${api}/issues/${issue.number}/timeline`,
    performed_via_github_app: null,
    reactions: { url: `${api}/issues/${issue.number}/reactions`, total_count: 0, "+1": 0, "-1": 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
  };
  if (isPull) {
    value.draft = issue.draft;
    value.pull_request = { url: `${api}/pulls/${issue.number}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`, merged_at: issue.mergedAt };
  }
  return value;
}

/** GitHub's `issue-comment` object. */
export function issueCommentJson(ctx: EmulatorContext, repo: RepoHandle, issue: IssueRecord, comment: IssueCommentRecord): Record<string, unknown> {
  const api = repoApiUrl(ctx.config, repo);
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${repoHtmlUrl(ctx.config, repo)}/issues/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${issue.number}`,
    body: comment.body,
    user: userJson(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    author_association: "NONE",
    performed_via_github_app: null,
    reactions: { url: `${api}/issues/comments/${comment.id}/reactions`, total_count: 0, "+1": 0, "-1": 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
  };
}
