import { describe, expect, it } from "vitest";
import { resyncState } from "./resync-state";

const requestedAt = "2026-11-30T12:00:00.000Z";
const run = (startedAt: string, status: string) => ({ id: `run-${startedAt}-${status}`, status, startedAt });

describe("resyncState", () => {
  it("says nothing before a request", () => {
    expect(resyncState(null, run("2026-11-30T11:59:00.000Z", "succeeded"))).toBeNull();
  });

  it("is queued while the newest run started before the request, even once that run finishes", () => {
    // The webhook's sync was running when the admin clicked; its finish is not the requested sync.
    expect(resyncState(requestedAt, run("2026-11-30T11:59:59.900Z", "running"))).toBe("queued");
    expect(resyncState(requestedAt, run("2026-11-30T11:59:59.900Z", "succeeded"))).toBe("queued");
    expect(resyncState(requestedAt, null)).toBe("queued");
  });

  it("follows a run that started at or after the request", () => {
    expect(resyncState(requestedAt, run(requestedAt, "running"))).toBe("running");
    expect(resyncState(requestedAt, run("2026-11-30T12:00:01.000Z", "succeeded"))).toBe("done");
    expect(resyncState(requestedAt, run("2026-11-30T12:00:01.000Z", "failed"))).toBe("done");
  });
});
