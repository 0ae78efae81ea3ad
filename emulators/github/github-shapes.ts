import { createHash } from "node:crypto";
import type { EmulatorConfig, EmulatorContext } from "./emulator-context.js";
import { signatureDate, type CommitObject, type GitSignature } from "./git-objects.js";
import type { GitRef, RepoSettings } from "./git-store.js";
import type { RepoHandle } from "./repo-registry.js";
import { REPO_PERMISSIONS, findTeam, teamPermission, type OwnerDirectory, type RepoPermission, type TeamRecord } from "./directory-store.js";
import type { LabelRecord, PullRecord } from "./state-store.js";
import type { FileChange } from "./tree-diff.js";

/** The JSON shapes GitHub returns, built in one place so routes and webhooks agree. */

export const INSTALLATION_PERMISSIONS = { contents: "write", issues: "write", metadata: "read", pull_requests: "write" } as const;
export const APP_EVENTS = ["create", "delete", "push", "pull_request"];
const EPOCH = "2024-01-01T00:00:00Z";

export function stableId(value: string): number {
  return parseInt(createHash("sha1").update(value).digest("hex").slice(0, 7), 16);
}

function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

export function accountJson(config: EmulatorConfig, login: string, type: "Organization" | "User" | "Bot" = "User"): Record<string, unknown> {
  const id = stableId(login);
  const api = `${config.apiUrl}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(type, id),
    avatar_url: `${config.gitUrl}/avatars/${encodeURIComponent(login)}`,
    gravatar_id: "",
    url: api,
    html_url: `${config.gitUrl}/${encodeURIComponent(login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** GitHub's `organization-simple`, as in org memberships and webhook envelopes. */
export function organizationJson(config: EmulatorConfig, login: string): Record<string, unknown> {
  const id = stableId(login);
  const api = `${config.apiUrl}/orgs/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId("Organization", id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${config.gitUrl}/avatars/${encodeURIComponent(login)}`,
    description: null,
  };
}

/** The fuller organization object teams carry (`team-organization`). */
function teamOrganizationJson(config: EmulatorConfig, login: string): Record<string, unknown> {
  return {
    ...organizationJson(config, login),
    name: login,
    is_verified: false,
    has_organization_projects: false,
    has_repository_projects: false,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${config.gitUrl}/${encodeURIComponent(login)}`,
    created_at: EPOCH,
    updated_at: EPOCH,
    archived_at: null,
    type: "Organization",
  };
}

export function ownerJson(config: EmulatorConfig, login: string): Record<string, unknown> {
  return accountJson(config, login, login === config.org ? "Organization" : "User");
}

export function botLogin(config: EmulatorConfig): string {
  return `${config.appSlug}[bot]`;
}

export function botSignature(config: EmulatorConfig): { name: string; email: string } {
  return { name: botLogin(config), email: `${config.appId}+${botLogin(config)}@users.noreply.github.com` };
}

export function appJson(config: EmulatorConfig): Record<string, unknown> {
  return {
    id: config.appId,
    slug: config.appSlug,
    node_id: nodeId("App", config.appId),
    client_id: `Iv1.emulator${config.appId}`,
    owner: accountJson(config, config.org, "Organization"),
    name: "Bulkhead (emulator)",
    description: "Bulkhead developer portal",
    external_url: config.gitUrl,
    html_url: `${config.gitUrl}/apps/${config.appSlug}`,
    created_at: EPOCH,
    updated_at: EPOCH,
    permissions: INSTALLATION_PERMISSIONS,
    events: APP_EVENTS,
    installations_count: 1,
  };
}

export function installationJson(config: EmulatorConfig, installationId: number): Record<string, unknown> {
  return {
    id: installationId,
    node_id: nodeId("Installation", installationId),
    account: accountJson(config, config.org, "Organization"),
    repository_selection: "all",
    access_tokens_url: `${config.apiUrl}/app/installations/${installationId}/access_tokens`,
    repositories_url: `${config.apiUrl}/installation/repositories`,
    html_url: `${config.gitUrl}/organizations/${config.org}/settings/installations/${installationId}`,
    app_id: config.appId,
    app_slug: config.appSlug,
    target_id: stableId(config.org),
    target_type: "Organization",
    permissions: INSTALLATION_PERMISSIONS,
    events: APP_EVENTS,
    created_at: EPOCH,
    updated_at: EPOCH,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}

export function repoApiUrl(config: EmulatorConfig, repo: RepoHandle): string {
  return `${config.apiUrl}/repos/${repo.fullName}`;
}

export function repoHtmlUrl(config: EmulatorConfig, repo: RepoHandle): string {
  return `${config.gitUrl}/${repo.fullName}`;
}

/** The `*_url` hypermedia links GitHub puts on every repository object. */
function repoLinks(config: EmulatorConfig, repo: RepoHandle): Record<string, string> {
  const api = repoApiUrl(config, repo);
  return {
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
  };
}

/**
 * GitHub's repository object. `full` adds what only `GET /repos/{owner}/{repo}` sends
 * (`full-repository`: network and subscriber counts, the organization). `pushed_at` falls back
 * to the default branch's last commit.
 */
export async function repoJson(ctx: EmulatorContext, repo: RepoHandle, options: { full?: boolean } = {}): Promise<Record<string, unknown>> {
  const { config } = ctx;
  const settings: RepoSettings = await ctx.repos.settings(repo);
  const defaultBranch = ctx.repos.defaultBranch(repo);
  let pushedAt = ctx.repos.pushedAt(repo);
  if (!pushedAt) {
    const head = await repo.reader.read(`refs/heads/${defaultBranch}^{commit}`);
    pushedAt = head ? signatureDate(parseCommitterOnly(head.content)) : settings.createdAt.replace(/\.\d{3}Z$/, "Z");
  }
  const openPulls = (ctx.state.data.pulls[repo.fullName] ?? []).filter((p) => p.state === "open").length;
  const value: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: settings.private,
    owner: ownerJson(config, repo.owner),
    html_url: repoHtmlUrl(config, repo),
    description: settings.description,
    fork: false,
    ...repoLinks(config, repo),
    created_at: settings.createdAt.replace(/\.\d{3}Z$/, "Z"),
    updated_at: pushedAt,
    pushed_at: pushedAt,
    git_url: `${config.gitUrl.replace(/^https?:/, "git:")}/${repo.fullName}.git`,
    ssh_url: `git@${new URL(config.gitUrl).host}:${repo.fullName}.git`,
    clone_url: `${config.gitUrl}/${repo.fullName}.git`,
    svn_url: repoHtmlUrl(config, repo),
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: "HCL",
    has_issues: true,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openPulls,
    license: null,
    allow_forking: false,
    is_template: settings.isTemplate,
    web_commit_signoff_required: false,
    topics: settings.topics,
    visibility: settings.private ? "private" : "internal",
    forks: 0,
    open_issues: openPulls,
    watchers: 0,
    default_branch: defaultBranch,
    permissions: { admin: false, maintain: false, push: ctx.repos.access(repo).writable, triage: true, pull: true },
  };
  if (options.full) {
    value.network_count = 0;
    value.subscribers_count = 0;
    if (repo.owner.toLowerCase() === config.org.toLowerCase()) value.organization = ownerJson(config, repo.owner);
  }
  return value;
}

function parseCommitterOnly(content: Buffer): GitSignature {
  const line = /^committer (.*)$/m.exec(content.toString("utf8"))?.[1] ?? "";
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  return { name: match?.[1] ?? "", email: match?.[2] ?? "", timestamp: Number(match?.[3] ?? 0), timezone: match?.[4] ?? "+0000" };
}

export function refJson(config: EmulatorConfig, repo: RepoHandle, ref: GitRef): Record<string, unknown> {
  const api = repoApiUrl(config, repo);
  const objectUrl = ref.type === "tag" ? `${api}/git/tags/${ref.sha}` : `${api}/git/commits/${ref.sha}`;
  return {
    ref: ref.name,
    node_id: nodeId("Ref", `${repo.id}:${ref.name}`),
    url: `${api}/git/${ref.name}`,
    object: { sha: ref.sha, type: ref.type, url: objectUrl },
  };
}

export function signatureJson(signature: GitSignature): Record<string, unknown> {
  return { name: signature.name, email: signature.email, date: signatureDate(signature) };
}

const UNVERIFIED = { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null };

/** `GET /repos/{o}/{r}/git/commits/{sha}` */
export function gitCommitJson(config: EmulatorConfig, repo: RepoHandle, sha: string, commit: CommitObject): Record<string, unknown> {
  const api = repoApiUrl(config, repo);
  return {
    sha,
    node_id: nodeId("Commit", sha),
    url: `${api}/git/commits/${sha}`,
    html_url: `${repoHtmlUrl(config, repo)}/commit/${sha}`,
    author: signatureJson(commit.author),
    committer: signatureJson(commit.committer),
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message.replace(/\n$/, ""),
    parents: commit.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${repoHtmlUrl(config, repo)}/commit/${p}` })),
    verification: UNVERIFIED,
  };
}

/** `GET /repos/{o}/{r}/commits/{ref}` (the "commit" resource, wrapping the git commit). */
export function commitJson(config: EmulatorConfig, repo: RepoHandle, sha: string, commit: CommitObject, files?: unknown[]): Record<string, unknown> {
  const api = repoApiUrl(config, repo);
  const html = `${repoHtmlUrl(config, repo)}/commit/${sha}`;
  return {
    sha,
    node_id: nodeId("Commit", sha),
    commit: {
      author: signatureJson(commit.author),
      committer: signatureJson(commit.committer),
      message: commit.message.replace(/\n$/, ""),
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      url: `${api}/git/commits/${sha}`,
      comment_count: 0,
      verification: UNVERIFIED,
    },
    url: `${api}/commits/${sha}`,
    html_url: html,
    comments_url: `${api}/commits/${sha}/comments`,
    author: null,
    committer: null,
    parents: commit.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${repoHtmlUrl(config, repo)}/commit/${p}` })),
    ...(files ? { files, stats: { total: 0, additions: 0, deletions: 0 } } : {}),
  };
}

/** One entry of a commit's or pull request's `files`: blob and raw URLs point at `blobRef`, the contents URL at `contentsRef` when given. */
export function changedFileJson(config: EmulatorConfig, repo: RepoHandle, change: FileChange, blobRef: string, contentsRef?: string): Record<string, unknown> {
  const html = repoHtmlUrl(config, repo);
  return {
    sha: change.sha,
    filename: change.path,
    status: change.status,
    additions: 0,
    deletions: 0,
    changes: 0,
    blob_url: `${html}/blob/${blobRef}/${change.path}`,
    raw_url: `${html}/raw/${blobRef}/${change.path}`,
    contents_url: `${repoApiUrl(config, repo)}/contents/${change.path}${contentsRef === undefined ? "" : `?ref=${contentsRef}`}`,
  };
}

/** Base64 wrapped at 60 columns with a trailing newline, as GitHub sends blob and file content. */
export function githubBase64(content: Buffer): string {
  const encoded = content.toString("base64");
  if (encoded.length === 0) return "";
  return `${encoded.match(/.{1,60}/g)?.join("\n") ?? ""}\n`;
}

export function labelJson(config: EmulatorConfig, repo: RepoHandle, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${repoApiUrl(config, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

const TEAM_CREATED = "2024-01-02T00:00:00Z";

function permissionFlags(permission: RepoPermission | null): Record<RepoPermission, boolean> {
  const rank = permission === null ? -1 : REPO_PERMISSIONS.indexOf(permission);
  return Object.fromEntries(REPO_PERMISSIONS.map((p, i) => [p, i <= rank])) as Record<RepoPermission, boolean>;
}

/**
 * GitHub's `team` object (as in `requested_teams`). `permission` is the team's permission on
 * `repoName` when given, as GitHub reports it in a repository context.
 */
export function teamJson(config: EmulatorConfig, owner: string, team: TeamRecord, repoName?: string): Record<string, unknown> {
  const id = stableId(`team:${owner.toLowerCase()}/${team.slug}`);
  const api = `${config.apiUrl}/organizations/${stableId(owner)}/team/${id}`;
  const permission = repoName === undefined ? "pull" : (teamPermission(team, repoName) ?? "pull");
  return {
    id,
    node_id: nodeId("Team", id),
    url: api,
    html_url: `${config.gitUrl}/orgs/${encodeURIComponent(owner)}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: "notifications_enabled",
    permission,
    permissions: permissionFlags(permission),
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    type: "organization",
    organization_id: stableId(owner),
    parent: null,
  };
}

/** GitHub's `team-full`, as `GET /user/teams` lists it. */
export function teamFullJson(config: EmulatorConfig, owner: string, team: TeamRecord): Record<string, unknown> {
  const { parent: _parent, permissions: _permissions, ...base } = teamJson(config, owner, team);
  return {
    ...base,
    parent: null,
    members_count: Object.keys(team.members).length,
    repos_count: Object.keys(team.repos).length,
    created_at: TEAM_CREATED,
    updated_at: TEAM_CREATED,
    organization: teamOrganizationJson(config, owner),
  };
}

export interface PullLiveShas {
  headSha: string;
  baseSha: string;
}

/** What GitHub's background job has found out about merging (null while it has not). */
export interface PullMergeability {
  mergeable: boolean | null;
  rebaseable: boolean | null;
  mergeable_state: string;
}

/** The diff figures only the single pull request object carries (`pull-request`, not `pull-request-simple`). */
export interface PullStats {
  commits: number;
  additions: number;
  deletions: number;
  changed_files: number;
}

export interface PullJsonOptions {
  live: PullLiveShas;
  /** Embedded as head.repo and base.repo. */
  repoValue: Record<string, unknown>;
  /** Given for the full object; lists send `pull-request-simple`. */
  detail?: { stats: PullStats; mergeability: PullMergeability };
}

function requestedTeam(directory: OwnerDirectory, slug: string): TeamRecord {
  return findTeam(directory, slug) ?? { slug, name: slug, description: null, privacy: "closed", members: {}, repos: {} };
}

/** GitHub's pull request object: `pull-request-simple`, or the full `pull-request` when `detail` is given. */
export function pullJson(ctx: EmulatorContext, repo: RepoHandle, pull: PullRecord, options: PullJsonOptions): Record<string, unknown> {
  const { config } = ctx;
  const { live } = options;
  const api = repoApiUrl(config, repo);
  const html = `${repoHtmlUrl(config, repo)}/pull/${pull.number}`;
  const labels = (ctx.state.data.labels[repo.fullName] ?? []).filter((l) => pull.labels.includes(l.name));
  const user = pull.user === botLogin(config) ? accountJson(config, pull.user, "Bot") : accountJson(config, pull.user);
  const directory = ctx.directory.get(repo.owner);
  const side = (ref: string, sha: string): Record<string, unknown> => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: ownerJson(config, repo.owner),
    repo: options.repoValue,
  });
  const value: Record<string, unknown> = {
    url: `${api}/pulls/${pull.number}`,
    id: pull.id,
    node_id: nodeId("PullRequest", pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    commits_url: `${api}/pulls/${pull.number}/commits`,
    review_comments_url: `${api}/pulls/${pull.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pull.number}/comments`,
    statuses_url: `${api}/statuses/${live.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user,
    body: pull.body,
    labels: labels.map((l) => labelJson(config, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((login) => accountJson(config, login)),
    requested_teams: pull.requestedTeams.map((slug) => teamJson(config, repo.owner, requestedTeam(directory, slug), repo.name)),
    head: side(pull.headRef, live.headSha),
    base: side(pull.baseRef, live.baseSha),
    _links: {
      self: { href: `${api}/pulls/${pull.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pull.number}` },
      comments: { href: `${api}/issues/${pull.number}/comments` },
      review_comments: { href: `${api}/pulls/${pull.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pull.number}/commits` },
      statuses: { href: `${api}/statuses/${live.headSha}` },
    },
    author_association: "NONE",
    auto_merge: null,
    draft: pull.draft,
  };
  if (!options.detail) return value;
  return {
    ...value,
    merged: pull.merged,
    ...options.detail.mergeability,
    merged_by: pull.merged ? accountJson(config, "emulator-merger") : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    ...options.detail.stats,
  };
}
