import { logger } from "../logger";
import type { PullRequestState } from "./read-pull-request-state";

/** A pull request a domain recorded as open, and wants compared with GitHub. */
export interface TrackedPullRequest {
  /** The domain's id for it (a scaffold request, a vend set), for the log and the result. */
  key: string;
  repo: { owner: string; repo: string };
  number: number;
}

export interface ReconcilePullRequestsOptions<T extends TrackedPullRequest> {
  tracked: readonly T[];
  /** Reads one PR's state (`readPullRequestState` through the domain's adapter). */
  read: (pull: T) => Promise<PullRequestState>;
  /** Records a merge exactly as the `pull_request` webhook would have. */
  onMerged: (pull: T, state: PullRequestState) => Promise<void>;
  /** Records a close without merge exactly as the webhook would have. */
  onClosed: (pull: T, state: PullRequestState) => Promise<void>;
  /** GitHub calls in flight at once. */
  concurrency?: number;
}

export interface ReconcilePullRequestsResult {
  checked: number;
  open: number;
  merged: string[];
  closed: string[];
  failed: Array<{ key: string; error: string }>;
}

/**
 * Compares PRs a domain still holds as open with their real state on GitHub and applies what a
 * lost webhook left undone. One PR's failure (GitHub down, repo gone) is reported and never stops
 * the others; the domain's handlers are the webhook's own, so a merge the webhook records later
 * anyway changes nothing twice.
 */
export async function reconcilePullRequests<T extends TrackedPullRequest>(options: ReconcilePullRequestsOptions<T>): Promise<ReconcilePullRequestsResult> {
  const result: ReconcilePullRequestsResult = { checked: 0, open: 0, merged: [], closed: [], failed: [] };
  const queue = [...options.tracked];
  const worker = async () => {
    for (let pull = queue.shift(); pull; pull = queue.shift()) {
      try {
        const state = await options.read(pull);
        result.checked++;
        if (state.state === "merged") {
          await options.onMerged(pull, state);
          result.merged.push(pull.key);
        } else if (state.state === "closed") {
          await options.onClosed(pull, state);
          result.closed.push(pull.key);
        } else {
          result.open++;
        }
      } catch (error) {
        result.failed.push({ key: pull.key, error: error instanceof Error ? error.message : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (result.merged.length + result.closed.length + result.failed.length > 0) {
    logger.info("pull requests reconciled", { checked: result.checked, open: result.open, merged: result.merged, closed: result.closed, failed: result.failed });
  }
  return result;
}
