import type { AuditActor } from "@/lib/platform/audit";
import type { ApplyBatch } from "./core/apply-plan";
import type { GovernanceActor } from "./core/tag-change-access";
import { defaultGovernanceConfig, type GovernanceConfig, type GovernanceDeps } from "./ports";

/*
 * Small plumbing the governance use cases share: defaults for the optional deps, the audit actor
 * of a person, and running paced batches (the apply plan's and the drift scan's calls to AWS).
 */

export interface GovernanceRuntime {
  config: GovernanceConfig;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export function resolveRuntime(deps: GovernanceDeps): GovernanceRuntime {
  return {
    config: { ...defaultGovernanceConfig, ...deps.config, applyRate: { ...defaultGovernanceConfig.applyRate, ...deps.config?.applyRate } },
    now: deps.now ?? (() => new Date()),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}

/** The audit log's actor for a person. */
export function auditActorOf(actor: GovernanceActor): AuditActor {
  return { id: actor.id, label: actor.name };
}

/**
 * Runs planned batches in order, each no earlier than its offset after `notBefore` (so pages of
 * one scan keep the pace across calls), the items of a batch together. Returns the results and
 * the earliest start of what comes next. Stops early (with the results so far) when `fn` returns
 * `stop`.
 */
export async function runPacedBatches<T, R>(
  batches: ApplyBatch<T>[],
  fn: (item: T) => Promise<R>,
  options: { runtime: GovernanceRuntime; windowMs: number; notBefore?: number; stop?: (result: R) => boolean },
): Promise<{ results: R[]; nextStart: number; stopped: boolean }> {
  const { now, sleep } = options.runtime;
  const base = Math.max(now().getTime(), options.notBefore ?? 0);
  const results: R[] = [];
  let nextStart = base;
  for (const batch of batches) {
    const startAt = base + batch.startOffsetMs;
    const wait = startAt - now().getTime();
    if (wait > 0) await sleep(wait);
    const batchResults = await Promise.all(batch.items.map(fn));
    results.push(...batchResults);
    nextStart = startAt + options.windowMs;
    if (options.stop && batchResults.some(options.stop)) return { results, nextStart, stopped: true };
  }
  return { results, nextStart, stopped: false };
}
