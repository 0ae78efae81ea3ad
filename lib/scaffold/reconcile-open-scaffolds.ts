import { systemActor } from "@/lib/platform/audit";
import { reconcilePullRequests, type ReconcilePullRequestsResult, type TrackedPullRequest } from "@/lib/platform/github/reconcile-pull-requests";
import { consumerRepoOf } from "@/lib/workloads";
import { recordPullRequestOutcome } from "./handle-pull-request-webhook";
import type { ScaffoldDeps, ScaffoldRecord } from "./ports";

/** Requests checked per run; the least recently changed first, so every open PR gets its turn. */
const RECONCILE_BATCH = 300;

/**
 * The safety net under the `pull_request` webhook (every 10 minutes): compares every request
 * whose PR we hold as open (pr_open, or failed after its PR was made) with the PR's real state
 * on GitHub, and records a merge (with its consumption) or a close that a lost delivery never
 * told us about, through the same code the webhook uses.
 */
export async function reconcileOpenScaffolds(deps: ScaffoldDeps, options: { limit?: number } = {}): Promise<ReconcilePullRequestsResult> {
  const records = await deps.store.listOpenPullRequests({ limit: options.limit ?? RECONCILE_BATCH });
  const actor = systemActor("reconcile");
  const tracked: Array<TrackedPullRequest & { record: ScaffoldRecord }> = [];
  for (const record of records) {
    // A request whose workload lost its consumer repo link has nothing to compare with.
    if (record.prNumber === null || !/^[^/]+\/[^/]+$/.test(record.workload.consumerRepo ?? "")) continue;
    tracked.push({ key: record.id, repo: consumerRepoOf(record.workload), number: record.prNumber, record });
  }
  return reconcilePullRequests({
    tracked,
    read: (pull) => deps.publisher.readPullRequest(pull.repo, { number: pull.number }),
    onMerged: async (pull, state) => {
      if (!state.mergeCommitSha) throw new Error(`pull request #${pull.number} is merged but GitHub gave no merge commit yet`);
      await recordPullRequestOutcome(deps, pull.record, { merged: true, mergeCommitSha: state.mergeCommitSha }, actor);
    },
    onClosed: async (pull) => void (await recordPullRequestOutcome(deps, pull.record, { merged: false, mergeCommitSha: null }, actor)),
  });
}
