import { randomUUID } from "node:crypto";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { AuditActor } from "@/lib/platform/audit";
import { isAwsOperationError } from "@/lib/vending";
import { applyWindow, planApplyBatches } from "./core/apply-plan";
import { findUnappliedChanges } from "./core/tag-change";
import { resolveRuntime, runPacedBatches, type GovernanceRuntime } from "./governance-context";
import type { ApplyLease, GovernanceDeps, TagChangeItemRecord, TagChangeRequestRecord } from "./ports";

export interface ApplyTagChangeResult {
  /** settled: every account was worked (see the record's state); busy: another run holds it, or it is not approved; lease_lost: another run took over. */
  status: "settled" | "busy" | "lease_lost";
  record: TagChangeRequestRecord | null;
}

type ItemOutcome = "done" | "lease_lost";

/** What went wrong, in plain words, and whether waiting could help. */
function describeFailure(error: unknown): { message: string; retryable: boolean } {
  if (isAwsOperationError(error)) return { message: error.message, retryable: error.retryable };
  if (isAppError(error)) return { message: error.message, retryable: false };
  return { message: `Unexpected error: ${error instanceof Error ? error.message : String(error)}`, retryable: false };
}

/** Calls `fn`, repeating it while AWS says "later" and attempts remain, with a doubling wait. */
async function withRetries<T>(runtime: GovernanceRuntime, fn: () => Promise<T>, beforeAttempt?: () => Promise<boolean>): Promise<{ ok: true; value: T } | { ok: false; message: string; retryable: boolean } | { ok: "lease_lost" }> {
  for (let attempt = 1; ; attempt++) {
    if (beforeAttempt && !(await beforeAttempt())) return { ok: "lease_lost" };
    try {
      return { ok: true, value: await fn() };
    } catch (error) {
      const failure = describeFailure(error);
      if (!failure.retryable || attempt >= runtime.config.attemptsPerRun) return { ok: false, ...failure };
      await runtime.sleep(runtime.config.retryDelayMs * 2 ** (attempt - 1));
    }
  }
}

/**
 * Applies an approved tag change: per account `TagResource` (and `UntagResource` for removed
 * keys), then `ListTagsForResource` to verify, and only then the recorded tags change. Accounts
 * go in batches at the configured Organizations call rate; "later" answers (throttling, 5xx,
 * timeouts) are retried a few times, then the account fails with the error, as does a
 * verification that does not show the new values. The request settles as applied, partially
 * failed or failed; never silently half-applied. A run holds the request's lease, so two workers
 * never apply one request at once, and a crashed run is resumed by the next (TagResource is
 * idempotent; verified accounts are not touched again).
 */
export async function applyTagChange(deps: GovernanceDeps, input: { id: string }, actor: AuditActor): Promise<ApplyTagChangeResult> {
  const runtime = resolveRuntime(deps);
  const { store, directory } = deps;
  const lease: ApplyLease = { owner: `${deps.workerId ?? "governance"}:${randomUUID()}`, leaseMs: runtime.config.leaseMs };
  const record = await store.acquireApplyLease(input.id, lease, actor);
  if (!record) return { status: "busy", record: await store.findTagChangeRequest(input.id) };

  const progress = (item: TagChangeItemRecord, event: "start" | "tagged" | "fail", failure?: { message: string; retryable: boolean }) =>
    store.recordItemProgress(item.id, { event, ...(failure ? { error: failure.message, retryable: failure.retryable } : {}) }, lease, actor);

  const applyItem = async (item: TagChangeItemRecord): Promise<ItemOutcome> => {
    const set = Object.fromEntries(Object.entries(item.after).filter((entry): entry is [string, string] => entry[1] !== null));
    const remove = Object.keys(item.after).filter((key) => item.after[key] === null);
    // An item found applied was tagged by a run that stopped before verifying: verify it now.
    if (item.status !== "applied") {
      const written = await withRetries(
        runtime,
        async () => {
          await directory.tagAccount(item.awsAccountId, set);
          await directory.untagAccount(item.awsAccountId, remove);
        },
        () => progress(item, "start"),
      );
      if (written.ok === "lease_lost") return "lease_lost";
      if (!written.ok) return (await progress(item, "fail", written)) ? "done" : "lease_lost";
      if (!(await progress(item, "tagged"))) return "lease_lost";
    }
    const read = await withRetries(runtime, () => directory.listTags(item.awsAccountId));
    if (read.ok === "lease_lost") return "lease_lost";
    if (!read.ok) {
      const failure = { message: `The tags were written but could not be read back to verify them: ${read.message}`, retryable: read.retryable };
      return (await progress(item, "fail", failure)) ? "done" : "lease_lost";
    }
    const unapplied = findUnappliedChanges(read.value, item.after);
    if (unapplied.length > 0) {
      const failure = { message: `AWS does not show the change after TagResource: ${unapplied.join("; ")}`, retryable: false };
      return (await progress(item, "fail", failure)) ? "done" : "lease_lost";
    }
    return (await store.completeItem(item.id, { observedTags: read.value }, lease, actor)) ? "done" : "lease_lost";
  };

  const todo = record.items.filter((item) => item.status === "pending" || item.status === "applying" || item.status === "applied");
  // TagResource, UntagResource when keys are removed, and ListTagsForResource.
  const callsPerAccount = Math.max(
    runtime.config.applyRate.callsPerAccount,
    ...todo.map((item) => 1 + (Object.values(item.after).some((v) => v !== null) ? 1 : 0) + (Object.values(item.after).some((v) => v === null) ? 1 : 0)),
  );
  const rate = { ...runtime.config.applyRate, callsPerAccount };
  const run = await runPacedBatches(planApplyBatches(todo, rate), applyItem, { runtime, windowMs: applyWindow(rate).windowMs, stop: (outcome) => outcome === "lease_lost" });
  if (run.stopped) return { status: "lease_lost", record: await store.findTagChangeRequest(input.id) };

  const settled = await store.settleTagChangeRequest(input.id, { owner: lease.owner }, actor);
  if (!settled) return { status: "lease_lost", record: await store.findTagChangeRequest(input.id) };
  // Every account of the run ends verified or failed, so the request has settled.
  if (settled.state === "applying") throw new AppError("CONFLICT", `Tag change ${input.id} still has accounts to apply after a full run`);
  return { status: "settled", record: settled };
}
