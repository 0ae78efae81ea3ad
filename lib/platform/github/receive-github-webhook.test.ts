import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDomainRegistry, type DomainRegistry } from "../domains/domain-registry";
import { errorResponse } from "../http/error-response";
import type { JobQueue } from "../jobs/job-queue";
import { receiveGithubWebhook, WEBHOOK_MAX_BYTES, type ReceiveGithubWebhookDeps } from "./receive-github-webhook";
import { retryWebhookDeliveries } from "./retry-webhook-deliveries";
import type { StoredWebhookDelivery, WebhookDeliveryStore } from "./webhook-delivery-store";

const SECRET = "test-webhook-secret";
const MB = 1024 * 1024;

/** The store port in memory, with the same claim rules as the Prisma adapter. */
function fakeStore(): WebhookDeliveryStore & { rows: Map<string, StoredWebhookDelivery> } {
  const rows = new Map<string, StoredWebhookDelivery>();
  const copy = (row: StoredWebhookDelivery) => structuredClone(row);
  return {
    rows,
    async record(delivery) {
      const existing = rows.get(delivery.deliveryId);
      if (existing) return { created: false, delivery: copy(existing) };
      const row: StoredWebhookDelivery = { ...delivery, status: "received", attempts: 0, lastError: null, receivedAt: new Date(), claimedAt: null, processedAt: null };
      rows.set(delivery.deliveryId, row);
      return { created: true, delivery: copy(row) };
    },
    async claim(deliveryId, { staleBefore }) {
      const row = rows.get(deliveryId);
      const claimable = row && (row.status === "received" || row.status === "failed" || (row.status === "processing" && row.claimedAt! < staleBefore));
      if (!row || !claimable) return null;
      Object.assign(row, { status: "processing", claimedAt: new Date(), attempts: row.attempts + 1 });
      return copy(row);
    },
    async markDone(deliveryId, { claimedAt, status }) {
      const row = rows.get(deliveryId);
      if (row?.status === "processing" && row.claimedAt?.getTime() === claimedAt.getTime()) Object.assign(row, { status, processedAt: new Date(), lastError: null });
    },
    async markFailed(deliveryId, { claimedAt, error }) {
      const row = rows.get(deliveryId);
      if (row?.status === "processing" && row.claimedAt?.getTime() === claimedAt.getTime()) Object.assign(row, { status: "failed", lastError: error });
    },
    async listDue({ receivedBefore, failedBefore, staleBefore, maxAttempts }) {
      return [...rows.values()]
        .filter(
          (r) =>
            (r.status === "received" && r.receivedAt < receivedBefore) ||
            (r.status === "failed" && r.attempts < maxAttempts && r.claimedAt! < failedBefore) ||
            (r.status === "processing" && r.claimedAt! < staleBefore),
        )
        .map((r) => r.deliveryId);
    },
    async prune() {
      return 0;
    },
  };
}

/** A scaffold-like domain whose pull_request handler can be told to fail. */
function registryWith(handler: () => Promise<string | null>): DomainRegistry {
  const registry = createDomainRegistry();
  registry.register({ name: "scaffold", webhookHandlers: { pull_request: handler } });
  return registry;
}

function depsFor(options: { store?: WebhookDeliveryStore; registry?: DomainRegistry; queue?: JobQueue | null } = {}): ReceiveGithubWebhookDeps {
  return {
    store: options.store ?? fakeStore(),
    registry: options.registry ?? registryWith(async () => "handled"),
    getQueue: async () => options.queue ?? null,
    secret: () => SECRET,
  };
}

const sign = (body: string | Uint8Array) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

function headersFor(overrides: Record<string, string | null> = {}): Headers {
  const headers = new Headers({
    "content-type": "application/json",
    "x-github-event": "pull_request",
    "x-github-delivery": randomUUID(),
    "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
  });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return headers;
}

/** A body of `bytes` that is generated only as it is read, counting what was pulled. */
function meteredBody(bytes: number, chunkBytes = 64 * 1024) {
  let pulled = 0;
  const chunk = new Uint8Array(chunkBytes).fill(0x7b);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= bytes) return controller.close();
        const size = Math.min(chunkBytes, bytes - pulled);
        pulled += size;
        controller.enqueue(size === chunkBytes ? chunk : chunk.subarray(0, size));
      },
    },
    // Nothing is pulled before somebody reads.
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

function post(headers: Headers, body: BodyInit): Request {
  return new Request("http://portal.test/api/github/webhooks", { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

const receive = (deps: ReceiveGithubWebhookDeps, request: Request) => receiveGithubWebhook(deps, request).catch(errorResponse);

function signedPost(payload: Record<string, unknown>, deliveryId = randomUUID()): Request {
  const body = JSON.stringify(payload);
  return post(headersFor({ "x-github-delivery": deliveryId, "x-hub-signature-256": sign(body) }), body);
}

const merged = { action: "closed", pull_request: { number: 7, merged: true } };

describe("receiveGithubWebhook: refusing before reading", () => {
  it("refuses an unsigned 60 MB post with 401 without reading its body", async () => {
    const store = fakeStore();
    const body = meteredBody(60 * MB);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const response = await receive(depsFor({ store }), post(headersFor({ "x-hub-signature-256": null }), body.stream));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/X-Hub-Signature-256 header is required/);
    // Before the fix the whole body was read (request.text()) before the signature was looked at.
    expect(body.pulled()).toBe(0);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(16 * MB);
    expect(store.rows.size).toBe(0);
  });

  it("refuses malformed headers before reading: signature 401, event or delivery id 400, content type 415", async () => {
    const cases: Array<[Record<string, string | null>, number]> = [
      [{ "x-hub-signature-256": "sha1=abc" }, 401],
      [{ "x-hub-signature-256": `sha256=${"z".repeat(64)}` }, 401],
      [{ "x-github-event": null }, 400],
      [{ "x-github-event": "Pull-Request!" }, 400],
      [{ "x-github-delivery": null }, 400],
      [{ "x-github-delivery": "../../etc/passwd" }, 400],
      [{ "content-type": "application/x-www-form-urlencoded" }, 415],
      [{ "content-type": null }, 415],
    ];
    for (const [overrides, status] of cases) {
      const body = meteredBody(MB);
      const response = await receive(depsFor(), post(headersFor(overrides), body.stream));
      expect(response.status, JSON.stringify(overrides)).toBe(status);
      expect(body.pulled(), JSON.stringify(overrides)).toBe(0);
    }
  });

  it("refuses a Content-Length over 25 MB with 413 before reading, and closes the connection", async () => {
    const body = meteredBody(30 * MB);
    const response = await receive(depsFor(), post(headersFor({ "content-length": String(30 * MB) }), body.stream));
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(body.pulled()).toBe(0);
  });

  it("stops reading a streamed body at 25 MB with 413, whatever its signature", async () => {
    const payload = meteredBody(40 * MB);
    const response = await receive(depsFor(), post(headersFor(), payload.stream));
    expect(response.status).toBe(413);
    expect(payload.pulled()).toBeGreaterThan(WEBHOOK_MAX_BYTES);
    expect(payload.pulled()).toBeLessThanOrEqual(WEBHOOK_MAX_BYTES + 64 * 1024);
  });

  it("accepts a signed body of just under 25 MB", async () => {
    const padding = "x".repeat(WEBHOOK_MAX_BYTES - 100);
    const response = await receive(depsFor(), signedPost({ action: "opened", padding }));
    expect(response.status).toBe(202);
  });

  it("refuses a wrong signature over the exact bytes with 401, and stores nothing", async () => {
    const store = fakeStore();
    const body = JSON.stringify(merged);
    const response = await receive(depsFor({ store }), post(headersFor({ "x-hub-signature-256": sign(`${body} `) }), body));
    expect(response.status).toBe(401);
    expect(store.rows.size).toBe(0);
  });

  it("refuses a signed body that is not a JSON object with 400", async () => {
    for (const body of ["[1,2]", "{", "\"text\""]) {
      const response = await receive(depsFor(), post(headersFor({ "x-hub-signature-256": sign(body) }), body));
      expect(response.status, body).toBe(400);
    }
  });
});

describe("receiveGithubWebhook: storing, then processing", () => {
  it("stores the delivery and queues one job for it, answering 202", async () => {
    const store = fakeStore();
    const sent: Array<{ name: string; data: unknown; key: string | undefined }> = [];
    const queue: JobQueue = { send: async (name, data, options) => (sent.push({ name, data, key: options?.singletonKey }), "job-1") };
    const id = randomUUID();
    const response = await receive(depsFor({ store, queue }), signedPost(merged, id));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ received: id, event: "pull_request", status: "queued" });
    expect(sent).toEqual([{ name: "platform.process-webhook", data: { deliveryId: id }, key: id }]);
    expect(store.rows.get(id)).toMatchObject({ event: "pull_request", action: "closed", status: "received", payload: merged });
  });

  it("processes a replayed delivery once, answering 202 duplicate", async () => {
    let calls = 0;
    const deps = depsFor({ registry: registryWith(async () => `merged #${++calls}`) });
    const id = randomUUID();
    const first = await receive(deps, signedPost(merged, id));
    expect(await first.json()).toMatchObject({ status: "processed", handled: ["merged #1"] });
    for (let i = 0; i < 3; i++) {
      const replay = await receive(deps, signedPost(merged, id));
      expect(replay.status).toBe(202);
      expect(await replay.json()).toEqual({ received: id, event: "pull_request", duplicate: true, status: "processed" });
    }
    expect(calls).toBe(1);
  });

  it("keeps a delivery whose processing failed, and processes it on a later attempt", async () => {
    const store = fakeStore();
    let down = true;
    const handled: string[] = [];
    const deps = depsFor({
      store,
      registry: registryWith(async () => {
        if (down) throw new Error("database is restarting");
        handled.push("merged");
        return "scaffold merged";
      }),
    });
    const id = randomUUID();
    const response = await receive(deps, signedPost(merged, id));
    // Stored, so accepted; the failure is on the row, and it is retried.
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "failed", error: "database is restarting" });
    expect(store.rows.get(id)).toMatchObject({ status: "failed", attempts: 1, lastError: "Error: database is restarting" });

    down = false;
    const sweep = await retryWebhookDeliveries({ ...deps, queue: null }, { now: new Date(Date.now() + 11 * 60_000) });
    expect(sweep.dispatched).toEqual({ processed: 1 });
    expect(store.rows.get(id)).toMatchObject({ status: "processed", attempts: 2, lastError: null });
    expect(handled).toEqual(["merged"]);
    // A later sweep finds nothing left to do.
    expect((await retryWebhookDeliveries({ ...deps, queue: null }, { now: new Date(Date.now() + 30 * 60_000) })).dispatched).toEqual({});
  });

  it("answers 503, never 202, when the delivery cannot be stored, and processes nothing", async () => {
    let calls = 0;
    const store = { ...fakeStore(), record: async () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432")) };
    const response = await receive(depsFor({ store, registry: registryWith(async () => `handled ${++calls}`) }), signedPost(merged));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).not.toContain("ECONNREFUSED");
    expect(calls).toBe(0);
  });

  it("marks a delivery no domain handles as ignored", async () => {
    const store = fakeStore();
    const id = randomUUID();
    const body = JSON.stringify({ action: "created" });
    const response = await receive(depsFor({ store }), post(headersFor({ "x-github-event": "issues", "x-github-delivery": id, "x-hub-signature-256": sign(body) }), body));
    expect(await response.json()).toMatchObject({ status: "ignored", handled: [] });
    expect(store.rows.get(id)?.status).toBe("ignored");
  });
});
