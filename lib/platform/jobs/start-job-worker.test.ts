import { afterEach, describe, expect, it, vi } from "vitest";
import { createDomainRegistry } from "../domains/domain-registry";
import { getJobsEnv } from "../env";
import { getJobQueue, publishJobQueue } from "./get-job-queue";
import type { JobDefinition, JobQueue } from "./job-queue";
import { jobWorkerDisabledReason, retryDelayMs, startJobWorker } from "./start-job-worker";

const env = { NEXT_PHASE: undefined, BULKHEAD_JOBS: "on" as const, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/unused" };
const job = (name: string, cron?: string): JobDefinition => ({ name, cron, handler: async () => undefined });
const fakeQueue: JobQueue = { send: async () => "job-1" };

afterEach(() => publishJobQueue(undefined));

describe("jobWorkerDisabledReason", () => {
  it("keeps the worker out of `next build` and of processes with BULKHEAD_JOBS=off", () => {
    expect(jobWorkerDisabledReason({ NEXT_PHASE: "phase-production-build", BULKHEAD_JOBS: "on" })).toBe("next build");
    expect(jobWorkerDisabledReason(getJobsEnv({ BULKHEAD_JOBS: " OFF " }))).toBe("BULKHEAD_JOBS=off");
    expect(jobWorkerDisabledReason(getJobsEnv({}))).toBeNull();
  });
});

describe("startJobWorker", () => {
  it("starts the queue with the jobs of every registered domain, then runs each start hook with it", async () => {
    const registry = createDomainRegistry();
    const started: string[] = [];
    registry.register({
      name: "catalogue",
      jobs: [job("catalogue.sync-source"), job("catalogue.sync-all", "*/15 * * * *")],
      onWorkerStart: async (queue) => {
        started.push(`catalogue:${await queue.send("x", {})}`);
      },
    });
    registry.register({
      name: "scaffold",
      jobs: [job("scaffold.resume-stalled", "*/5 * * * *")],
      onWorkerStart: async () => {
        throw new Error("a broken hook must not stop the others");
      },
    });
    registry.register({ name: "estate", onWorkerStart: async () => void started.push("estate") });
    let startedWith: string[] = [];
    const queue = await startJobWorker({
      registry,
      env,
      platformJobs: [job("platform.process-webhook")],
      startQueue: async (jobs, connectionString) => {
        expect(connectionString).toBe(env.DATABASE_URL);
        startedWith = jobs.map((j) => j.name);
        return fakeQueue;
      },
    });
    expect(queue).toBe(fakeQueue);
    expect(startedWith).toEqual(["platform.process-webhook", "catalogue.sync-source", "catalogue.sync-all", "scaffold.resume-stalled"]);
    expect(started).toEqual(["catalogue:job-1", "estate"]);
    expect(await getJobQueue()).toBe(fakeQueue);
  });

  it("starts once per process, and not at all when disabled", async () => {
    let starts = 0;
    const startQueue = async () => {
      starts++;
      return fakeQueue;
    };
    expect(await startJobWorker({ registry: createDomainRegistry(), env: { ...env, BULKHEAD_JOBS: "off" }, startQueue })).toBeNull();
    expect(await getJobQueue()).toBeNull();
    await startJobWorker({ registry: createDomainRegistry(), env, startQueue });
    await startJobWorker({ registry: createDomainRegistry(), env, startQueue });
    expect(starts).toBe(1);
  });

  it("leaves no queue behind when the queue fails to start, so work runs inline", async () => {
    const queue = await startJobWorker({
      registry: createDomainRegistry(),
      env,
      maxAttempts: 1,
      startQueue: async () => {
        throw new Error("database down");
      },
    });
    expect(queue).toBeNull();
    expect(await getJobQueue()).toBeNull();
  });

  it("retries a failed start in the background with backoff, and publishes the queue once one succeeds", async () => {
    let starts = 0;
    const delays: number[] = [];
    const hooks: string[] = [];
    const registry = createDomainRegistry();
    registry.register({ name: "estate", onWorkerStart: async () => void hooks.push("estate") });
    const first = await startJobWorker({
      registry,
      env,
      retryDelay: (attempt) => {
        delays.push(attempt);
        return 0;
      },
      startQueue: async () => {
        starts++;
        if (starts < 3) throw new Error("connection timeout");
        return fakeQueue;
      },
    });
    // The first caller is not kept waiting on retries: work runs inline meanwhile.
    expect(first).toBeNull();
    await vi.waitFor(async () => expect(await getJobQueue()).toBe(fakeQueue));
    expect(starts).toBe(3);
    expect(delays.slice(0, 2)).toEqual([1, 2]);
    expect(hooks).toEqual(["estate"]);
  });

  it("gives up after maxAttempts failed starts", async () => {
    let starts = 0;
    await startJobWorker({
      registry: createDomainRegistry(),
      env,
      maxAttempts: 3,
      retryDelay: () => 0,
      startQueue: async () => {
        starts++;
        throw new Error("database down");
      },
    });
    await vi.waitFor(() => expect(starts).toBe(3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(starts).toBe(3);
    expect(await getJobQueue()).toBeNull();
  });
});

describe("retryDelayMs", () => {
  it("doubles from 1 s and stops growing at 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
