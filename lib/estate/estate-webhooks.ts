import "server-only";
import type { GithubEventHandler } from "@/lib/platform/domains/domain-registry";
import { getJobQueue } from "@/lib/platform/jobs/get-job-queue";
import { getEstateDeps } from "./estate-deps";
import { queueScans } from "./estate-jobs";
import type { EstateDeps, RepoRef } from "./ports";

function repoOf(payload: Record<string, unknown>): (RepoRef & { defaultBranch: string | null }) | null {
  const repository = payload.repository as { name?: unknown; owner?: { login?: unknown; name?: unknown }; default_branch?: unknown } | undefined;
  const owner = repository?.owner?.login ?? repository?.owner?.name;
  if (typeof owner !== "string" || typeof repository?.name !== "string") return null;
  return { owner, repo: repository.name, defaultBranch: typeof repository.default_branch === "string" ? repository.default_branch : null };
}

/**
 * A push to a consumer repo's default branch, or a merged pull request into it, queues a scan of
 * that repo (coalesced per repo). Pushes to other branches, tags, and repos no workload links
 * are not the estate's.
 */
export async function handleEstateWebhook(deps: EstateDeps, event: { name: string; payload: Record<string, unknown> }): Promise<string | null> {
  const repo = repoOf(event.payload);
  if (!repo?.defaultBranch) return null;
  if (event.name === "push") {
    if (event.payload.ref !== `refs/heads/${repo.defaultBranch}`) return null;
  } else if (event.name === "pull_request") {
    const pr = event.payload.pull_request as { merged?: unknown; base?: { ref?: unknown } } | undefined;
    if (event.payload.action !== "closed" || pr?.merged !== true || pr.base?.ref !== repo.defaultBranch) return null;
  } else {
    return null;
  }
  const targets = await deps.store.listScanTargets({ repo });
  if (targets.length === 0) return null;
  const queued = await queueScans(deps, targets, await getJobQueue());
  return `estate scan of ${queued.join(", ")} queued`;
}

export const handleEstateEvent: GithubEventHandler = (event) => handleEstateWebhook(getEstateDeps(), event);
