// The estate's job names, apart from the job module so that the deps can queue a job without
// importing the handlers (which import the deps).

// The scheduled scan keeps the queue name the workloads domain used: pg-boss stores the schedule
// under it, and a new name would leave the old schedule queuing jobs that no worker takes.
export const SCAN_ALL_JOB = "scaffold.scan-consumer-repos";
export const SCAN_REPO_JOB = "estate.scan-repo";
export const RECONCILE_NOTICES_JOB = "estate.reconcile-notices";
/** Delivers notices to their GitHub issues and overdue ones to the chat webhook; coalesced to one waiting run. */
export const DELIVER_NOTICES_JOB = "estate.deliver-notices";
export const deliverNoticesSingletonKey = "estate-notice-channels";
