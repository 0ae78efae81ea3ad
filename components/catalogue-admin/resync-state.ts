/** A sync run as the admin screen shows it. */
export interface ShownSyncRun {
  id: string;
  status: string;
  startedAt: string;
}

/** What "Re-sync now" says about the admin's request. */
export type ResyncState = "queued" | "running" | "done";

/**
 * Where the admin's sync request stands, from the newest run the page shows. Only a run that
 * started at or after the request counts: the requested run, or the waiting one it joined. A
 * run already going when the admin clicked (say, from the tag's webhook) may not have seen the
 * newest tags, so its finish is not this request's. `requestedAt` is the server's clock when the
 * request was enqueued, the run's start is the worker's: one clock on one host, NTP-close across
 * hosts, and a skew only shifts when the status line turns to "done".
 */
export function resyncState(requestedAt: string | null, newest: ShownSyncRun | null): ResyncState | null {
  if (requestedAt === null) return null;
  if (!newest || Date.parse(newest.startedAt) < Date.parse(requestedAt)) return "queued";
  return newest.status === "running" ? "running" : "done";
}
