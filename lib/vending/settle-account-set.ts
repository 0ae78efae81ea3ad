import { randomUUID } from "node:crypto";
import { CheckpointLeaseLostError, createCheckpointRunner } from "@/lib/platform/checkpoints/create-checkpoint-runner";
import { logger } from "@/lib/platform/logger";
import { AppError } from "@/lib/errors/app-error";
import { consumerRepoOf, type RepoRef } from "@/lib/workloads";
import type { WorkerContext } from "./advance-account-request";
import { summarizeSetOutcome, type SetOutcome } from "./core/account-set-state";
import { deriveConsumerRepoName } from "./core/consumer-repo-name";
import { computeNextPollAt } from "./core/poll-backoff";
import { renderConsumerAccountFile, renderProviderAccountFile, type AccountFile } from "./core/render-account-files";
import { renderConsumerPullRequest, renderProviderPullRequest, type PullRequestText, type VendingPullRequestInput } from "./core/render-vending-pull-requests";
import type { AccountSetRecord, AccountSetSteps, PullRequestSteps } from "./ports";
import { nowOf } from "./vending-timings";

/*
 * What happens once every account of a set has stopped moving. When all are vended, the repos
 * are wired: a new workload first gets its consumer repo from the template, then is registered
 * in the workloads domain with the requester as its lead, then ONE pull request to the provider repo registers every
 * account and ONE pull request to the consumer repo adds a folder per account. Every external
 * step runs under the platform's checkpoint runner with the scaffold's GitHub publisher, its
 * result saved in the set's steps, so a crash between steps resumes after the last one and the
 * "open PR for this branch?" check keeps a lost answer from becoming a second PR. Then the set
 * settles: vended, partially failed or failed.
 */

type SetCheckpoints = Pick<AccountSetSteps, "consumerRepo" | "workload">;

function describe(error: unknown, setId: string): string {
  if (error instanceof AppError) return error.message;
  const reference = randomUUID();
  logger.error("vending wiring failed unexpectedly", { setId, reference, error });
  return `Something went wrong on our side (reference ${reference}).`;
}

function requestUrl(publicUrl: string | null, id: string): string {
  const path = `/accounts/requests/${id}`;
  return publicUrl ? `${publicUrl.replace(/\/+$/, "")}${path}` : path;
}

function splitRepo(owner: string | null, name: string | null, what: string): RepoRef {
  if (!owner || !name) throw new AppError("INVALID_INPUT", `No ${what} is configured: an admin must set it under Admin → Vending, then retry the request`);
  return { owner, repo: name };
}

/**
 * Renders one file per account, one at a time: each formatting is a block of CPU (Go-wasm), and
 * a slot's handoff that comes due goes between two of them (`yieldToAccounts`), not after all.
 */
async function renderEach<T, R>(ctx: WorkerContext, items: T[], render: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const item of items) {
    await ctx.yieldToAccounts();
    out.push(await render(item));
  }
  return out;
}

type SaveSetSteps = (patch: AccountSetSteps) => Promise<boolean>;

/**
 * Saves a set's checkpoints under its lease. The runner renews the lease (an empty patch) before
 * every step; that write is skipped while the last one is less than a tenth of the lease old: the
 * lease was ours then and nobody can take it over before it runs out, nine tenths later.
 */
function leasedSetSave(ctx: WorkerContext, setId: string): SaveSetSteps {
  let renewedAt = Number.NEGATIVE_INFINITY;
  return async (patch) => {
    // Between two steps: a slot's handoff goes first.
    await ctx.yieldToAccounts();
    const at = Date.now();
    if (Object.keys(patch).length === 0 && at - renewedAt < ctx.timings.leaseMs / 10) return true;
    const ok = await ctx.deps.store.saveSetSteps(setId, patch, { owner: ctx.owner, leaseMs: ctx.timings.leaseMs });
    if (ok) renewedAt = at;
    return ok;
  };
}

/** One pull request, step by step under the checkpoint runner, its checkpoints nested under `key`. */
async function deliverPullRequest(
  ctx: WorkerContext,
  set: AccountSetRecord,
  key: "providerPr" | "consumerPr",
  options: { repo: RepoRef; files: AccountFile[]; text: PullRequestText; save: SaveSetSteps },
): Promise<{ number: number; url: string }> {
  const { pullRequests } = ctx.deps;
  let saved: PullRequestSteps = { ...set.steps[key] };
  const checkpoints = createCheckpointRunner<PullRequestSteps>({
    done: saved,
    save: async (patch) => {
      if (Object.keys(patch).length === 0) return options.save({});
      const next = { ...saved, ...patch };
      // The base is only read: it is written with the commit made on it (a run that stops
      // before reads it again), so that each pull request's first write is the commit's.
      if (Object.keys(patch).every((k) => k === "base")) {
        saved = next;
        return true;
      }
      const ok = await options.save({ [key]: next });
      if (ok) saved = next;
      return ok;
    },
    leaseMs: ctx.timings.leaseMs,
  });
  const { repo, files, text } = options;
  const base = await checkpoints.step("base", () => pullRequests.readBaseRef(repo));
  const commit = await checkpoints.step("commit", () => pullRequests.createCommit(repo, { baseSha: base.sha, files, message: text.commitMessage }));
  await checkpoints.step("ref", async () => ({ branch: text.branch, sha: commit.sha, ...(await pullRequests.pointBranch(repo, { branch: text.branch, sha: commit.sha })) }), {
    isStale: (ref) => ref.sha !== commit.sha,
  });
  const pull = await checkpoints.step("pull", async () => {
    // The PR may exist although it was never recorded: the worker died right after GitHub made it.
    const existing = await pullRequests.findOpenPullRequest(repo, { branch: text.branch });
    const opened = existing ?? (await pullRequests.openPullRequest(repo, { branch: text.branch, base: base.branch, title: text.title, body: text.body }));
    return { ...opened, reused: existing !== null };
  });
  await checkpoints.step("labels", async () => {
    await pullRequests.addLabels(repo, { number: pull.number, labels: text.labels });
    return { labels: text.labels };
  });
  return pull;
}

async function wireAccountSet(ctx: WorkerContext, set: AccountSetRecord): Promise<void> {
  const { store, repoFactory } = ctx.deps;
  const settings = await ctx.settings();
  const provider = splitRepo(settings.providerRepoOwner, settings.providerRepoName, "provider repo");
  const save = leasedSetSave(ctx, set.id);
  const checkpoints = createCheckpointRunner<SetCheckpoints>({ done: set.steps, save, leaseMs: ctx.timings.leaseMs });

  let consumer: RepoRef;
  if (set.workload) {
    consumer = consumerRepoOf(set.workload);
  } else {
    const template = splitRepo(settings.templateRepoOwner, settings.templateRepoName, "consumer template repo");
    const created = await checkpoints.step("consumerRepo", () =>
      repoFactory.createFromTemplate({
        template,
        owner: settings.consumerRepoOwner ?? template.owner,
        name: deriveConsumerRepoName(set.workloadSlug),
        description: `Infrastructure of the ${set.newWorkload?.name ?? set.workloadSlug} workload (Terragrunt, one folder per account), created by Bulkhead`,
        private: true,
      }),
    );
    const consumerRepo = `${created.owner}/${created.repo}`;
    const workload = await checkpoints.step("workload", async () => {
      const { newWorkload } = set;
      if (!newWorkload) throw new AppError("INVALID_INPUT", "This request names no workload");
      try {
        const made = await ctx.deps.workloads.createWorkload(
          { slug: newWorkload.slug, name: newWorkload.name, teamId: newWorkload.teamId, consumerRepo, description: "" },
          ctx.actor,
          { leadUserId: set.requestedBy.id },
        );
        return { id: made.id, slug: made.slug };
      } catch (error) {
        // A retry after the workload was made but before the checkpoint: it is ours if it holds our repo.
        const existing = error instanceof AppError && error.code === "CONFLICT" ? await ctx.deps.workloads.findWorkload(newWorkload.slug) : null;
        if (existing && existing.consumerRepo?.toLowerCase() === consumerRepo.toLowerCase()) return { id: existing.id, slug: existing.slug };
        throw error;
      }
    });
    await store.attachWorkload(set.id, workload.id, ctx.actor);
    consumer = { owner: created.owner, repo: created.repo };
  }

  const vended = set.accounts.filter((a) => a.status === "done" && a.accountId);
  const input: VendingPullRequestInput = {
    requestId: set.id,
    workload: { slug: set.workloadSlug, name: set.workload?.name ?? set.newWorkload?.name ?? set.workloadSlug },
    requestedBy: set.requestedBy.name,
    approvedBy: set.decidedBy?.name ?? null,
    requestUrl: requestUrl(ctx.deps.config.publicUrl, set.id),
    accounts: vended.map((a) => ({ env: a.env, accountName: a.accountName, accountId: a.accountId!, ou: a.ou, tags: a.tags })),
  };
  const providerFiles = await renderEach(ctx, vended, (a) =>
    renderProviderAccountFile({ accountId: a.accountId!, accountName: a.accountName, env: a.env, ou: a.ou, tags: a.tags, requestId: set.id }),
  );
  await deliverPullRequest(ctx, set, "providerPr", { repo: provider, files: providerFiles, text: renderProviderPullRequest(input), save });
  const consumerFiles = await renderEach(ctx, vended, (a) => renderConsumerAccountFile({ accountId: a.accountId!, accountName: a.accountName, env: a.env }));
  await deliverPullRequest(ctx, set, "consumerPr", { repo: consumer, files: consumerFiles, text: renderConsumerPullRequest(input), save });
}

function describeFailures(set: AccountSetRecord): string {
  const failed = set.accounts.filter((a) => a.status === "failed");
  return failed.map((a) => `${a.env} (${a.accountName}): ${a.lastError ?? "failed"}`).join("; ");
}

/**
 * Wires and settles a leased set whose accounts have all stopped moving. A wiring failure
 * (GitHub down, a missing setting) is recorded and retried with backoff; after
 * `maxWiringAttempts` the set settles as failed with the reason, for an admin to retry.
 */
export async function settleAccountSet(ctx: WorkerContext, set: AccountSetRecord): Promise<void> {
  const { store } = ctx.deps;
  const lease = { owner: ctx.owner, leaseMs: ctx.timings.leaseMs };
  // Settling lets the lease go in the same write; otherwise it is let go at the end.
  let settled = false;
  const settle = async (outcome: SetOutcome, failureMessage: string | null) => {
    settled = await store.settleLeasedSet(set.id, { outcome, failureMessage }, ctx.owner, ctx.actor);
  };
  try {
    const counted = set.accounts.filter((a) => a.status !== "cancelled");
    if (counted.length === 0 || !counted.every((a) => a.status === "done")) {
      const outcome = summarizeSetOutcome(
        set.accounts.map((a) => a.status),
        { wired: false },
      );
      if (outcome === "provisioning") return;
      await settle(outcome, describeFailures(set) || null);
      return;
    }
    try {
      await wireAccountSet(ctx, set);
    } catch (error) {
      if (error instanceof CheckpointLeaseLostError) {
        logger.warn("vending wiring lost its lease to another worker; stopping", { setId: set.id });
        return;
      }
      const message = describe(error, set.id);
      const attempts = (set.steps.wiringError?.attempts ?? 0) + 1;
      const now = nowOf(ctx.deps);
      const last = attempts >= ctx.timings.maxWiringAttempts;
      const retryAt = last ? now : computeNextPollAt(now, ctx.timings.retryBackoff, attempts - 1, { random: ctx.deps.random });
      logger.warn("vending wiring failed", { setId: set.id, attempts, message });
      if (!(await store.saveSetSteps(set.id, { wiringError: { message, at: now.toISOString(), attempts, retryAt: retryAt.toISOString() } }, lease))) return;
      if (last) {
        await settle("failed", `Every account was vended, but the repos could not be wired after ${attempts} attempts: ${message}`);
      }
      return;
    }
    if (set.steps.wiringError && !(await store.saveSetSteps(set.id, { wiringError: null }, lease))) return;
    await settle("vended", null);
  } finally {
    if (!settled) await store.releaseSetLease(set.id, ctx.owner);
  }
}
