/*
 * Retry-safe external steps, after Backstage's `ctx.checkpoint({ key, fn })`. A multi-step
 * delivery (a pull request, a vend, a tag change) records the result of each step it finished;
 * a retry after a crash or a failure skips those steps and reuses their results, so the work
 * already done upstream is never done twice.
 *
 * The runner knows nothing about what it stores or where: the caller passes what was done
 * before and a `save` that writes one patch. `save` also renews the caller's lease on the work
 * and reports whether it still holds it; when it does not, another run has taken over and this
 * one stops at once, without writing (`CheckpointLeaseLostError`).
 *
 * Each step has a deadline shorter than the lease (`stepDeadlineMs`): a step that hangs fails
 * (`CheckpointStepTimeoutError`, its signal aborted, nothing saved) and the work is retried from
 * its last checkpoint, instead of running on after its lease expired and another run took over.
 */
import { AppError } from "@/lib/errors/app-error";

/** Thrown when `save` reports that another run took over the work: stop quietly, write nothing. */
export class CheckpointLeaseLostError extends Error {
  constructor() {
    super("Another run took over this work (its lease expired); this run stops without writing.");
    this.name = "CheckpointLeaseLostError";
  }
}

/** Thrown when a step outlives its deadline: the step failed, and a retry runs it again. */
export class CheckpointStepTimeoutError extends AppError {
  constructor(
    readonly step: string,
    readonly timeoutMs: number,
  ) {
    super("UPSTREAM_FAILED", `The "${step}" step did not finish within ${timeoutMs >= 1_000 ? `${Math.round(timeoutMs / 1_000)} s` : `${timeoutMs} ms`}; it is retried from there.`, {
      details: { step, timeoutMs },
    });
    this.name = "CheckpointStepTimeoutError";
  }
}

/**
 * How long one step may run under a lease of `leaseMs`: a quarter of it, at most 30 s, is left
 * for saving the result before the lease expires (a 2-minute lease gives 90 s).
 */
export function stepDeadlineMs(leaseMs: number): number {
  return leaseMs - Math.min(30_000, Math.floor(leaseMs / 4));
}

export interface CheckpointRunnerOptions<S extends object> {
  /** Results of the steps earlier runs finished, keyed by step. */
  done: Partial<S>;
  /**
   * Stores `patch` (one step's result, or `{}` to renew the lease only) and renews the lease in
   * one write. Resolves false, writing nothing, when this run no longer holds the lease.
   */
  save: (patch: Partial<S>) => Promise<boolean>;
  /** The lease `save` renews; each step must finish within `stepDeadlineMs(leaseMs)`. */
  leaseMs: number;
}

export interface CheckpointStepOptions<T> {
  /** A stored result that no longer fits (e.g. a branch that points at an older commit) is redone. */
  isStale?: (saved: T) => boolean;
}

export interface CheckpointRunner<S extends object> {
  /**
   * Runs `fn` unless an earlier run finished step `key` (then its stored result comes back and
   * nothing is written). Before `fn` the lease is renewed and checked, so a slow step never
   * races a run that took over; after it, the result is saved under `key`. `fn` gets a signal
   * that aborts at the step's deadline, when the step fails with `CheckpointStepTimeoutError`.
   */
  step<K extends keyof S & string>(key: K, fn: (signal: AbortSignal) => Promise<NonNullable<S[K]>>, options?: CheckpointStepOptions<NonNullable<S[K]>>): Promise<NonNullable<S[K]>>;
  /** The step running now, or the last one started (to name the step that failed); null before the first. */
  readonly current: (keyof S & string) | null;
  /** Results of every step finished so far, by this run or an earlier one (e.g. "does the PR exist yet?"). */
  readonly done: Readonly<Partial<S>>;
}

export function createCheckpointRunner<S extends object>(options: CheckpointRunnerOptions<S>): CheckpointRunner<S> {
  const done: Partial<S> = { ...options.done };
  let current: (keyof S & string) | null = null;
  const deadlineMs = stepDeadlineMs(options.leaseMs);

  const runWithDeadline = async <T>(key: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new CheckpointStepTimeoutError(key, deadlineMs);
        controller.abort(error);
        reject(error);
      }, deadlineMs);
    });
    try {
      // A step that ignores the signal runs on, but its result is never saved.
      return await Promise.race([fn(controller.signal), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };

  const save = async (patch: Partial<S>) => {
    if (!(await options.save(patch))) throw new CheckpointLeaseLostError();
    Object.assign(done, patch);
  };

  return {
    get current() {
      return current;
    },
    get done() {
      return { ...done };
    },
    async step(key, fn, stepOptions = {}) {
      current = key;
      const saved = done[key];
      if (saved !== undefined && saved !== null && !stepOptions.isStale?.(saved)) return saved;
      await save({});
      const result = await runWithDeadline(key, fn);
      await save({ [key]: result } as unknown as Partial<S>);
      return result;
    },
  };
}
