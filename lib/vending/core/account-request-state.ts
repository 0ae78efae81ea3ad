import { AppError } from "@/lib/errors/app-error";

/*
 * One account's way through vending. Every change of `status` goes through
 * `transitionAccountRequest`, which refuses anything the diagram does not allow:
 *
 *   queued ─claim→ submitted ─record(CREATED|IN_PROGRESS|IN_PROGRESS_IN_ERROR)→ in_progress
 *   submitted|in_progress ─record(SUCCEEDED)→ succeeded ─tagged→ tagged ─verified→ verified ─recorded→ done
 *   submitted|in_progress ─record(FAILED)→ failed          any active state ─fail→ failed
 *   submitted|in_progress ─requeue→ queued   (Control Tower busy: a new attempt, not a failure)
 *   failed ─retry→ queued (no account yet) | succeeded (account exists: redo tagging)
 *   queued|failed ─cancel→ cancelled
 *
 * `submitted` and `in_progress` hold one of the N in-flight slots: Control Tower runs account
 * operations in them. Tagging and verifying are Organizations calls and hold no slot.
 */

export const accountRequestStatuses = ["queued", "submitted", "in_progress", "succeeded", "tagged", "verified", "done", "failed", "cancelled"] as const;
export type AccountRequestStatus = (typeof accountRequestStatuses)[number];

/** DescribeRecord's record statuses. */
export const recordStatuses = ["CREATED", "IN_PROGRESS", "IN_PROGRESS_IN_ERROR", "SUCCEEDED", "FAILED"] as const;
export type RecordStatus = (typeof recordStatuses)[number];

/** The statuses that hold an in-flight slot (counted against the cap). */
export const inFlightStatuses: readonly AccountRequestStatus[] = ["submitted", "in_progress"];
/** The statuses the worker still has to move forward. */
export const activeStatuses: readonly AccountRequestStatus[] = ["submitted", "in_progress", "succeeded", "tagged", "verified"];
/** The statuses that never change again. */
export const finalStatuses: readonly AccountRequestStatus[] = ["done", "cancelled"];

export type AccountRequestEvent =
  | { type: "claim" }
  | { type: "record"; status: RecordStatus; accountId?: string | null }
  | { type: "requeue" }
  | { type: "tagged" }
  | { type: "verified" }
  | { type: "recorded" }
  | { type: "fail" }
  | { type: "retry" }
  | { type: "cancel" };

export interface AccountRequestSnapshot {
  status: AccountRequestStatus;
  /** Known once a record SUCCEEDED; decides where a retry resumes. */
  accountId: string | null;
}

const ACCOUNT_ID = /^\d{12}$/;

function refuse(snapshot: AccountRequestSnapshot, event: AccountRequestEvent): never {
  const what = event.type === "record" ? `record status ${event.status}` : event.type;
  throw new AppError("CONFLICT", `An account request that is ${snapshot.status.replace("_", " ")} cannot take "${what}"`, {
    details: { status: snapshot.status, event: event.type },
  });
}

/** The status after `event`, or AppError CONFLICT when the transition is not allowed. */
export function transitionAccountRequest(snapshot: AccountRequestSnapshot, event: AccountRequestEvent): AccountRequestStatus {
  const { status } = snapshot;
  switch (event.type) {
    case "claim":
      if (status === "queued") return "submitted";
      break;
    case "record":
      if (status !== "submitted" && status !== "in_progress") break;
      switch (event.status) {
        case "CREATED":
        case "IN_PROGRESS":
        case "IN_PROGRESS_IN_ERROR":
          return "in_progress";
        case "SUCCEEDED":
          if (!event.accountId || !ACCOUNT_ID.test(event.accountId)) {
            throw new AppError("UPSTREAM_FAILED", "Account Factory reported SUCCEEDED without a 12-digit AccountId in the record outputs");
          }
          return "succeeded";
        case "FAILED":
          return "failed";
      }
      break;
    case "requeue":
      if (status === "submitted" || status === "in_progress") return "queued";
      break;
    case "tagged":
      if (status === "succeeded") return "tagged";
      break;
    case "verified":
      if (status === "tagged") return "verified";
      break;
    case "recorded":
      if (status === "verified") return "done";
      break;
    case "fail":
      if (status === "queued" || activeStatuses.includes(status)) return "failed";
      break;
    case "retry":
      if (status === "failed") return snapshot.accountId ? "succeeded" : "queued";
      break;
    case "cancel":
      if (status === "queued" || status === "failed") return "cancelled";
      break;
  }
  return refuse(snapshot, event);
}

export function isInFlight(status: AccountRequestStatus): boolean {
  return inFlightStatuses.includes(status);
}

export function isFinalStatus(status: AccountRequestStatus): boolean {
  return finalStatuses.includes(status);
}
