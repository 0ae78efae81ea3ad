import { AppError } from "@/lib/errors/app-error";
import { defineTransitions } from "@/lib/state-machine/define-transitions";

/*
 * A tag change request's way through approval and apply:
 *
 *   requested ─approve→ approved ─start→ applying ─settle→ applied | partially_failed | failed
 *   requested ─reject→ rejected
 *   partially_failed|failed ─retry→ applying
 *   requested|approved|partially_failed|failed ─cancel→ cancelled
 *
 * A drift revert is created approved (it restores the value that was approved before). Where
 * applying settles follows from the items (`summarizeTagChangeOutcome`). rejected, applied and
 * cancelled are final; every other state holds its accounts' keys (one open change per key).
 *
 * One account's item:
 *
 *   pending ─start→ applying ─tagged→ applied ─verified→ verified
 *   applying|applied ─fail→ failed ─retry→ pending
 *   applying ─start→ applying       (a run resumed after a crash calls TagResource again: it is idempotent)
 *   pending|failed ─cancel→ cancelled
 */

export const tagChangeStates = ["requested", "approved", "rejected", "applying", "applied", "partially_failed", "failed", "cancelled"] as const;
export type TagChangeState = (typeof tagChangeStates)[number];

export const finalTagChangeStates: readonly TagChangeState[] = ["rejected", "applied", "cancelled"];

export type TagChangeOutcome = "applied" | "partially_failed" | "failed";

export type TagChangeEvent =
  | { type: "approve" }
  | { type: "reject" }
  | { type: "start" }
  | { type: "settle"; outcome: TagChangeOutcome }
  | { type: "retry" }
  | { type: "cancel" };

/** The state after `event`, or AppError CONFLICT when the transition is not allowed. */
export const transitionTagChange = defineTransitions<TagChangeState, TagChangeEvent>(
  {
    approve: { from: ["requested"], to: "approved" },
    reject: { from: ["requested"], to: "rejected" },
    start: { from: ["approved"], to: "applying" },
    settle: { from: ["applying"], to: (event) => event.outcome },
    retry: { from: ["partially_failed", "failed"], to: "applying" },
    cancel: { from: ["requested", "approved", "partially_failed", "failed"], to: "cancelled" },
  },
  (state, event) => {
    const what = event.type === "settle" ? `settle as ${event.outcome.replace("_", " ")}` : event.type;
    return new AppError("CONFLICT", `A tag change request that is ${state.replace("_", " ")} cannot ${what}`, { details: { state, event: event.type } });
  },
);

export const tagChangeItemStatuses = ["pending", "applying", "applied", "verified", "failed", "cancelled"] as const;
export type TagChangeItemStatus = (typeof tagChangeItemStatuses)[number];

export type TagChangeItemEvent = { type: "start" } | { type: "tagged" } | { type: "verified" } | { type: "fail" } | { type: "retry" } | { type: "cancel" };

/** The status after `event`, or AppError CONFLICT when the transition is not allowed. */
export const transitionTagChangeItem = defineTransitions<TagChangeItemStatus, TagChangeItemEvent>(
  {
    start: { from: ["pending", "applying"], to: "applying" },
    tagged: { from: ["applying"], to: "applied" },
    verified: { from: ["applied"], to: "verified" },
    fail: { from: ["applying", "applied"], to: "failed" },
    retry: { from: ["failed"], to: "pending" },
    cancel: { from: ["pending", "failed"], to: "cancelled" },
  },
  (status, event) => new AppError("CONFLICT", `A tag change for an account that is ${status} cannot take "${event.type}"`, { details: { status, event: event.type } }),
);

/**
 * Where an applying request stands, from its items: still applying while any item is pending or
 * under way; applied when every item is verified; partially failed when some are verified and the
 * rest failed; failed when none is verified. Cancelled items do not count.
 */
export function summarizeTagChangeOutcome(statuses: TagChangeItemStatus[]): "applying" | TagChangeOutcome {
  const counted = statuses.filter((s) => s !== "cancelled");
  if (counted.length === 0) return "failed";
  if (counted.some((s) => s !== "verified" && s !== "failed")) return "applying";
  const verified = counted.filter((s) => s === "verified").length;
  if (verified === counted.length) return "applied";
  return verified > 0 ? "partially_failed" : "failed";
}
