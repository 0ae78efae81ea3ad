import { describe, expect, it } from "vitest";
import { CheckpointLeaseLostError, CheckpointStepTimeoutError, createCheckpointRunner, stepDeadlineMs } from "./create-checkpoint-runner";

interface Steps {
  base?: { sha: string };
  commit?: { sha: string };
  branch?: { sha: string };
}

/** A store in memory: the saved checkpoints, every write, and a lease that can be taken away. */
function memory(done: Steps = {}, leaseMs = 120_000) {
  const state = { saved: { ...done } as Steps, writes: [] as Steps[], leased: true };
  const save = async (patch: Partial<Steps>) => {
    if (!state.leased) return false;
    state.writes.push(patch);
    Object.assign(state.saved, patch);
    return true;
  };
  return { state, runner: createCheckpointRunner<Steps>({ done, save, leaseMs }) };
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

  it("fails a step that outlives its deadline, aborting its signal and saving nothing, well before the lease expires", async () => {
    const { state, runner } = memory({}, 1_000);
    let aborted: unknown = null;
    const started = Date.now();
    const hung = runner.step("base", (signal) => {
      signal.addEventListener("abort", () => (aborted = signal.reason));
      return new Promise<never>(() => {});
    });
    await expect(hung).rejects.toBeInstanceOf(CheckpointStepTimeoutError);
    await expect(hung).rejects.toThrow('The "base" step did not finish within 750 ms');
    // 750 ms: a quarter of the lease is left for saving the result.
    expect(Date.now() - started).toBeGreaterThanOrEqual(740);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(aborted).toBeInstanceOf(CheckpointStepTimeoutError);
    expect(state.writes).toEqual([{}]);
    expect(runner.done).toEqual({});
    // The retry runs the step again.
    expect(await runner.step("base", async () => ({ sha: "b1" }))).toEqual({ sha: "b1" });
  });

  it("gives a step of a 2-minute lease 90 s, and a short lease three quarters of it", () => {
    expect(stepDeadlineMs(120_000)).toBe(90_000);
    expect(stepDeadlineMs(10 * 60_000)).toBe(570_000);
    expect(stepDeadlineMs(1_500)).toBe(1_125);
  });
});
