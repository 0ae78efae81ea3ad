import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationClient, prepareAppRole } from "./database-roles";
import { installJobQueueSchema, runChild } from "./migrate";
import { testDatabaseUrl } from "@/test/db";

/** A server that accepts connections and never answers: a frozen database. */
let blackHole: net.Server;
let frozenUrl: string;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  blackHole = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  frozenUrl = `postgresql://owner@127.0.0.1:${(blackHole.address() as net.AddressInfo).port}/frozen`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => blackHole.close(() => resolve()));
});

const quick = { connectMs: 500, statementMs: 1_000, idleInTransactionMs: 1_000 };

async function elapsed(work: Promise<unknown>): Promise<{ ms: number; error: Error }> {
  const started = Date.now();
  const error = await work.then(
    () => new Error("expected a failure"),
    (e: unknown) => e as Error,
  );
  return { ms: Date.now() - started, error };
}

describe("the migration step's timeouts", () => {
  it("gives up on a frozen database while installing the job queue's schema", async () => {
    const { ms, error } = await elapsed(installJobQueueSchema(frozenUrl, quick));
    expect(error.message).toMatch(/timeout/i);
    expect(ms).toBeLessThan(10_000);
  });

  it("gives up on a frozen database while granting the app role", async () => {
    const { ms, error } = await elapsed(prepareAppRole(frozenUrl, "postgresql://app@127.0.0.1/db", quick));
    expect(error.message).toMatch(/timeout/i);
    expect(ms).toBeLessThan(5_000);
  });

  it("sends a statement timeout and names itself on a real server", async () => {
    const client = migrationClient(testDatabaseUrl(), quick);
    await client.connect();
    try {
      const { rows } = await client.query<{ statement_timeout: string; application_name: string }>(
        "SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('application_name') AS application_name",
      );
      expect(rows[0]).toEqual({ statement_timeout: "1s", application_name: "bulkhead-migrate" });
      await expect(client.query("SELECT pg_sleep(5)")).rejects.toThrow(/statement timeout/);
    } finally {
      await client.end();
    }
  });

  it("stops a child process that outlives its deadline, and says so", async () => {
    const { ms, error } = await elapsed(runChild(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { label: "stuck child", timeoutMs: 300 }));
    expect(error.message).toContain("stuck child did not finish within 300 ms and was stopped");
    expect(ms).toBeLessThan(5_000);
  });
});
