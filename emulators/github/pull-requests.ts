import type { EmulatorContext } from "./emulator-context.js";
import { runGit } from "./git-exec.js";
import { updateRef, writeCommit } from "./git-store.js";
import { ApiError, validationFailed } from "./http-io.js";
import type { RepoHandle } from "./repo-registry.js";
import { pullJson, repoJson, type PullLiveShas, type PullMergeability, type PullStats } from "./github-shapes.js";
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

/** Issues and pull requests share one number sequence per repo, as on GitHub. */
export function nextIssueNumber(ctx: EmulatorContext, repo: RepoHandle): number {
  const numbers = [...pullsOf(ctx, repo), ...(ctx.state.data.issues[repo.fullName] ?? [])].map((item) => item.number);
  return numbers.reduce((max, n) => Math.max(max, n), 0) + 1;
}

export function findPull(ctx: EmulatorContext, repo: RepoHandle, number: number): PullRecord {
  const pull = pullsOf(ctx, repo).find((p) => p.number === number);
  if (!pull) throw new ApiError(404, "Not Found");
  return pull;
}

/** "owner:branch", as GitHub's `head` parameters take it; a bare branch name means the repo owner's branch. */
export function parseHead(repo: RepoHandle, head: string): { owner: string; ref: string } {
  const colon = head.indexOf(":");
  return colon === -1 ? { owner: repo.owner, ref: head } : { owner: head.slice(0, colon), ref: head.slice(colon + 1) };
}

/**
 * The `head` filter of `GET /pulls`. GitHub documents only `user:ref-name`; a value without an
 * owner is ignored (every PR matches), which is how callers that pass a bare branch name end up
 * with somebody else's PR. Returns null when the filter does not apply.
 */
export function parseHeadFilter(head: string | null): { owner: string; ref: string } | null {
  const colon = head?.indexOf(":") ?? -1;
  if (!head || colon <= 0) return null;
  return { owner: head.slice(0, colon), ref: head.slice(colon + 1) };
}

/**
 * Mergeability as GitHub reports it: null (`unknown`) until a background job has looked at the
 * current head and base, which takes `limits.mergeabilityDelayMs`; then true (`clean`, or `draft`)
 * or false (`dirty`, conflicts). A new push to either side starts over.
 */
export async function readMergeability(ctx: EmulatorContext, repo: RepoHandle, pull: PullRecord, live: PullLiveShas): Promise<PullMergeability> {
  if (pull.state !== "open") return { mergeable: null, rebaseable: null, mergeable_state: "unknown" };
  const key = `${live.headSha}:${live.baseSha}`;
  const now = Date.now();
  let record = pull.mergeability;
  if (record?.key !== key) {
    record = { key, requestedAt: now, mergeable: null };
    pull.mergeability = record;
    void ctx.state.save();
  }
  if (record.mergeable === null && now - record.requestedAt >= ctx.state.data.limits.mergeabilityDelayMs) {
    const { exitCode } = await runGit({
      gitDir: repo.dir,
      args: ["merge-tree", "--write-tree", "--allow-unrelated-histories", live.baseSha, live.headSha],
      okExitCodes: [1],
    });
    record.mergeable = exitCode === 0;
    void ctx.state.save();
  }
  if (record.mergeable === null) return { mergeable: null, rebaseable: null, mergeable_state: "unknown" };
  if (!record.mergeable) return { mergeable: false, rebaseable: false, mergeable_state: "dirty" };
  return { mergeable: true, rebaseable: true, mergeable_state: pull.draft ? "draft" : "clean" };
}

/** Commits on the head that the base lacks, and the three-dot diff's line and file counts. */
export async function readPullStats(repo: RepoHandle, live: PullLiveShas): Promise<PullStats> {
  const [count, numstat] = await Promise.all([
    runGit({ gitDir: repo.dir, args: ["rev-list", "--count", `${live.baseSha}..${live.headSha}`] }),
    runGit({ gitDir: repo.dir, args: ["diff", "--numstat", "--no-renames", `${live.baseSha}...${live.headSha}`] }),
  ]);
  let additions = 0;
  let deletions = 0;
  let files = 0;
  for (const line of numstat.stdout.toString("utf8").split("\n")) {
    if (!line) continue;
    const [added = "0", removed = "0"] = line.split("\t");
    // Binary files show "-": GitHub counts them as changed with no lines.
    additions += Number(added) || 0;
    deletions += Number(removed) || 0;
    files += 1;
  }
  return { commits: Number(count.stdout.toString("utf8").trim()) || 0, additions, deletions, changed_files: files };
}

/**
 * A pull request as the API sends it: `detail` gives the full `pull-request` (single reads, writes
 * and webhooks), without it the `pull-request-simple` of lists.
 */
export async function renderPullJson(
  ctx: EmulatorContext,
  repo: RepoHandle,
  pull: PullRecord,
  options: { detail: boolean; repoValue?: Record<string, unknown> },
): Promise<Record<string, unknown>> {
  const live = await pullLiveShas(repo, pull);
  const repoValue = options.repoValue ?? (await repoJson(ctx, repo));
  if (!options.detail) return pullJson(ctx, repo, pull, { live, repoValue });
  const [stats, mergeability] = await Promise.all([readPullStats(repo, live), readMergeability(ctx, repo, pull, live)]);
  return pullJson(ctx, repo, pull, { live, repoValue, detail: { stats, mergeability } });
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
    number: nextIssueNumber(ctx, repo),
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
