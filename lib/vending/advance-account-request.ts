import type { AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import { activeStatuses, isInFlight, transitionAccountRequest, type AccountRequestStatus } from "./core/account-request-state";
import { classifyRecordErrors, isAwsOperationError } from "./core/aws-error";
import { computeNextPollAt, computePollDelay, type DurationTracker } from "./core/poll-backoff";
import { deriveProvisionedProductName } from "./core/provisioned-product-name";
import type { VendingSettings } from "./core/vending-settings";
import type { AccountFactoryProduct, AccountRequestRecord, AccountRequestSteps, AccountRequestUpdate, ProvisioningRecord, VendingDeps, VendingEvent, VendingTimings } from "./ports";
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
 * and the record id is stored before the first DescribeRecord. Tagging and reading the tags
 * back are idempotent, so tagged, verified and done are written together once both went well
 * (one audit event each); a crash before that write tags again.
 *
 * DescribeRecord is asked when the record is expected to finish (the shortest provisioning
 * time the run has seen), then with backoff. Between polls a worker run with time left keeps
 * the account leased and waits in memory, writing only news (a new status or record status);
 * otherwise it writes the next poll's time and lets the lease go for any worker to pick up. Throttling, 5xx, timeouts and
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
  /** Provisioning times this run has seen, for polling when a record is expected to finish. */
  durations: DurationTracker;
  /**
   * Until when (epoch ms) this run may keep an in-progress account leased between two polls,
   * waiting in memory instead of writing the next poll's time and letting go; 0: never. The lease
   * is renewed by a write whenever less than half of it would be left at the next poll.
   */
  holdUntil: number;
  sleep(ms: number): Promise<void>;
  signal?: AbortSignal;
  /**
   * Runs a step of a slot's handoff (storing a finished record, the claim of the next account,
   * its ProvisionProduct): while one runs, wiring waits at its next step (`yieldToAccounts`), so
   * that an Account Factory slot never waits behind a set's pull requests on this process.
   */
  urgent<T>(run: () => Promise<T>): Promise<T>;
  /**
   * Announces a handoff expected at `at` (epoch ms): the poll of an in-flight record this run
   * waits for in memory. Wiring does not start a step that would still run then. Returns the
   * call that withdraws it, once the poll's handoff ran (or the record was still running).
   */
  expectHandoff(at: number): () => void;
  /** Resolves once no handoff step runs or is due within a wiring step (soon after, or after `maxMs` at most, so wiring never starves). */
  yieldToAccounts(maxMs?: number): Promise<void>;
}

const isActive = (status: AccountRequestStatus) => activeStatuses.includes(status);

// Organizations may not see a brand-new account for a moment; TargetNotFound is waited out this often.
const MAX_NOT_FOUND_WAITS = 6;
// Tags that do not read back are applied again this often before the account is failed.
const MAX_TAG_REPAIRS = 3;

type Step = "provision" | "poll" | "tag" | "verify";

async function publish(ctx: WorkerContext, type: VendingEvent["type"], account: AccountRequestRecord, detail: Record<string, unknown> = {}): Promise<void> {
  if (ctx.deps.events.enabled === false) return;
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

/**
 * When to ask about an in-progress record again: when it is expected to finish, then with backoff.
 * The record's time runs from its creation (CreatedTime, Account Factory's clock, as the expected
 * time is measured), kept between the claim and now: a clock ahead or behind ours can make the
 * look neither sooner than the claim allows nor later than the answer in hand.
 */
function nextRecordPoll(ctx: WorkerContext, account: AccountRequestRecord, record: ProvisioningRecord, repeat: number): Date {
  const now = nowOf(ctx.deps);
  const claimed = (account.submittedAt ?? now).getTime();
  const created = record.createdAt?.getTime() ?? claimed;
  const started = Math.min(now.getTime(), Math.max(claimed, created));
  const delay = computePollDelay(ctx.timings.pollBackoff, { elapsedMs: now.getTime() - started, expectedMs: ctx.durations.expectedMs(), repeat }, { random: ctx.deps.random });
  return new Date(now.getTime() + delay);
}

/** Whether the run may wait for `at` in memory, still holding the account's lease. */
function mayHold(ctx: WorkerContext, at: Date): boolean {
  const wait = at.getTime() - nowOf(ctx.deps).getTime();
  return ctx.holdUntil > 0 && !ctx.signal?.aborted && at.getTime() <= ctx.holdUntil && wait <= ctx.timings.leaseMs / 2;
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
      const at = nextRecordPoll(ctx, account, record, repeat);
      const change: AccountRequestUpdate = { ...base, event: { type: "record", status: record.status }, lastError: null, pollCount: repeat, nextPollAt: at };
      if (!mayHold(ctx, at)) return update(ctx, account, { ...change, releaseLease: true });
      // Held in memory until the next poll. Only news is written: a new status or record
      // status, an error to clear, or a lease that would run short.
      const leaseLeft = account.lease ? account.lease.until.getTime() - at.getTime() : 0;
      const news = account.status === "submitted" || record.status !== account.recordStatus || account.lastError !== null || base.provisionedProductId !== account.provisionedProductId || extra.steps !== undefined;
      if (news || leaseLeft < ctx.timings.leaseMs / 2) return update(ctx, account, change);
      return { ...account, pollCount: repeat, nextPollAt: at };
    }
    case "SUCCEEDED": {
      if (!record.accountId) return fail(ctx, account, "poll", "Account Factory reported SUCCEEDED without a 12-digit AccountId in the record outputs", base);
      if (record.createdAt && record.updatedAt) ctx.durations.observe(record.updatedAt.getTime() - record.createdAt.getTime());
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

function provision(ctx: WorkerContext, account: AccountRequestRecord): Promise<AccountRequestRecord | null> {
  return ctx.urgent(() => provisionNow(ctx, account));
}

async function provisionNow(ctx: WorkerContext, account: AccountRequestRecord): Promise<AccountRequestRecord | null> {
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
  const wait = account.nextPollAt.getTime() - nowOf(ctx.deps).getTime();
  // Wiring keeps clear of the moment this record should be done (see WorkerContext.expectHandoff).
  const withdraw = ctx.expectHandoff(Date.now() + Math.max(0, wait));
  try {
    if (wait > 0) {
      // Held in memory (see applyRecord): the lease is ours until long after the poll is due.
      await ctx.sleep(wait);
      if (ctx.signal?.aborted) return await update(ctx, account, { pollCount: account.pollCount, nextPollAt: account.nextPollAt, releaseLease: true });
    }
    let record: ProvisioningRecord;
    try {
      record = await ctx.deps.accountFactory.describeRecord(account.recordId);
    } catch (error) {
      return await handleFailure(ctx, account, error, "poll");
    }
    // A finished record frees the slot: from here to the next account's ProvisionProduct is the handoff.
    if (record.status === "SUCCEEDED" || record.status === "FAILED") return await ctx.urgent(() => applyRecord(ctx, account, record));
    withdraw();
    return await applyRecord(ctx, account, record);
  } finally {
    withdraw();
  }
}

/** Tags the account, reads the tags back, and stores it as vended: one write when all goes well. */
async function finish(ctx: WorkerContext, account: AccountRequestRecord): Promise<AccountRequestRecord | null> {
  const accountId = account.accountId!;
  const steps: AccountRequestSteps = {};
  // TagResource is idempotent, so a crash before the write below only tags again.
  if (account.status === "succeeded") {
    try {
      await ctx.deps.directory.tagAccount(accountId, account.tags);
    } catch (error) {
      if (isAwsOperationError(error) && error.reason === "not_found" && account.pollCount < MAX_NOT_FOUND_WAITS) {
        return waitAndRetry(ctx, account, `Organizations does not show account ${accountId} yet; tagging again shortly`);
      }
      return handleFailure(ctx, account, error, "tag");
    }
    steps.tag = { at: nowOf(ctx.deps).toISOString() };
  }
  if (account.status === "succeeded" || account.status === "tagged") {
    let observed: Record<string, string>;
    try {
      observed = await ctx.deps.directory.listTags(accountId);
    } catch (error) {
      // What is known is kept (tagged), then the read waits or fails as any other.
      const tagged = steps.tag ? await markTagged(ctx, account, steps) : account;
      return tagged && handleFailure(ctx, tagged, error, "verify");
    }
    const wrong = Object.entries(account.tags).filter(([key, value]) => observed[key] !== value);
    if (wrong.length > 0) {
      const tagged = steps.tag ? await markTagged(ctx, account, steps) : account;
      return tagged && repairTags(ctx, tagged, observed, wrong);
    }
    steps.verify = { at: nowOf(ctx.deps).toISOString(), tags: observed };
  }
  if (await ctx.deps.store.completeAccountRequest(account.id, { owner: ctx.owner, steps: Object.keys(steps).length > 0 ? steps : undefined, expected: account }, ctx.actor)) {
    await publish(ctx, "vended", { ...account, status: "done" }, { ou: account.ou, tags: account.tags });
  }
  return null;
}

function markTagged(ctx: WorkerContext, account: AccountRequestRecord, steps: AccountRequestSteps): Promise<AccountRequestRecord | null> {
  return update(ctx, account, { event: { type: "tagged" }, steps, lastError: null, pollCount: 0, nextPollAt: nowOf(ctx.deps) });
}

/** Tags that did not read back: applied again (checked at the next pass), or the account fails naming them. */
async function repairTags(ctx: WorkerContext, account: AccountRequestRecord, observed: Record<string, string>, wrong: Array<[string, string]>): Promise<null> {
  const described = wrong.map(([key, value]) => `${key} is ${observed[key] === undefined ? "missing" : `"${observed[key]}"`} instead of "${value}"`).join("; ");
  if (account.pollCount >= MAX_TAG_REPAIRS) return fail(ctx, account, "verify", `Organizations does not show the tags the account was given: ${described}`);
  try {
    await ctx.deps.directory.tagAccount(account.accountId!, Object.fromEntries(wrong));
  } catch (error) {
    return handleFailure(ctx, account, error, "verify");
  }
  return waitAndRetry(ctx, account, `The tags did not read back (${described}); tagged again, checking once more`);
}

/**
 * Runs the account's next steps while this worker holds its lease. With `until: "slot"` it
 * stops once the account no longer holds an in-flight slot (keeping the lease), so that the
 * caller can hand the slot to a queued account before tagging this one.
 */
export async function advanceAccountRequest(ctx: WorkerContext, account: AccountRequestRecord, options: { until?: "slot" | "end" } = {}): Promise<AccountRequestRecord | null> {
  let current: AccountRequestRecord | null = account;
  // Polls held in memory do not count: the hold's deadline and the lease bound them.
  for (let steps = 0; current && steps < 8; ) {
    if (options.until === "slot" && !isInFlight(current.status)) return current;
    switch (current.status) {
      case "submitted":
        current = await provision(ctx, current);
        steps++;
        break;
      case "in_progress":
        current = await poll(ctx, current);
        break;
      case "succeeded":
      case "tagged":
      case "verified":
        current = await finish(ctx, current);
        steps++;
        break;
      default:
        return null;
    }
  }
  return null;
}
