import { describe, expect, it } from "vitest";
import type { PullRequestState } from "./read-pull-request-state";
import { reconcilePullRequests, type TrackedPullRequest } from "./reconcile-pull-requests";

const repo = { owner: "acme", repo: "payments-infra" };
const pull = (key: string, number: number): TrackedPullRequest => ({ key, repo, number });
const state = (number: number, s: PullRequestState["state"]): PullRequestState => ({
  number,
  state: s,
  mergeCommitSha: s === "merged" ? "m".repeat(40) : null,
  headRef: `bulkhead/unit-${number}`,
  url: `https://github.test/acme/payments-infra/pull/${number}`,
});

describe("reconcilePullRequests", () => {
  it("applies merges and closes a lost webhook left undone, leaves open PRs alone, and reports failures without stopping", async () => {
    const onGithub: Record<number, PullRequestState["state"] | Error> = { 1: "open", 2: "merged", 3: "closed", 4: new Error("GitHub had an internal error (503)"), 5: "merged" };
    const applied: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const result = await reconcilePullRequests({
      tracked: [1, 2, 3, 4, 5].map((n) => pull(`request-${n}`, n)),
      concurrency: 2,
      read: async (p) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        const found = onGithub[p.number]!;
        if (found instanceof Error) throw found;
        return state(p.number, found);
      },
      onMerged: async (p, s) => void applied.push(`${p.key} merged at ${s.mergeCommitSha!.slice(0, 3)}`),
      onClosed: async (p) => {
        applied.push(`${p.key} closed`);
      },
    });
    expect(result).toEqual({
      checked: 4,
      open: 1,
      merged: ["request-2", "request-5"],
      closed: ["request-3"],
      failed: [{ key: "request-4", error: "GitHub had an internal error (503)" }],
    });
    expect(applied.sort()).toEqual(["request-2 merged at mmm", "request-3 closed", "request-5 merged at mmm"]);
    expect(peak).toBe(2);
  });

  it("reports a failure of the domain's own handler for that PR only", async () => {
    const result = await reconcilePullRequests({
      tracked: [pull("a", 1), pull("b", 2)],
      read: async (p) => state(p.number, "merged"),
      onMerged: async (p) => {
        if (p.key === "a") throw new Error("database unavailable");
      },
      onClosed: async () => undefined,
    });
    expect(result).toMatchObject({ merged: ["b"], failed: [{ key: "a", error: "database unavailable" }] });
  });
});
