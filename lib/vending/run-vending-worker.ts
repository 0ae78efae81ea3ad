import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { systemActor, type AuditActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import { advanceAccountRequest, type WorkerContext } from "./advance-account-request";
import { isInFlight } from "./core/account-request-state";
import { createDurationTracker } from "./core/poll-backoff";
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

// Accounts one worker moves at once besides those in flight: AWS calls are the slow part, and
// Organizations and Service Catalog throttle bursts.
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
// The longest a wiring step waits for the accounts' handoffs (a bound, so wiring never starves).
const YIELD_MAX_MS = 250;
// A wiring step (HCL rendering, a checkpoint save) holds the thread about this long: one is not
// started when a known handoff comes due sooner than that, so the handoff does not queue behind it.
const WIRING_STEP_MS = 80;

/**
 * Handoffs first: one process moves accounts and wires sets on one thread, and a set's wiring
 * (HCL rendering, pull request steps) is CPU and round trips that a slot's handoff would otherwise
 * queue behind. While a handoff step runs, or one is expected (`expectHandoff`: a held poll of an
 * in-flight record) within a wiring step's time, wiring holds its next step back; waiters are let
 * go on the next turn of the event loop once none runs or is near, so that the steps of one
 * handoff (poll → store → claim → ProvisionProduct), chained without a pause, count as one. A
 * step is held `maxMs` at most in all.
 */
export function createHandoffPriority(options: { stepMs?: number; now?: () => number } = {}): Pick<WorkerContext, "urgent" | "yieldToAccounts" | "expectHandoff"> {
  const stepMs = options.stepMs ?? WIRING_STEP_MS;
  const now = options.now ?? Date.now;
  let running = 0;
  // Handoffs expected, by the time (epoch ms) they come due; each is removed once it ran or did not happen.
  const expected = new Set<{ at: number }>();
  const waiters = new Set<() => void>();
  const held = () => {
    if (running > 0) return true;
    const soon = now() + stepMs;
    for (const handoff of expected) if (handoff.at <= soon) return true;
    return false;
  };
  const release = () => {
    if (held()) return;
    for (const done of [...waiters]) done();
  };
  const settled = () => {
    if (waiters.size > 0) setImmediate(release);
  };
  return {
    async urgent<T>(run: () => Promise<T>): Promise<T> {
      running++;
      try {
        return await run();
      } finally {
        running--;
        if (running === 0) settled();
      }
    },
    expectHandoff(at: number): () => void {
      const handoff = { at };
      expected.add(handoff);
      return () => {
        if (expected.delete(handoff)) settled();
      };
    },
    yieldToAccounts(maxMs = YIELD_MAX_MS): Promise<void> {
      if (!held()) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, maxMs);
        waiters.add(done);
      });
    },
  };
}

function createWorkerContext(deps: VendingDeps, options: VendingWorkerOptions & { holdUntil?: number; sleep?: (ms: number) => Promise<void>; signal?: AbortSignal }): WorkerContext {
  let product: Promise<AccountFactoryProduct> | null = null;
  let settings: { at: number; value: Promise<VendingSettings> } | null = null;
  const slugs = new Map<string, Promise<string>>();
  const sleep = options.sleep ?? ((ms: number) => abortableSleep(ms, options.signal));
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
    durations: createDurationTracker(),
    holdUntil: options.holdUntil ?? 0,
    sleep,
    signal: options.signal,
    ...createHandoffPriority(),
  };
}

/** A pause that ends early when the run is stopped. */
function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** One unexpected failure must not stop the others; the lease expires and the row is tried again. */
async function safely(what: string, id: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    logger.error("vending step failed unexpectedly; it will be retried when its lease expires", { what, id, error });
  }
}

interface AccountDriver {
  /**
   * Leases the due accounts (unless `lease` is false: nothing is due yet) and claims queued ones
   * into free slots; starts moving them and returns.
   */
  cycle(options?: { lease?: boolean }): Promise<{ advanced: number; claimed: number }>;
  /** Resolves once every account started has stopped moving. */
  idle(): Promise<void>;
  readonly claimed: number;
}

/**
 * Moves accounts, each in its own task: an account in flight is provisioned and polled (held
 * in memory between polls when the run may), and the moment it lets go of its slot (succeeded,
 * failed, queued again) the queue's next account is claimed into it, before the account is
 * tagged and verified. Claims never run twice at once in one worker: a slot freed during a
 * claim makes it claim once more when it is done. The cap itself holds through the store's
 * claim, across workers.
 */
function createAccountDriver(ctx: WorkerContext): AccountDriver {
  const { store } = ctx.deps;
  const tasks = new Set<Promise<void>>();
  // Accounts this worker is moving that hold a slot: when they hold every slot, no claim can succeed.
  let holding = 0;
  let claimedTotal = 0;
  let filling: Promise<number> | null = null;
  let again = false;
  // A slot this worker let go since the last claim: one is free, so the claim skips its first look.
  let freed = false;

  const spawn = (task: () => Promise<void>) => {
    const running: Promise<void> = task().finally(() => tasks.delete(running));
    tasks.add(running);
  };

  const claimOnce = async (): Promise<number> => {
    const settings = await ctx.settings();
    const look = !freed;
    freed = false;
    const claimed = await store.claimQueuedAccounts({ maxInFlight: settings.maxInFlight, owner: ctx.owner, leaseMs: ctx.timings.leaseMs, look }, ctx.actor);
    claimedTotal += claimed.length;
    for (const account of claimed) drive(account, "submit");
    return claimed.length;
  };

  /** Claims into free slots (`slotFreed`: this worker just let one go); coalesces the calls that come while a claim is running. */
  const fill = (slotFreed = false): Promise<number> => {
    if (slotFreed) freed = true;
    if (filling) {
      again = true;
      return filling;
    }
    filling = (async () => {
      let total = 0;
      do {
        again = false;
        total += await claimOnce();
      } while (again);
      return total;
    })().finally(() => {
      filling = null;
    });
    return filling;
  };

  function drive(account: AccountRequestRecord, what: string): void {
    const heldSlot = isInFlight(account.status);
    if (heldSlot) holding++;
    spawn(() =>
      safely(what, account.id, async () => {
        let next: AccountRequestRecord | null;
        try {
          next = await advanceAccountRequest(ctx, account, { until: "slot" });
        } finally {
          if (heldSlot) holding--;
        }
        // The slot is free (or was let go with the lease): hand it to the queue first.
        if (heldSlot && !ctx.signal?.aborted) await safely("claim", account.id, () => ctx.urgent(() => fill(true)));
        if (next) await advanceAccountRequest(ctx, next);
      }),
    );
  }

  return {
    async cycle({ lease = true } = {}) {
      const room = lease ? Math.max(0, DUE_BATCH - tasks.size) : 0;
      const due = room > 0 ? await store.leaseDueAccounts({ owner: ctx.owner, leaseMs: ctx.timings.leaseMs, limit: room }) : [];
      for (const account of due) drive(account, "advance");
      // A claim running now already takes what is free; none can succeed while this worker holds every slot.
      const { maxInFlight } = await ctx.settings();
      const claimed = holding < maxInFlight && !filling ? await fill() : 0;
      return { advanced: due.length, claimed };
    },
    async idle() {
      while (tasks.size > 0) await Promise.all(tasks);
    },
    get claimed() {
      return claimedTotal;
    },
  };
}

/** Wires and settles the sets whose accounts all stopped moving. */
async function runSetCycle(ctx: WorkerContext): Promise<number> {
  await ctx.yieldToAccounts();
  const sets = await ctx.deps.store.leaseSetsToSettle({ owner: ctx.owner, leaseMs: ctx.timings.leaseMs, limit: SET_BATCH });
  await forEachLimited(sets, 2, (set) => safely("settle", set.id, () => settleAccountSet(ctx, set)));
  return sets.length;
}

/**
 * One pass: polls the in-flight accounts that are due, hands the slots they freed to queued
 * accounts (oldest first, never more than the cap across all workers), then tags and verifies
 * what Account Factory finished, and wires and settles the sets whose accounts all stopped.
 * Nothing is held between polls: every poll writes when to look next and lets go.
 */
export async function runVendingCycle(deps: VendingDeps, options: VendingWorkerOptions): Promise<VendingCycleResult> {
  const ctx = createWorkerContext(deps, options);
  const driver = createAccountDriver(ctx);
  const accounts = await driver.cycle();
  await driver.idle();
  const settled = await runSetCycle(ctx);
  return { advanced: accounts.advanced, claimed: driver.claimed, settled };
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
  const sleep = options.sleep ?? ((ms: number) => abortableSleep(ms, options.signal));
  const idleMs = options.idleMs ?? 1_000;
  const maxSleepMs = options.maxSleepMs ?? 15_000;
  const started = Date.now();
  // Accounts may be held between polls until shortly before the budget runs out.
  const holdUntil = nowOf(deps).getTime() + Math.max(0, options.budgetMs - Math.min(5_000, options.budgetMs / 10));
  const ctx = createWorkerContext(deps, { ...options, holdUntil, sleep });
  const driver = createAccountDriver(ctx);
  const totals = { cycles: 0, settled: 0 };
  // When the accounts' next poll is due, as last looked up (null: unknown, lease to find out). The
  // accounts this worker holds are polled by their own tasks, so a wake before this moment only
  // looks the time up again (new work, another worker's) instead of also trying to lease.
  let accountsDueAt: number | null = null;
  const loop = async (scope: "accounts" | "sets", cycle: () => Promise<{ moved: boolean; skipped?: boolean }>) => {
    while (!options.signal?.aborted && Date.now() - started < options.budgetMs) {
      totals.cycles += 1;
      const { moved, skipped } = await cycle();
      if (moved) continue;
      const due = await deps.store.findNextDueAt(scope);
      if (!due) return;
      if (scope === "accounts") accountsDueAt = due.getTime();
      const wait = due.getTime() - nowOf(deps).getTime();
      const remaining = options.budgetMs - (Date.now() - started);
      // Always a real pause, even of 0 ms: the other loop may be waiting on I/O. Work that came
      // due while the lease was skipped is taken at once.
      await sleep(skipped && wait <= 0 ? 0 : Math.max(0, Math.min(Math.max(wait, idleMs), maxSleepMs, remaining)));
    }
  };
  await Promise.all([
    loop("accounts", async () => {
      const lease = accountsDueAt === null || nowOf(deps).getTime() >= accountsDueAt;
      const result = await driver.cycle({ lease });
      const moved = result.advanced + result.claimed > 0;
      if (moved) accountsDueAt = null;
      return { moved, skipped: !lease };
    }),
    loop("sets", async () => {
      const settled = await runSetCycle(ctx);
      totals.settled += settled;
      return { moved: settled > 0 };
    }),
  ]);
  await driver.idle();
  return { cycles: totals.cycles, claimed: driver.claimed, settled: totals.settled };
}
