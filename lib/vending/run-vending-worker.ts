import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { systemActor, type AuditActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import { advanceAccountRequest, type WorkerContext } from "./advance-account-request";
import type { VendingSettings } from "./core/vending-settings";
import type { AccountFactoryProduct, AccountRequestRecord, VendingDeps } from "./ports";
import { settleAccountSet } from "./settle-account-set";
import { nowOf, timingsOf } from "./vending-timings";

/*
 * The vending worker. Any number of them may run, in any number of processes: every account
 * and set is leased before it is moved (a crashed worker's leases expire and another takes
 * over), and the in-flight cap is enforced by the store's claim under one advisory lock, so it
 * holds across all of them.
 */

/** A worker identity unique to this process and run, for leases and logs. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export interface VendingCycleResult {
  /** Accounts moved after their poll came due. */
  advanced: number;
  /** Queued accounts claimed and submitted to Account Factory. */
  claimed: number;
  /** Sets wired up and settled (or whose wiring was attempted). */
  settled: number;
}

export interface VendingWorkerOptions {
  owner: string;
  actor?: AuditActor;
}

// Accounts moved at once by one worker: AWS calls are the slow part, and Organizations and
// Service Catalog throttle bursts.
const CONCURRENCY = 5;
const DUE_BATCH = 25;
const SET_BATCH = 5;

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

// Settings change rarely; a run rereads them this often (the cap, the product, the repos).
const SETTINGS_TTL_MS = 5_000;

function createWorkerContext(deps: VendingDeps, options: VendingWorkerOptions): WorkerContext {
  let product: Promise<AccountFactoryProduct> | null = null;
  let settings: { at: number; value: Promise<VendingSettings> } | null = null;
  const slugs = new Map<string, Promise<string>>();
  return {
    settings() {
      if (!settings || Date.now() - settings.at > SETTINGS_TTL_MS) {
        const value = deps.store.getSettings().then((record) => record.settings);
        settings = { at: Date.now(), value };
        value.catch(() => {
          settings = null;
        });
      }
      return settings.value;
    },
    deps,
    owner: options.owner,
    actor: options.actor ?? systemActor("vending"),
    timings: timingsOf(deps),
    product() {
      product ??= this.settings().then((settings) =>
        deps.accountFactory.resolveProduct({
          productId: settings.productId,
          productName: settings.productName,
          artifactId: settings.artifactId,
          artifactName: settings.artifactName,
          pathId: settings.pathId,
          pathName: settings.pathName,
        }),
      );
      // A failed lookup (throttled, say) is tried again by the next account, not cached.
      product.catch(() => {
        product = null;
      });
      return product;
    },
    workloadSlugOf(setId) {
      let slug = slugs.get(setId);
      if (!slug) {
        slug = deps.store.findAccountSet(setId).then((set) => set?.workloadSlug ?? "");
        slugs.set(setId, slug);
      }
      return slug;
    },
  };
}

/** One unexpected failure must not stop the others; the lease expires and the row is tried again. */
async function safely(what: string, id: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    logger.error("vending step failed unexpectedly; it will be retried when its lease expires", { what, id, error });
  }
}

/** Work a run started and has not waited for: tagging and verifying accounts that left their slot. */
interface Background {
  tasks: Set<Promise<void>>;
  limit: number;
}

async function startInBackground(background: Background, task: () => Promise<void>): Promise<void> {
  // Bounded, so that a burst of finished accounts cannot take every database connection.
  while (background.tasks.size >= background.limit) await Promise.race(background.tasks);
  const running: Promise<void> = task().finally(() => background.tasks.delete(running));
  background.tasks.add(running);
}

/**
 * Moves the accounts: polls the due ones, hands the slots they freed to the queue, and starts
 * tagging and verifying the finished ones in the background, so that the next poll and claim
 * never wait for them: the slots, not the tags, are what keeps Control Tower busy.
 */
async function runAccountCycle(ctx: WorkerContext, background: Background): Promise<{ advanced: number; claimed: number }> {
  const { store } = ctx.deps;
  const due = await store.leaseDueAccounts({ owner: ctx.owner, leaseMs: ctx.timings.leaseMs, limit: DUE_BATCH });
  const finished: AccountRequestRecord[] = [];
  await forEachLimited(due, CONCURRENCY, (account) =>
    safely("advance", account.id, async () => {
      const next = await advanceAccountRequest(ctx, account, { until: "slot" });
      if (next) finished.push(next);
    }),
  );
  const settings = await ctx.settings();
  const claimed = await store.claimQueuedAccounts({ maxInFlight: settings.maxInFlight, owner: ctx.owner, leaseMs: ctx.timings.leaseMs }, ctx.actor);
  await forEachLimited(claimed, CONCURRENCY, (account) =>
    safely("submit", account.id, async () => {
      const next = await advanceAccountRequest(ctx, account, { until: "slot" });
      if (next) finished.push(next);
    }),
  );
  for (const account of finished) await startInBackground(background, () => safely("finish", account.id, () => advanceAccountRequest(ctx, account)));
  return { advanced: due.length, claimed: claimed.length };
}

/** Wires and settles the sets whose accounts all stopped moving. */
async function runSetCycle(ctx: WorkerContext): Promise<number> {
  const sets = await ctx.deps.store.leaseSetsToSettle({ owner: ctx.owner, leaseMs: ctx.timings.leaseMs, limit: SET_BATCH });
  await forEachLimited(sets, 2, (set) => safely("settle", set.id, () => settleAccountSet(ctx, set)));
  return sets.length;
}

/**
 * One pass: polls the in-flight accounts that are due, hands the slots they freed to queued
 * accounts (oldest first, never more than the cap across all workers), then tags and verifies
 * what Account Factory finished, and wires and settles the sets whose accounts all stopped.
 */
export async function runVendingCycle(deps: VendingDeps, options: VendingWorkerOptions): Promise<VendingCycleResult> {
  const ctx = createWorkerContext(deps, options);
  const background: Background = { tasks: new Set(), limit: CONCURRENCY * 2 };
  const accounts = await runAccountCycle(ctx, background);
  await Promise.all(background.tasks);
  const settled = await runSetCycle(ctx);
  return { ...accounts, settled };
}

export interface RunVendingWorkerOptions extends VendingWorkerOptions {
  /** Stop after this long (the next scheduled run carries on). */
  budgetMs: number;
  /** Shortest pause when nothing moved (e.g. every slot is taken). Default 1 s. */
  idleMs?: number;
  /** Longest pause before looking again. Default 15 s. */
  maxSleepMs?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs until no vending work is left (nothing queued, in flight or waiting to be wired) or the
 * budget is spent, sleeping until the next poll is due in between. Accounts and sets move in
 * two loops side by side, so that opening a set's pull requests (seconds of GitHub calls) never
 * holds up the polls and claims that keep Control Tower busy.
 */
export async function runVendingWorker(deps: VendingDeps, options: RunVendingWorkerOptions): Promise<{ cycles: number; claimed: number; settled: number }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const idleMs = options.idleMs ?? 1_000;
  const maxSleepMs = options.maxSleepMs ?? 15_000;
  const started = Date.now();
  const ctx = createWorkerContext(deps, options);
  const background: Background = { tasks: new Set(), limit: CONCURRENCY * 2 };
  const totals = { cycles: 0, claimed: 0, settled: 0 };
  const loop = async (scope: "accounts" | "sets", cycle: () => Promise<boolean>) => {
    while (!options.signal?.aborted && Date.now() - started < options.budgetMs) {
      totals.cycles += 1;
      if (await cycle()) continue;
      const due = await deps.store.findNextDueAt(scope);
      if (!due) return;
      const remaining = options.budgetMs - (Date.now() - started);
      // Always a real pause, even of 0 ms: the other loop may be waiting on I/O.
      await sleep(Math.max(0, Math.min(Math.max(due.getTime() - nowOf(deps).getTime(), idleMs), maxSleepMs, remaining)));
    }
  };
  await Promise.all([
    loop("accounts", async () => {
      const result = await runAccountCycle(ctx, background);
      totals.claimed += result.claimed;
      return result.advanced + result.claimed > 0;
    }),
    loop("sets", async () => {
      const settled = await runSetCycle(ctx);
      totals.settled += settled;
      return settled > 0;
    }),
  ]);
  await Promise.all(background.tasks);
  return totals;
}
