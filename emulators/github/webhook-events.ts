import type { EmulatorContext } from "./emulator-context.js";
import { runGit } from "./git-exec.js";
import { ZERO_SHA, parseCommit, signatureDate } from "./git-objects.js";
import { listRefs } from "./git-store.js";
import { accountJson, installationJson, organizationJson, repoHtmlUrl, repoJson } from "./github-shapes.js";
import { renderPullJson } from "./pull-requests.js";
import type { RepoHandle } from "./repo-registry.js";
import type { PullRecord } from "./state-store.js";
import { diffTrees } from "./tree-diff.js";
import type { DeliveryRecord } from "./webhook-dispatcher.js";
import { INSTALLATION_ID } from "./app-auth.js";

export interface RefChange {
  /** Full ref name, e.g. refs/tags/vpc/v1.2.0 */
  ref: string;
  /** ZERO_SHA when the ref was created. */
  before: string;
  /** ZERO_SHA when the ref was deleted. */
  after: string;
}

export type RefSnapshot = Map<string, string>;

export async function snapshotRefs(repo: RepoHandle): Promise<RefSnapshot> {
  return new Map((await listRefs(repo.dir)).map((ref) => [ref.name, ref.sha]));
}

export function diffRefSnapshots(before: RefSnapshot, after: RefSnapshot): RefChange[] {
  const changes: RefChange[] = [];
  for (const [ref, sha] of after) {
    const old = before.get(ref);
    if (old !== sha) changes.push({ ref, before: old ?? ZERO_SHA, after: sha });
  }
  for (const [ref, sha] of before) if (!after.has(ref)) changes.push({ ref, before: sha, after: ZERO_SHA });
  return changes;
}

async function envelope(ctx: EmulatorContext, repo: RepoHandle, sender: string): Promise<Record<string, unknown>> {
  const { config } = ctx;
  const installation = installationJson(config, INSTALLATION_ID);
  return {
    repository: await repoJson(ctx, repo),
    organization: repo.owner.toLowerCase() === config.org.toLowerCase() ? organizationJson(config, repo.owner) : undefined,
    sender: accountJson(config, sender, sender.endsWith("[bot]") ? "Bot" : "User"),
    installation: { id: installation.id, node_id: installation.node_id },
  };
}

function shortRef(ref: string): { name: string; type: "tag" | "branch" } {
  if (ref.startsWith("refs/tags/")) return { name: ref.slice("refs/tags/".length), type: "tag" };
  return { name: ref.replace(/^refs\/heads\//, ""), type: "branch" };
}

async function pushCommitJson(ctx: EmulatorContext, repo: RepoHandle, sha: string): Promise<Record<string, unknown> | null> {
  const object = await repo.reader.read(`${sha}^{commit}`);
  if (!object) return null;
  const commit = parseCommit(object.content);
  const parentTree = commit.parents[0] ? ((await repo.reader.info(`${commit.parents[0]}^{tree}`))?.sha ?? null) : null;
  const files = await diffTrees(repo.reader, parentTree, commit.tree);
  const pick = (status: string): string[] => files.filter((f) => f.status === status).map((f) => f.path);
  return {
    id: object.sha,
    tree_id: commit.tree,
    distinct: true,
    message: commit.message.replace(/\n$/, ""),
    timestamp: signatureDate(commit.committer).replace(/Z$/, "+00:00"),
    url: `${repoHtmlUrl(ctx.config, repo)}/commit/${object.sha}`,
    author: { name: commit.author.name, email: commit.author.email },
    committer: { name: commit.committer.name, email: commit.committer.email },
    added: pick("added"),
    removed: pick("removed"),
    modified: pick("modified"),
  };
}

async function pushedCommits(repo: RepoHandle, change: RefChange, branch: string): Promise<string[]> {
  if (change.after === ZERO_SHA || !change.ref.startsWith("refs/heads/")) return [];
  const range = change.before === ZERO_SHA ? [change.after, "--not", `--exclude=${branch}`, "--branches"] : [change.after, `^${change.before}`];
  const { stdout } = await runGit({ gitDir: repo.dir, args: ["rev-list", "--max-count=20", "--reverse", ...range] });
  return stdout.toString("utf8").split("\n").filter(Boolean);
}

async function isForced(repo: RepoHandle, change: RefChange): Promise<boolean> {
  if (change.before === ZERO_SHA || change.after === ZERO_SHA || change.ref.startsWith("refs/tags/")) return false;
  const { exitCode } = await runGit({ gitDir: repo.dir, args: ["merge-base", "--is-ancestor", change.before, change.after], okExitCodes: [1] });
  return exitCode !== 0;
}

/**
 * Sends what GitHub sends for ref changes: `create`/`delete` for new and removed refs,
 * `push` for every change, and `pull_request` synchronize when an open PR's head moved.
 */
export async function emitRefChanges(ctx: EmulatorContext, repo: RepoHandle, changes: readonly RefChange[], sender = "emulator"): Promise<DeliveryRecord[]> {
  if (changes.length === 0) return [];
  ctx.repos.touch(repo);
  const deliveries: Array<Promise<DeliveryRecord>> = [];
  const defaultBranch = ctx.repos.defaultBranch(repo);
  for (const change of changes) {
    const base = await envelope(ctx, repo, sender);
    const { name, type } = shortRef(change.ref);
    if (change.before === ZERO_SHA) {
      const description = (base.repository as { description: string | null }).description;
      deliveries.push(ctx.webhooks.send("create", { ref: name, ref_type: type, master_branch: defaultBranch, description, pusher_type: "user", ...base }));
    }
    if (change.after === ZERO_SHA) deliveries.push(ctx.webhooks.send("delete", { ref: name, ref_type: type, pusher_type: "user", ...base }));
    const commitShas = await pushedCommits(repo, change, name);
    const commits = (await Promise.all(commitShas.map((sha) => pushCommitJson(ctx, repo, sha)))).filter((c) => c !== null);
    const headCommit = change.after === ZERO_SHA ? null : await pushCommitJson(ctx, repo, change.after);
    const repository = base.repository as Record<string, unknown>;
    deliveries.push(
      ctx.webhooks.send("push", {
        ref: change.ref,
        before: change.before,
        after: change.after,
        repository: { ...repository, created_at: toEpoch(repository.created_at), pushed_at: toEpoch(repository.pushed_at) },
        pusher: { name: sender, email: `${sender}@users.noreply.github.com` },
        organization: base.organization,
        sender: base.sender,
        installation: base.installation,
        created: change.before === ZERO_SHA,
        deleted: change.after === ZERO_SHA,
        forced: await isForced(repo, change),
        base_ref: null,
        compare: `${repoHtmlUrl(ctx.config, repo)}/compare/${change.before.slice(0, 12)}...${change.after.slice(0, 12)}`,
        commits,
        head_commit: headCommit,
      }),
    );
    if (type === "branch" && change.after !== ZERO_SHA) {
      const affected = (ctx.state.data.pulls[repo.fullName] ?? []).filter((p) => p.state === "open" && p.headRef === name);
      for (const pull of affected) {
        pull.headSha = change.after;
        pull.updatedAt = nowIso();
        const delivery = emitPullRequest(ctx, repo, pull, "synchronize", { before: change.before, after: change.after }, sender);
        deliveries.push(delivery);
        await delivery;
      }
      if (affected.length > 0) void ctx.state.save();
    }
  }
  return Promise.all(deliveries);
}

export async function emitPullRequest(
  ctx: EmulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  action: string,
  extra: Record<string, unknown> = {},
  sender = "emulator",
): Promise<DeliveryRecord> {
  const base = await envelope(ctx, repo, sender);
  const pullRequest = await renderPullJson(ctx, repo, pull, { detail: true, repoValue: base.repository as Record<string, unknown> });
  return ctx.webhooks.send("pull_request", { action, number: pull.number, pull_request: pullRequest, ...extra, ...base });
}

function toEpoch(value: unknown): number {
  return typeof value === "string" ? Math.floor(Date.parse(value) / 1000) : 0;
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}
