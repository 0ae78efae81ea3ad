import { randomUUID } from "node:crypto";
import type { AuditActor } from "@/lib/platform/audit";
import { CheckpointLeaseLostError, createCheckpointRunner } from "@/lib/platform/checkpoints/create-checkpoint-runner";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/platform/logger";
import { consumerRepoOf } from "@/lib/workloads";
import { describeDeliveryStep, type DeliveryStep } from "./core/delivery-steps";
import { renderPullRequestBody, renderPullRequestTitle } from "./core/render-pull-request-body";
import { buildCatalogueUrl, buildScaffoldRequestUrl } from "./core/scaffold-links";
import type { DeliverySteps, ScaffoldDeps, ScaffoldRecord } from "./ports";

type DeliveryCheckpoints = Pick<DeliverySteps, DeliveryStep>;

export interface DeliverScaffoldOptions {
  id: string;
  actor: AuditActor;
  /** How long to wait for a delivery someone else is running (a double click). */
  waitMs?: number;
  /**
   * Set by the resume job: a failed request is retried only while it has automatic retries left
   * (`MAX_AUTOMATIC_RETRIES`), each counted in `steps.automaticRetries`.
   */
  automatic?: boolean;
}

const DEFAULT_LEASE_MS = 2 * 60_000;
/** How often the resume job retries a failed request whose PR is open before leaving it to a person. */
export const MAX_AUTOMATIC_RETRIES = 6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A message fit for every viewer of the request: AppErrors are written for users; anything else is logged. */
function describe(error: unknown, id: string): string {
  if (error instanceof AppError) return error.message;
  const reference = randomUUID();
  logger.error("scaffold delivery failed unexpectedly", { id, reference, error });
  return `Something went wrong on our side (reference ${reference}). Retry, and tell the platform team if it happens again.`;
}

const isLeased = (record: ScaffoldRecord) => Boolean(record.steps.lease && Date.parse(record.steps.lease.until) > Date.now());

async function waitForOtherDelivery(deps: ScaffoldDeps, id: string, deadline: number): Promise<ScaffoldRecord> {
  for (;;) {
    const record = await deps.store.findScaffold(id);
    if (!record) throw new AppError("NOT_FOUND", `Scaffold request ${id} does not exist`);
    if (!isLeased(record) || Date.now() > deadline) return record;
    await sleep(50);
  }
}

/**
 * Gives the lease back. When the database fails us (the failure that stopped the delivery, most
 * likely), it keeps trying in the background until the lease would have expired anyway, so that
 * a retry once the database is back starts at once instead of waiting out an orphaned lease.
 */
async function releaseLease(deps: ScaffoldDeps, id: string, owner: string, ttlMs: number): Promise<void> {
  const expires = Date.now() + ttlMs;
  try {
    await deps.store.releaseDeliveryLease(id, owner);
    return;
  } catch (error) {
    logger.warn("could not release a scaffold delivery lease; retrying in the background", { id, error });
  }
  void (async () => {
    for (let delay = 250; Date.now() < expires; delay = Math.min(delay * 2, 2_000)) {
      await sleep(delay);
      try {
        await deps.store.releaseDeliveryLease(id, owner);
        return;
      } catch {
        // Still down; the next attempt waits longer.
      }
    }
  })();
}

/**
 * Delivers a stored scaffold request as a pull request, resuming after the last recorded
 * checkpoint: base ref → commit → branch → PR → labels → reviewers, then `pr_open`.
 * A delivery lease keeps a second, concurrent call (double click, retry) from racing the
 * first; that call waits and returns the outcome, or takes over when the first stopped without
 * one (it lost the database). The lease is given back however the delivery ends. Failures end
 * in `failed` with the step and a message the user can act on; a failure after the PR exists
 * says the PR is open (the record keeps its link), and the resume job finishes such requests.
 * Reviewer failures are recorded but do not fail the request.
 */
export async function deliverScaffold(deps: ScaffoldDeps, options: DeliverScaffoldOptions): Promise<ScaffoldRecord> {
  const { store, publisher } = deps;
  const owner = randomUUID();
  const ttlMs = deps.leaseTtlMs ?? DEFAULT_LEASE_MS;
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  while (!(await store.acquireDeliveryLease(options.id, { owner, ttlMs }))) {
    const other = await waitForOtherDelivery(deps, options.id, deadline);
    // The other delivery still runs past our patience, or it reached an outcome: that is the answer.
    if (isLeased(other) || other.state !== "draft" || Date.now() > deadline) return other;
    // It stopped with the request still in draft, without an outcome: deliver it ourselves.
    await sleep(20);
  }
  try {
    const record = await store.findScaffold(options.id);
    if (!record) throw new AppError("NOT_FOUND", `Scaffold request ${options.id} does not exist`);
    if (record.state !== "draft" && record.state !== "failed") return record;
    if (record.state === "failed" && options.automatic) {
      const retries = record.steps.automaticRetries ?? 0;
      if (retries >= MAX_AUTOMATIC_RETRIES) return record;
      if (!(await store.saveCheckpoint(record.id, { automaticRetries: retries + 1 }, { owner, ttlMs }))) return record;
    }
    if (record.state === "failed") await store.markRetrying(record.id, options.actor);

    // Every checkpoint renews the lease and proves this delivery still holds it.
    const checkpoints = createCheckpointRunner<DeliveryCheckpoints>({
      done: record.steps,
      save: (patch) => store.saveCheckpoint(record.id, patch, { owner, ttlMs }),
      leaseMs: ttlMs,
    });
    try {
      const repo = consumerRepoOf(record.workload);
      const base = await checkpoints.step("base", () => publisher.readBaseRef(repo));
      const commit = await checkpoints.step("commit", () => {
        const message = `${renderPullRequestTitle({ kind: record.kind, module: { name: record.moduleVersion.module.name, source: "" }, version: record.moduleVersion.version, unitPath: record.unitPath })}\n\nRequested by ${record.requestedByName} through Bulkhead (request ${record.id}).`;
        return publisher.createCommit(repo, { baseSha: base.sha, files: record.files, message });
      });
      // A branch recorded at another commit (the commit step was redone) is moved again.
      await checkpoints.step(
        "ref",
        async () => ({ branch: record.branch, sha: commit.sha, ...(await publisher.pointBranch(repo, { branch: record.branch, sha: commit.sha })) }),
        { isStale: (ref) => ref.sha !== commit.sha },
      );
      const pull = await checkpoints.step("pull", async () => {
        // The PR may exist although we never recorded it: the process died right after GitHub made it.
        const existing = await publisher.findOpenPullRequest(repo, { branch: record.branch });
        const opened = existing ?? (await publisher.openPullRequest(repo, { branch: record.branch, base: base.branch, ...(await pullRequestText(deps, record)) }));
        return { ...opened, reused: existing !== null };
      });
      await checkpoints.step("labels", async () => {
        const labels = ["bulkhead", `module:${record.moduleVersion.module.name}`];
        await publisher.addLabels(repo, { number: pull.number, labels });
        return { labels };
      });
      // Reviewers are a courtesy: a refusal is recorded on the request, not a failed delivery.
      await checkpoints.step("reviewers", async () => {
        const teams = record.workload.team.githubTeam ? [record.workload.team.githubTeam] : [];
        let error: string | null = null;
        if (teams.length > 0) {
          await publisher.requestTeamReviewers(repo, { number: pull.number, teams }).catch((e: unknown) => {
            error = describe(e, record.id);
            logger.warn("scaffold reviewers not requested", { id: record.id, error });
          });
        }
        return { teams, error };
      });

      await store.markPrOpen(record.id, { prNumber: pull.number, prUrl: pull.url }, options.actor);
    } catch (error) {
      // A failure before the first step (no consumer repo linked) counts as the base step's.
      const step = checkpoints.current ?? "base";
      if (error instanceof CheckpointLeaseLostError) {
        logger.warn("scaffold delivery lost its lease to another delivery; stopping", { id: record.id, step });
      } else {
        const opened = checkpoints.done.pull;
        // After the PR exists, the failure must not hide it: the message leads with it.
        const failureMessage = opened
          ? `Pull request #${opened.number} is open (${opened.url}), but ${describeDeliveryStep(step)} failed: ${describe(error, record.id)} Bulkhead retries this on its own; Retry does it now.`
          : describe(error, record.id);
        logger.warn("scaffold delivery failed", { id: record.id, step, failureMessage });
        await store.markFailed(record.id, { failedStep: step, failureMessage }, options.actor);
      }
    }
  } finally {
    await releaseLease(deps, options.id, owner, ttlMs);
  }
  const done = await store.findScaffold(options.id);
  if (!done) throw new AppError("NOT_FOUND", `Scaffold request ${options.id} does not exist`);
  return done;
}

async function pullRequestText(deps: ScaffoldDeps, record: ScaffoldRecord): Promise<{ title: string; body: string }> {
  if (record.steps.pullRequestText) return record.steps.pullRequestText;
  const version = record.moduleVersion;
  // The body must know which inputs are sensitive, so that it never prints their values.
  const variables = (await deps.versions.findModuleVersion(version.id))?.variables;
  if (!variables) throw new AppError("NOT_FOUND", `${version.module.name} ${version.version} is no longer in the catalogue`);
  const source = `${version.module.source.owner}/${version.module.source.repo}`;
  const catalogueModule = { name: version.module.name, source: version.module.path ? `${source}//${version.module.path}` : source };
  const promotedFrom = record.kind === "promote" ? (record.steps.promotedFromPath ?? null) : null;
  return {
    title: renderPullRequestTitle({ kind: record.kind, module: catalogueModule, version: version.version, unitPath: record.unitPath }),
    body: renderPullRequestBody({
      kind: record.kind,
      module: catalogueModule,
      version: version.version,
      catalogueUrl: buildCatalogueUrl({ publicUrl: deps.config.publicUrl, owner: version.module.source.owner, repo: version.module.source.repo, module: version.module.name, version: version.version }),
      workload: record.workload.name,
      unitPath: record.unitPath,
      promotedFrom,
      inputs: record.inputs,
      sensitiveInputs: new Set(variables.filter((v) => v.sensitive).map((v) => v.name)),
      requestedBy: record.requestedByName,
      requestUrl: buildScaffoldRequestUrl({ publicUrl: deps.config.publicUrl, id: record.id }),
      advisory: version.advisory,
    }),
  };
}
