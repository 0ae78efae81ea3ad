import { createHmac, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import { createPrismaClient } from "../create-prisma-client";
import { createDomainRegistry, type DomainRegistry } from "../domains/domain-registry";
import { errorResponse } from "../http/error-response";
import { startPgBossJobQueue } from "../jobs/pg-boss-job-queue";
import { processWebhookDelivery } from "./process-webhook-delivery";
import { createPrismaWebhookDeliveryStore } from "./prisma-webhook-delivery-store";
import { receiveGithubWebhook, type ReceiveGithubWebhookDeps } from "./receive-github-webhook";
import { retryWebhookDeliveries } from "./retry-webhook-deliveries";
import { PROCESS_WEBHOOK_JOB } from "./webhook-job-names";

vi.mock("server-only", () => ({}));

const SECRET = "it-webhook-secret";
const db = connectTestDb();
const store = createPrismaWebhookDeliveryStore(db);
afterAll(() => db.$disconnect());

function registryWith(handler: () => Promise<string | null>): DomainRegistry {
  const registry = createDomainRegistry();
  registry.register({ name: "scaffold", webhookHandlers: { pull_request: handler } });
  return registry;
}

function signedPost(payload: unknown, deliveryId: string): Request {
  const body = JSON.stringify(payload);
  return new Request("http://portal.test/api/github/webhooks", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    },
  });
}

const depsWith = (registry: DomainRegistry, getQueue: ReceiveGithubWebhookDeps["getQueue"] = async () => null): ReceiveGithubWebhookDeps => ({
  store,
  registry,
  getQueue,
  secret: () => SECRET,
});
const receive = (deps: ReceiveGithubWebhookDeps, request: Request) => receiveGithubWebhook(deps, request).catch(errorResponse);
const merged = (number: number) => ({ action: "closed", pull_request: { number, merged: true } });

describe("webhook deliveries in PostgreSQL", () => {
  it("stores each delivery once by its delivery id, payload as sent (\\u0000 included)", async () => {
    const id = randomUUID();
    const payload = { action: "closed", note: "nul \u0000 byte", nested: { list: [1, "two"] } };
    const first = await store.record({ deliveryId: id, event: "pull_request", action: "closed", payload });
    const again = await store.record({ deliveryId: id, event: "pull_request", action: "closed", payload: { other: true } });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, delivery: { deliveryId: id, status: "received", payload } });
    expect(await db.webhookDelivery.count({ where: { deliveryId: id } })).toBe(1);
  });

  it("runs a delivery once when five workers race for it, and never again once processed", async () => {
    let calls = 0;
    const registry = registryWith(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 100));
      return "handled";
    });
    const id = randomUUID();
    await store.record({ deliveryId: id, event: "pull_request", action: "closed", payload: merged(1) });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => processWebhookDelivery({ store, registry }, id)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(["processed", "skipped", "skipped", "skipped", "skipped"]);
    expect(await processWebhookDelivery({ store, registry }, id)).toEqual({ status: "skipped", handled: [] });
    expect(calls).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { deliveryId: id } })).toMatchObject({ status: "processed", attempts: 1, outcome: ["handled"], lastError: null });
  });

  it("answers a replay 202 duplicate without processing it again", async () => {
    let calls = 0;
    const deps = depsWith(registryWith(async () => `merged ${++calls}`));
    const id = randomUUID();
    expect((await receive(deps, signedPost(merged(2), id))).status).toBe(202);
    const replay = await receive(deps, signedPost(merged(2), id));
    expect(replay.status).toBe(202);
    expect(await replay.json()).toMatchObject({ duplicate: true, status: "processed" });
    expect(calls).toBe(1);
  });

  it("keeps a delivery that failed while processing, with its error, and processes it on the sweep", async () => {
    let down = true;
    const deps = depsWith(
      registryWith(async () => {
        if (down) throw new Error("scaffold store unavailable");
        return "scaffold merged";
      }),
    );
    const id = randomUUID();
    expect((await receive(deps, signedPost(merged(3), id))).status).toBe(202);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { deliveryId: id } })).toMatchObject({ status: "failed", attempts: 1, lastError: "Error: scaffold store unavailable" });
    down = false;
    await retryWebhookDeliveries({ ...deps, queue: null }, { now: new Date(Date.now() + 11 * 60_000) });
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { deliveryId: id } });
    expect(row).toMatchObject({ status: "processed", attempts: 2, lastError: null, outcome: ["scaffold merged"] });
    expect(row.processedAt).not.toBeNull();
  });

  it("takes over a claim whose worker died, once it is stale", async () => {
    const registry = registryWith(async () => "handled");
    const id = randomUUID();
    await store.record({ deliveryId: id, event: "pull_request", action: "closed", payload: merged(4) });
    expect(await store.claim(id, { staleBefore: new Date(0) })).not.toBeNull();
    // The worker died: the claim is fresh, so nobody else runs it yet.
    expect((await processWebhookDelivery({ store, registry }, id)).status).toBe("skipped");
    const later = () => new Date(Date.now() + 11 * 60_000);
    expect(await processWebhookDelivery({ store, registry }, id, { now: later })).toEqual({ status: "processed", handled: ["handled"] });
  });

  it("answers 503 when the database is down at receipt, and stores nothing", async () => {
    const down = createPrismaClient("postgresql://postgres@127.0.0.1:1/nothing");
    try {
      let calls = 0;
      const deps = { ...depsWith(registryWith(async () => `handled ${++calls}`)), store: createPrismaWebhookDeliveryStore(down) };
      const id = randomUUID();
      const response = await receive(deps, signedPost(merged(5), id));
      expect(response.status).toBe(503);
      expect(calls).toBe(0);
      expect(await db.webhookDelivery.count({ where: { deliveryId: id } })).toBe(0);
      // GitHub's "Redeliver" later sends the same delivery id again, which is then stored and processed.
      expect(await (await receive(depsWith(registryWith(async () => "merged")), signedPost(merged(5), id))).json()).toMatchObject({ status: "processed", handled: ["merged"] });
    } finally {
      await down.$disconnect();
    }
  });

  it("processes from the job queue, retrying a failed attempt with backoff until it succeeds", async () => {
    let attempts = 0;
    const registry = registryWith(async () => {
      attempts++;
      if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
      return "scaffold merged";
    });
    const queue = await startPgBossJobQueue({
      connectionString: testDatabaseUrl(),
      pollingIntervalSeconds: 0.5,
      // The production job (`webhookJobs`) with a short delay, on this test's store and registry.
      jobs: [{ name: PROCESS_WEBHOOK_JOB, retryLimit: 4, retryDelaySeconds: 1, handler: async (data) => void (await processWebhookDelivery({ store, registry }, String(data.deliveryId))) }],
    });
    try {
      const id = randomUUID();
      const response = await receive(depsWith(registry, async () => queue), signedPost(merged(6), id));
      expect(await response.json()).toMatchObject({ status: "queued" });
      const deadline = Date.now() + 30_000;
      let row = await db.webhookDelivery.findUniqueOrThrow({ where: { deliveryId: id } });
      while (row.status !== "processed" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        row = await db.webhookDelivery.findUniqueOrThrow({ where: { deliveryId: id } });
      }
      expect(row).toMatchObject({ status: "processed", attempts: 3, lastError: null });
    } finally {
      await queue.stop();
    }
  });

  it("prunes processed deliveries past retention, keeping failed ones", async () => {
    const old = randomUUID();
    const failed = randomUUID();
    await db.webhookDelivery.create({ data: { deliveryId: old, event: "push", payload: {}, status: "processed", processedAt: new Date(), receivedAt: new Date(Date.now() - 40 * 86_400_000) } });
    await db.webhookDelivery.create({ data: { deliveryId: failed, event: "push", payload: {}, status: "failed", attempts: 10, receivedAt: new Date(Date.now() - 40 * 86_400_000), claimedAt: new Date(Date.now() - 40 * 86_400_000) } });
    const result = await retryWebhookDeliveries({ store, registry: createDomainRegistry(), queue: null });
    expect(result.pruned).toBeGreaterThanOrEqual(1);
    expect(await db.webhookDelivery.count({ where: { deliveryId: old } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { deliveryId: failed } })).toBe(1);
  });
});
