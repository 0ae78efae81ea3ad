import type { AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import { activeStatuses, isInFlight, transitionAccountRequest, type AccountRequestStatus } from "./core/account-request-state";
import { classifyRecordErrors, isAwsOperationError } from "./core/aws-error";
import { computeNextPollAt } from "./core/poll-backoff";
import { deriveProvisionedProductName } from "./core/provisioned-product-name";
import type { VendingSettings } from "./core/vending-settings";
import type { AccountFactoryProduct, AccountRequestRecord, AccountRequestUpdate, ProvisioningRecord, VendingDeps, VendingEvent, VendingTimings } from "./ports";
import { buildAccountEvent, publishVendingEvents } from "./publish-vending-events";
import { nowOf } from "./vending-timings";

/*
 * Moves one leased account request as far as it can go now:
 *
 *   submitted ─ProvisionProduct→ in_progress ─DescribeRecord…→ succeeded ─TagResource→ tagged
 *             ─ListTagsForResource→ verified ─store the account→ done
 *
 * Each step's result is written (with its audit event) before the next step starts, so a
 * worker killed anywhere resumes from the stored state: a lost ProvisionProduct answer is
 * replayed with the same ProvisionToken (the same record comes back, never a second account),
 * and the record id is stored before the first DescribeRecord. Throttling, 5xx, timeouts and
 * "another Control Tower operation is in progress" wait (with backoff) and never fail the
 * account; a FAILED record stores its RecordErrors for an admin to read and retry.
 */

/** What one worker run shares between the accounts it moves. */
export interface WorkerContext {
  deps: VendingDeps;
  owner: string;
  actor: AuditActor;
  timings: VendingTimings;
  /** The Account Factory product, resolved once per run. */
  product(): Promise<AccountFactoryProduct>;
  /** The vending settings, read at most every few seconds by one run. */
  settings(): Promise<VendingSettings>;
  /** The workload slug of a set, for events. */
  workloadSlugOf(setId: string): Promise<string>;
}

const isActive = (status: AccountRequestStatus) => activeStatuses.includes(status);

// Organizations may not see a brand-new account for a moment; TargetNotFound is waited out this often.
const MAX_NOT_FOUND_WAITS = 6;
// Tags that do not read back are applied again this often before the account is failed.
const MAX_TAG_REPAIRS = 3;

type Step = "provision" | "poll" | "tag" | "verify";

async function publish(ctx: WorkerContext, type: VendingEvent["type"], account: AccountRequestRecord, detail: Record<string, unknown> = {}): Promise<void> {
  const slug = await ctx.workloadSlugOf(account.setId);
  await publishVendingEvents(ctx.deps, [buildAccountEvent(type, slug, account, nowOf(ctx.deps), detail)]);
}

/** Writes `update` under the lease; the record to keep going with, or null to stop (released, or lost). */
async function update(ctx: WorkerContext, account: AccountRequestRecord, change: AccountRequestUpdate): Promise<AccountRequestRecord | null> {
  const ok = await ctx.deps.store.updateAccountRequest(account.id, { ...change, expected: account }, { owner: ctx.owner, leaseMs: ctx.timings.leaseMs }, ctx.actor);
  if (!ok || change.releaseLease) return null;
  // The row is ours until the lease runs out: its next state is known without reading it back.
  const accountId = change.accountId !== undefined ? change.accountId : account.accountId;
  const status = change.event ? transitionAccountRequest({ status: account.status, accountId }, change.event) : account.status;
  if (!isActive(status)) return null;
  return {
    ...account,
    status,
    accountId,
    recordId: change.recordId !== undefined ? change.recordId : account.recordId,
    recordStatus: change.recordStatus !== undefined ? change.recordStatus : account.recordStatus,
    provisionedProductId: change.provisionedProductId !== undefined ? change.provisionedProductId : account.provisionedProductId,
    recordErrors: change.recordErrors !== undefined ? (change.recordErrors ?? []) : account.recordErrors,
    lastError: change.lastError !== undefined ? change.lastError : account.lastError,
    failedStep: change.failedStep !== undefined ? change.failedStep : account.failedStep,
    pollCount: change.pollCount ?? account.pollCount,
    nextPollAt: change.nextPollAt ?? account.nextPollAt,
    steps: change.steps ? { ...account.steps, ...change.steps } : account.steps,
    lease: { owner: ctx.owner, until: new Date(nowOf(ctx.deps).getTime() + ctx.timings.leaseMs) },
  };
}

function nextPoll(ctx: WorkerContext, policy: "poll" | "retry", repeat: number, retryAfterMs?: number): Date {
  const backoff = policy === "poll" ? ctx.timings.pollBackoff : ctx.timings.retryBackoff;
  return computeNextPollAt(nowOf(ctx.deps), backoff, repeat, { random: ctx.deps.random, retryAfterMs });
}

/** Waits out a retry-later problem: the message is shown, the account keeps its state and slot. */
async function waitAndRetry(ctx: WorkerContext, account: AccountRequestRecord, message: string): Promise<null> {
  await update(ctx, account, { lastError: message, pollCount: account.pollCount + 1, nextPollAt: nextPoll(ctx, "retry", account.pollCount), releaseLease: true });
  return null;
}

async function fail(ctx: WorkerContext, account: AccountRequestRecord, step: Step, message: string, extra: AccountRequestUpdate = {}): Promise<null> {
  const ok = await ctx.deps.store.updateAccountRequest(
    account.id,
    { event: { type: "fail" }, ...extra, lastError: message, failedStep: step, expected: account },
    { owner: ctx.owner, leaseMs: ctx.timings.leaseMs },
    ctx.actor,
  );
  if (ok) await publish(ctx, "failed", account, { step, message, recordErrors: extra.recordErrors ?? undefined });
  return null;
}

/** AWS said no: wait when it is retry-later, fail with its words otherwise. Anything else is a bug and propagates. */
async function handleFailure(ctx: WorkerContext, account: AccountRequestRecord, error: unknown, step: Step): Promise<null> {
  if (isAwsOperationError(error) && error.retryable) return waitAndRetry(ctx, account, error.message);
  if (error instanceof AppError) return fail(ctx, account, step, error.message);
  throw error;
}

/** Applies what Account Factory reported about the account's record. */
async function applyRecord(ctx: WorkerContext, account: AccountRequestRecord, record: ProvisioningRecord, extra: AccountRequestUpdate = {}): Promise<AccountRequestRecord | null> {
  const base: AccountRequestUpdate = {
    ...extra,
    recordId: record.recordId,
    recordStatus: record.status,
    provisionedProductId: record.provisionedProductId ?? account.provisionedProductId,
  };
  switch (record.status) {
    case "CREATED":
    case "IN_PROGRESS":
    case "IN_PROGRESS_IN_ERROR": {
      const repeat = account.status === "submitted" ? 0 : account.pollCount + 1;
      return update(ctx, account, { ...base, event: { type: "record", status: record.status }, lastError: null, pollCount: repeat, nextPollAt: nextPoll(ctx, "poll", repeat), releaseLease: true });
    }
    case "SUCCEEDED": {
      if (!record.accountId) return fail(ctx, account, "poll", "Account Factory reported SUCCEEDED without a 12-digit AccountId in the record outputs", base);
      return update(ctx, account, { ...base, event: { type: "record", status: "SUCCEEDED", accountId: record.accountId }, accountId: record.accountId, lastError: null, pollCount: 0, nextPollAt: nowOf(ctx.deps) });
    }
    case "FAILED": {
      const outcome = classifyRecordErrors(record.errors);
      if (outcome.retryable) {
        // Control Tower was busy: the record made no account, so a new attempt (new token, new
        // provisioned-product name) is safe. It is a wait, not a failure.
        await update(ctx, account, {
          ...base,
          event: { type: "requeue" },
          recordErrors: record.errors,
          lastError: `Control Tower was busy (${outcome.message}); queued again as attempt ${account.attempt + 1}`,
          pollCount: 0,
          nextPollAt: nextPoll(ctx, "retry", 0),
        });
        return null;
      }
      return fail(ctx, account, "provision", `Account Factory could not create the account: ${outcome.message}`, { ...base, event: { type: "record", status: "FAILED" }, recordErrors: record.errors });
    }
  }
}

async function provision(ctx: WorkerContext, account: AccountRequestRecord): Promise<AccountRequestRecord | null> {
  let record: ProvisioningRecord;
  try {
    const product = await ctx.product();
    record = await ctx.deps.accountFactory.provisionAccount({
      product,
      provisionedProductName: deriveProvisionedProductName(account.accountName, account.attempt),
      provisionToken: account.provisionToken,
      parameters: { accountName: account.accountName, accountEmail: account.accountEmail, sso: account.sso, ou: account.ou },
    });
  } catch (error) {
    return handleFailure(ctx, account, error, "provision");
  }
  // The record id is stored before anything else happens with it.
  const at = nowOf(ctx.deps).toISOString();
  const next = await applyRecord(ctx, account, record, { steps: { provision: { recordId: record.recordId, attempt: account.attempt, at } } });
  await publish(ctx, "provisioning", account, { recordId: record.recordId, provisionToken: account.provisionToken });
  return next;
}

async function poll(ctx: WorkerContext, account: AccountRequestRecord): Promise<AccountRequestRecord | null> {
  if (!account.recordId) return fail(ctx, account, "poll", "The account is in progress but no Service Catalog record id was stored");
  let record: ProvisioningRecord;
  try {
    record = await ctx.deps.accountFactory.describeRecord(account.recordId);
  } catch (error) {
    return handleFailure(ctx, account, error, "poll");
  }
  return applyRecord(ctx, account, record);
}

async function tag(ctx: WorkerContext, account: AccountRequestRecord): Promise<AccountRequestRecord | null> {
  try {
    await ctx.deps.directory.tagAccount(account.accountId!, account.tags);
  } catch (error) {
    if (isAwsOperationError(error) && error.reason === "not_found" && account.pollCount < MAX_NOT_FOUND_WAITS) {
      return waitAndRetry(ctx, account, `Organizations does not show account ${account.accountId} yet; tagging again shortly`);
    }
    return handleFailure(ctx, account, error, "tag");
  }
  return update(ctx, account, { event: { type: "tagged" }, steps: { tag: { at: nowOf(ctx.deps).toISOString() } }, lastError: null, pollCount: 0, nextPollAt: nowOf(ctx.deps) });
}

async function verify(ctx: WorkerContext, account: AccountRequestRecord): Promise<AccountRequestRecord | null> {
  const accountId = account.accountId!;
  let observed: Record<string, string>;
  try {
    observed = await ctx.deps.directory.listTags(accountId);
  } catch (error) {
    return handleFailure(ctx, account, error, "verify");
  }
  const wrong = Object.entries(account.tags).filter(([key, value]) => observed[key] !== value);
  if (wrong.length === 0) {
    return update(ctx, account, { event: { type: "verified" }, steps: { verify: { at: nowOf(ctx.deps).toISOString(), tags: observed } }, lastError: null, pollCount: 0, nextPollAt: nowOf(ctx.deps) });
  }
  const described = wrong.map(([key, value]) => `${key} is ${observed[key] === undefined ? "missing" : `"${observed[key]}"`} instead of "${value}"`).join("; ");
  if (account.pollCount >= MAX_TAG_REPAIRS) return fail(ctx, account, "verify", `Organizations does not show the tags the account was given: ${described}`);
  try {
    await ctx.deps.directory.tagAccount(accountId, Object.fromEntries(wrong));
  } catch (error) {
    return handleFailure(ctx, account, error, "verify");
  }
  return waitAndRetry(ctx, account, `The tags did not read back (${described}); tagged again, checking once more`);
}

async function complete(ctx: WorkerContext, account: AccountRequestRecord): Promise<null> {
  if (await ctx.deps.store.completeAccountRequest(account.id, { owner: ctx.owner }, ctx.actor)) {
    await publish(ctx, "vended", { ...account, status: "done" }, { ou: account.ou, tags: account.tags });
  }
  return null;
}

/**
 * Runs the account's next steps while this worker holds its lease. With `until: "slot"` it
 * stops once the account no longer holds an in-flight slot (keeping the lease), so that the
 * caller can hand the slot to a queued account before tagging this one.
 */
export async function advanceAccountRequest(ctx: WorkerContext, account: AccountRequestRecord, options: { until?: "slot" | "end" } = {}): Promise<AccountRequestRecord | null> {
  let current: AccountRequestRecord | null = account;
  for (let steps = 0; current && steps < 8; steps++) {
    if (options.until === "slot" && !isInFlight(current.status)) return current;
    switch (current.status) {
      case "submitted":
        current = await provision(ctx, current);
        break;
      case "in_progress":
        current = await poll(ctx, current);
        break;
      case "succeeded":
        current = await tag(ctx, current);
        break;
      case "tagged":
        current = await verify(ctx, current);
        break;
      case "verified":
        current = await complete(ctx, current);
        break;
      default:
        return null;
    }
  }
  return null;
}
