import { describe, expect, it } from "vitest";
import { CheckpointLeaseLostError, createCheckpointRunner } from "./create-checkpoint-runner";

interface Steps {
  base?: { sha: string };
  commit?: { sha: string };
  branch?: { sha: string };
}

/** A store in memory: the saved checkpoints, every write, and a lease that can be taken away. */
function memory(done: Steps = {}) {
  const state = { saved: { ...done } as Steps, writes: [] as Steps[], leased: true };
  const save = async (patch: Partial<Steps>) => {
    if (!state.leased) return false;
    state.writes.push(patch);
    Object.assign(state.saved, patch);
    return true;
  };
  return { state, runner: createCheckpointRunner<Steps>({ done, save }) };
}

describe("createCheckpointRunner", () => {
  it("runs each step once, renewing the lease before it and saving its result after", async () => {
    const { state, runner } = memory();
    const calls: string[] = [];
    const base = await runner.step("base", async () => (calls.push("base"), { sha: "b1" }));
    const commit = await runner.step("commit", async () => (calls.push(`commit on ${base.sha}`), { sha: "c1" }));
    expect(commit).toEqual({ sha: "c1" });
    expect(calls).toEqual(["base", "commit on b1"]);
    expect(state.writes).toEqual([{}, { base: { sha: "b1" } }, {}, { commit: { sha: "c1" } }]);
    expect(runner.current).toBe("commit");
  });

  it("skips steps an earlier run finished, returning their results without writing", async () => {
    const { state, runner } = memory({ base: { sha: "b0" }, commit: { sha: "c0" } });
    const fail = async (): Promise<never> => {
      throw new Error("must not run");
    };
    expect(await runner.step("base", fail)).toEqual({ sha: "b0" });
    expect(await runner.step("commit", fail)).toEqual({ sha: "c0" });
    expect(await runner.step("branch", async () => ({ sha: "c0" }))).toEqual({ sha: "c0" });
    expect(state.writes).toEqual([{}, { branch: { sha: "c0" } }]);
    expect(runner.done).toEqual({ base: { sha: "b0" }, commit: { sha: "c0" }, branch: { sha: "c0" } });
  });

  it("redoes a step whose stored result is stale", async () => {
    const { runner } = memory({ commit: { sha: "c2" }, branch: { sha: "c1" } });
    const commit = await runner.step("commit", async () => ({ sha: "never" }));
    let moved = 0;
    const branch = await runner.step("branch", async () => (moved++, { sha: commit.sha }), { isStale: (saved) => saved.sha !== commit.sha });
    expect(branch).toEqual({ sha: "c2" });
    expect(moved).toBe(1);
  });

  it("stops before the step when the lease is gone, and saves nothing of a step that lost it midway", async () => {
    const { state, runner } = memory();
    state.leased = false;
    let ran = false;
    await expect(runner.step("base", async () => ((ran = true), { sha: "b1" }))).rejects.toBeInstanceOf(CheckpointLeaseLostError);
    expect(ran).toBe(false);

    state.leased = true;
    await expect(
      runner.step("base", async () => {
        // Another run takes over while this step is slow.
        state.leased = false;
        return { sha: "b2" };
      }),
    ).rejects.toBeInstanceOf(CheckpointLeaseLostError);
    expect(state.saved.base).toBeUndefined();
  });

  it("lets a failing step's error through and keeps it unsaved, so the retry runs it again", async () => {
    const { state, runner } = memory();
    await expect(runner.step("base", async () => Promise.reject(new Error("GitHub said no")))).rejects.toThrow("GitHub said no");
    expect(runner.current).toBe("base");
    expect(state.saved).toEqual({});
    expect(runner.done).toEqual({});
  });
});
