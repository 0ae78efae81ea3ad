import { afterEach, describe, expect, it } from "vitest";
import { createDomainRegistry } from "../domains/domain-registry";
import { getJobsEnv } from "../env";
import { getJobQueue, publishJobQueue } from "./get-job-queue";
import type { JobDefinition, JobQueue } from "./job-queue";
import { jobWorkerDisabledReason, startJobWorker } from "./start-job-worker";

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
      startQueue: async () => {
        throw new Error("database down");
      },
    });
    expect(queue).toBeNull();
    expect(await getJobQueue()).toBeNull();
  });
});
