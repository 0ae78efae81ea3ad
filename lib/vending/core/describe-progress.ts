import type { AccountRequestStatus } from "./account-request-state";
import type { AccountSetState } from "./account-set-state";

/*
 * The words people read for each state, and for each recorded step of the timeline. Shared by
 * the server views and the browser (this module is pure and tiny, so client code imports it).
 */

export const accountStatusLabels: Record<AccountRequestStatus, string> = {
  queued: "Queued",
  submitted: "Submitted to Account Factory",
  in_progress: "Account Factory is creating the account",
  succeeded: "Created, tagging it",
  tagged: "Tagged, checking the tags",
  verified: "Tags verified",
  done: "Vended",
  failed: "Failed",
  cancelled: "Cancelled",
};

export const setStateLabels: Record<AccountSetState, string> = {
  requested: "Waiting for approval",
  approved: "Approved, queued for vending",
  rejected: "Rejected",
  provisioning: "Vending",
  vended: "Vended",
  partially_failed: "Partly failed",
  failed: "Failed",
};

/** The set states in which the page keeps polling for news. */
export const liveSetStates: readonly AccountSetState[] = ["requested", "approved", "provisioning"];

const ACTIONS: Record<string, string> = {
  "vending.set.request": "Requested",
  "vending.set.approve": "Approved",
  "vending.set.reject": "Rejected",
  "vending.set.start": "Vending started",
  "vending.set.retry": "Retried by an admin",
  "vending.set.vended": "Every account vended and wired",
  "vending.set.partially_failed": "Finished with failed accounts",
  "vending.set.failed": "Failed",
  "vending.set.attach_workload": "Workload created",
  "vending.set.consumer_repo": "Consumer repo created from the template",
  "vending.set.pull_request": "Pull request opened",
  "vending.account.submitted": "Submitted to Account Factory",
  "vending.account.queued": "Control Tower was busy; queued again",
  "vending.account.in_progress": "Account Factory is creating the account",
  "vending.account.succeeded": "Account created",
  "vending.account.tagged": "Tagged through Organizations",
  "vending.account.verified": "Tags read back and verified",
  "vending.account.done": "Vended",
  "vending.account.failed": "Failed",
  "vending.account.retry": "Retried by an admin",
};

/** What an audit action of the vending domain means, in plain words. */
export function describeVendingAction(action: string): string {
  return ACTIONS[action] ?? action.replace(/^vending\./, "").replace(/[._]/g, " ");
}
