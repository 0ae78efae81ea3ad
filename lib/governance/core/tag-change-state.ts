import { AppError } from "@/lib/errors/app-error";

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
export function transitionTagChange(state: TagChangeState, event: TagChangeEvent): TagChangeState {
  switch (event.type) {
    case "approve":
      if (state === "requested") return "approved";
      break;
    case "reject":
      if (state === "requested") return "rejected";
      break;
    case "start":
      if (state === "approved") return "applying";
      break;
    case "settle":
      if (state === "applying") return event.outcome;
      break;
    case "retry":
      if (state === "partially_failed" || state === "failed") return "applying";
      break;
    case "cancel":
      if (state === "requested" || state === "approved" || state === "partially_failed" || state === "failed") return "cancelled";
      break;
  }
  const what = event.type === "settle" ? `settle as ${event.outcome.replace("_", " ")}` : event.type;
  throw new AppError("CONFLICT", `A tag change request that is ${state.replace("_", " ")} cannot ${what}`, { details: { state, event: event.type } });
}

export const tagChangeItemStatuses = ["pending", "applying", "applied", "verified", "failed", "cancelled"] as const;
export type TagChangeItemStatus = (typeof tagChangeItemStatuses)[number];

export type TagChangeItemEvent = { type: "start" } | { type: "tagged" } | { type: "verified" } | { type: "fail" } | { type: "retry" } | { type: "cancel" };

/** The status after `event`, or AppError CONFLICT when the transition is not allowed. */
export function transitionTagChangeItem(status: TagChangeItemStatus, event: TagChangeItemEvent): TagChangeItemStatus {
  switch (event.type) {
    case "start":
      if (status === "pending" || status === "applying") return "applying";
      break;
    case "tagged":
      if (status === "applying") return "applied";
      break;
    case "verified":
      if (status === "applied") return "verified";
      break;
    case "fail":
      if (status === "applying" || status === "applied") return "failed";
      break;
    case "retry":
      if (status === "failed") return "pending";
      break;
    case "cancel":
      if (status === "pending" || status === "failed") return "cancelled";
      break;
  }
  throw new AppError("CONFLICT", `A tag change for an account that is ${status} cannot take "${event.type}"`, { details: { status, event: event.type } });
}

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
