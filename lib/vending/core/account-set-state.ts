import { AppError } from "@/lib/errors/app-error";
import { defineTransitions } from "@/lib/state-machine/define-transitions";
import type { AccountRequestStatus } from "./account-request-state";

/*
 * A set request's way through approval and vending:
 *
 *   requested ─approve→ approved ─start→ provisioning ─settle→ vended | partially_failed | failed
 *   requested ─reject→ rejected
 *   partially_failed|failed ─retry→ provisioning
 *
 * Where provisioning settles follows from its accounts (`summarizeSetOutcome`).
 */

export const accountSetStates = ["requested", "approved", "rejected", "provisioning", "vended", "partially_failed", "failed"] as const;
export type AccountSetState = (typeof accountSetStates)[number];

/** States in which the set still holds its names, emails and new-workload slug. */
export const openSetStates: readonly AccountSetState[] = ["requested", "approved", "provisioning", "partially_failed", "failed"];

export type SetOutcome = "vended" | "partially_failed" | "failed";

export type AccountSetEvent =
  | { type: "approve" }
  | { type: "reject" }
  | { type: "start" }
  | { type: "settle"; outcome: SetOutcome }
  | { type: "retry" };

/** The state after `event`, or AppError CONFLICT when the transition is not allowed. */
export const transitionAccountSet = defineTransitions<AccountSetState, AccountSetEvent>(
  {
    approve: { from: ["requested"], to: "approved" },
    reject: { from: ["requested"], to: "rejected" },
    start: { from: ["approved"], to: "provisioning" },
    settle: { from: ["provisioning"], to: (event) => event.outcome },
    retry: { from: ["partially_failed", "failed"], to: "provisioning" },
  },
  (state, event) => {
    const what = event.type === "settle" ? `settle as ${event.outcome}` : event.type;
    return new AppError("CONFLICT", `A request that is ${state.replace("_", " ")} cannot ${what}`, { details: { state, event: event.type } });
  },
);

/**
 * Where a provisioning set stands, from its accounts: still provisioning while any account is
 * queued or moving (or all are done but the pull requests are not open yet, `wired` false),
 * vended when every account is done and wired, otherwise partially failed when some account
 * is done, else failed. Cancelled accounts do not count.
 */
export function summarizeSetOutcome(statuses: AccountRequestStatus[], options: { wired: boolean }): "provisioning" | SetOutcome {
  const counted = statuses.filter((s) => s !== "cancelled");
  if (counted.length === 0) return "failed";
  if (counted.some((s) => s !== "done" && s !== "failed")) return "provisioning";
  const done = counted.filter((s) => s === "done").length;
  if (done === counted.length) return options.wired ? "vended" : "provisioning";
  return done > 0 ? "partially_failed" : "failed";
}
