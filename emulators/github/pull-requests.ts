import type { EmulatorContext } from "./emulator-context.js";
import { runGit } from "./git-exec.js";
import { updateRef, writeCommit } from "./git-store.js";
import { ApiError, validationFailed } from "./http-io.js";
import type { RepoHandle } from "./repo-registry.js";
import type { PullRecord } from "./state-store.js";

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Open PRs follow their branches, as on GitHub; closed PRs keep the shas they ended with. */
export async function pullLiveShas(repo: RepoHandle, pull: PullRecord): Promise<{ headSha: string; baseSha: string }> {
  if (pull.state !== "open") return { headSha: pull.headSha, baseSha: pull.baseSha };
  const [head, base] = await Promise.all([
    repo.reader.info(`refs/heads/${pull.headRef}^{commit}`),
    repo.reader.info(`refs/heads/${pull.baseRef}^{commit}`),
  ]);
  return { headSha: head?.sha ?? pull.headSha, baseSha: base?.sha ?? pull.baseSha };
}

export function pullsOf(ctx: EmulatorContext, repo: RepoHandle): PullRecord[] {
  let list = ctx.state.data.pulls[repo.fullName];
  if (!list) {
    list = [];
    ctx.state.data.pulls[repo.fullName] = list;
  }
  return list;
}

export function findPull(ctx: EmulatorContext, repo: RepoHandle, number: number): PullRecord {
  const pull = pullsOf(ctx, repo).find((p) => p.number === number);
  if (!pull) throw new ApiError(404, "Not Found");
  return pull;
}

/** Accepts "owner:branch" (GitHub's form) or a bare branch name. */
export function parseHead(repo: RepoHandle, head: string): { owner: string; ref: string } {
  const colon = head.indexOf(":");
  return colon === -1 ? { owner: repo.owner, ref: head } : { owner: head.slice(0, colon), ref: head.slice(colon + 1) };
}

export interface CreatePullInput {
  title: string;
  body: string | null;
  head: string;
  base: string;
  draft: boolean;
  user: string;
}

/** Opens a PR with GitHub's 422s: unknown base/head, an existing open PR for the head, no commits. */
export async function createPull(ctx: EmulatorContext, repo: RepoHandle, input: CreatePullInput): Promise<PullRecord> {
  const head = parseHead(repo, input.head);
  if (head.owner.toLowerCase() !== repo.owner.toLowerCase()) {
    throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  }
  const [headInfo, baseInfo] = await Promise.all([
    repo.reader.info(`refs/heads/${head.ref}^{commit}`),
    repo.reader.info(`refs/heads/${input.base}^{commit}`),
  ]);
  if (!baseInfo) throw validationFailed([{ resource: "PullRequest", field: "base", code: "invalid" }]);
  if (!headInfo) throw validationFailed([{ resource: "PullRequest", field: "head", code: "invalid" }]);
  const existing = pullsOf(ctx, repo).find((p) => p.state === "open" && p.headRef === head.ref && p.baseRef === input.base);
  if (existing) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${head.ref}.` }]);
  }
  const { exitCode } = await runGit({ gitDir: repo.dir, args: ["merge-base", "--is-ancestor", headInfo.sha, baseInfo.sha], okExitCodes: [1] });
  if (exitCode === 0) {
    throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${input.base} and ${head.ref}` }]);
  }
  const list = pullsOf(ctx, repo);
  const timestamp = now();
  const pull: PullRecord = {
    id: ctx.state.nextId(),
    number: list.reduce((max, p) => Math.max(max, p.number), 0) + 1,
    title: input.title,
    body: input.body,
    state: "open",
    draft: input.draft,
    user: input.user,
    headRef: head.ref,
    headSha: headInfo.sha,
    baseRef: input.base,
    baseSha: baseInfo.sha,
    merged: false,
    mergedAt: null,
    mergeCommitSha: null,
    closedAt: null,
    createdAt: timestamp,
    updatedAt: timestamp,
    labels: [],
    requestedReviewers: [],
    requestedTeams: [],
  };
  list.push(pull);
  await ctx.state.save();
  return pull;
}

/**
 * Writes a real merge commit (base + head, via `git merge-tree --write-tree`) onto the base
 * branch and marks the PR merged. Conflicts answer 409 and leave everything untouched.
 */
export async function mergePull(ctx: EmulatorContext, repo: RepoHandle, pull: PullRecord): Promise<{ mergeSha: string; baseBefore: string }> {
  if (pull.state !== "open") throw new ApiError(405, "Pull Request is not mergeable");
  const { headSha, baseSha } = await pullLiveShas(repo, pull);
  const result = await runGit({ gitDir: repo.dir, args: ["merge-tree", "--write-tree", "--allow-unrelated-histories", baseSha, headSha], okExitCodes: [1] });
  const tree = result.stdout.toString("utf8").split("\n")[0] ?? "";
  if (result.exitCode === 1) throw new ApiError(409, "Merge conflict", { conflicts: result.stdout.toString("utf8").split("\n").slice(1).filter(Boolean) });
  const mergeSha = await writeCommit({
    repoDir: repo.dir,
    tree,
    parents: [baseSha, headSha],
    message: `Merge pull request #${pull.number} from ${repo.owner}/${pull.headRef}\n\n${pull.title}`,
    author: { name: "Emulator Merger", email: "merger@bulkhead.invalid" },
  });
  await updateRef({ repoDir: repo.dir, ref: `refs/heads/${pull.baseRef}`, sha: mergeSha, expectedSha: baseSha });
  const timestamp = now();
  Object.assign(pull, {
    state: "closed",
    merged: true,
    mergedAt: timestamp,
    closedAt: timestamp,
    updatedAt: timestamp,
    mergeCommitSha: mergeSha,
    headSha,
    baseSha,
  } satisfies Partial<PullRecord>);
  await ctx.state.save();
  return { mergeSha, baseBefore: baseSha };
}

export async function closePull(ctx: EmulatorContext, repo: RepoHandle, pull: PullRecord): Promise<void> {
  const live = await pullLiveShas(repo, pull);
  const timestamp = now();
  Object.assign(pull, { state: "closed", closedAt: timestamp, updatedAt: timestamp, headSha: live.headSha, baseSha: live.baseSha } satisfies Partial<PullRecord>);
  await ctx.state.save();
}
