import net from "node:net";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient, type Db } from "./create-prisma-client";
import type { DatabaseTimeouts } from "./database-pool-config";
import { toErrorBody } from "./http/error-response";
import { isDatabaseUnavailable } from "./is-database-unavailable";
import { testDatabaseUrl } from "@/test/db";

// Reproduces the review's fault: with the database frozen, requests hung past 25 s. Each
// test bounds the wait itself, so without the pool timeouts it fails instead of hanging.
const databaseUrl = testDatabaseUrl();
const serverSideTimeouts = inject("databaseKind") === "postgres"; // PGlite ignores start-up parameters
const timeouts: DatabaseTimeouts = { connectMs: 800, statementMs: 700, idleInTransactionMs: 1_000 };
const clientGraceMs = 5_000;

/** A TCP proxy to the test server that can freeze: stop forwarding, and accept new connections without answering. */
async function startFreezableProxy(target: URL) {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (frozen) return; // accepted, never answered
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    track(upstream);
    client.on("data", (chunk) => void (frozen || upstream.write(chunk)));
    upstream.on("data", (chunk) => void (frozen || client.write(chunk)));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    freeze: () => void (frozen = true),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function timed(work: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await work;
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
  throw new Error(`expected the query to fail, it succeeded after ${Math.round(performance.now() - started)} ms`);
}

const clients: Db[] = [];
const proxies: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect().catch(() => undefined)));
  await Promise.all(proxies.map((p) => p.close()));
});

function client(url: string): Db {
  const db = createPrismaClient(url, { max: 2, timeouts });
  clients.push(db);
  return db;
}

describe("database timeouts", () => {
  it("cancels a statement that runs longer than the statement timeout, as a 503", async () => {
    const db = client(databaseUrl);
    const { ms, error } = await timed(db.$queryRaw`SELECT pg_sleep(10)`);
    expect(ms).toBeLessThan((serverSideTimeouts ? timeouts.statementMs : timeouts.statementMs + clientGraceMs) + 1_500);
    if (serverSideTimeouts) expect(String(error)).toMatch(/canceling statement due to statement timeout/);
    expect(isDatabaseUnavailable(error)).toBe(true);
    const { status, body } = toErrorBody(error);
    expect(status).toBe(503);
    expect(body.error.code).toBe("UNAVAILABLE");
    expect(body.error.message).toMatch(/The database did not answer in time/);
    // The pool is still usable afterwards.
    await expect(db.$queryRaw`SELECT 1 AS one`).resolves.toEqual([{ one: 1 }]);
  });

  it("fails a request within the connect timeout when the database accepts connections and never answers", async () => {
    const proxy = await startFreezableProxy(new URL(databaseUrl));
    proxies.push(proxy);
    proxy.freeze();
    const db = client(proxy.url);
    const { ms, error } = await timed(db.workload.findMany());
    expect(ms).toBeLessThan(timeouts.connectMs + 1_500);
    expect(toErrorBody(error).status).toBe(503);
  });

  it("fails a query on an open connection within the client grace when the server freezes mid-session", async () => {
    const proxy = await startFreezableProxy(new URL(databaseUrl));
    proxies.push(proxy);
    const db = client(proxy.url);
    await db.$queryRaw`SELECT 1`; // the pool now holds a live connection
    proxy.freeze();
    const { ms, error } = await timed(db.user.findMany());
    expect(ms).toBeLessThan(timeouts.statementMs + clientGraceMs + 1_500);
    expect(String(error)).toMatch(/Query read timeout/);
    expect(toErrorBody(error).status).toBe(503);
  });

  it.runIf(serverSideTimeouts)("ends a transaction left idle longer than the idle-in-transaction timeout", async () => {
    const db = client(databaseUrl);
    const { error } = await timed(
      db.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          await new Promise((resolve) => setTimeout(resolve, timeouts.idleInTransactionMs + 700));
          await tx.$queryRaw`SELECT 1`;
        },
        { timeout: 20_000 },
      ),
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});
