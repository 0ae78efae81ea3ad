import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { describe, expect, it } from "vitest";
import { serializeExtendedProtocol } from "./serialize-extended-protocol";

interface Item {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** A stand-in for pglite-socket's queue and PGlite, recording the order messages reach the session. */
function setup(options: { inTransaction?: () => boolean } = {}) {
  const executed: string[] = [];
  const queue = {
    queue: [] as Item[],
    processing: false,
    lastHandlerId: null as number | null,
    processQueue: async () => {},
    clearQueueForHandler(handlerId: number) {
      this.queue = this.queue.filter((q) => q.handlerId !== handlerId);
    },
  };
  const db = {
    isInTransaction: options.inTransaction ?? (() => false),
    runExclusive: <T>(fn: () => Promise<T>) => fn(),
    execProtocolRawStream: async (message: Uint8Array) => {
      executed.push(`${message[1]}${String.fromCharCode(message[0] ?? 0)}`);
    },
  };
  serializeExtendedProtocol({ queryQueue: queue } as unknown as PGLiteSocketServer, db as unknown as PGlite);
  const send = (handlerId: number, types: string) => {
    for (const type of types) {
      queue.queue.push({ handlerId, message: new Uint8Array([type.charCodeAt(0), handlerId]), onData: () => {}, resolve: () => {}, reject: () => {} });
    }
  };
  const run = async () => {
    const before = executed.length;
    await queue.processQueue();
    return executed.slice(before);
  };
  return { queue, send, run };
}

describe("serializeExtendedProtocol", () => {
  it("keeps a connection's Parse…Sync together while another connection's messages wait", async () => {
    const { send, run, queue } = setup();
    send(1, "P"); // A has parsed; its Bind/Execute/Sync have not arrived yet.
    send(2, "PBES"); // B's whole sequence is queued.
    expect(await run()).toEqual(["1P"]); // A's turn: B must not run between A's Parse and Sync.
    expect(queue.queue.map((q) => q.handlerId)).toEqual([2, 2, 2, 2]);
    send(1, "BES");
    expect(await run()).toEqual(["1B", "1E", "1S", "2P", "2B", "2E", "2S"]);
  });

  it("lets a simple query end a connection's turn, and a disconnect release it", async () => {
    const { send, run, queue } = setup();
    send(1, "Q");
    send(2, "Q");
    expect(await run()).toEqual(["1Q", "2Q"]);
    send(1, "PB");
    send(2, "Q");
    expect(await run()).toEqual(["1P", "1B"]);
    queue.clearQueueForHandler(1);
    expect(await run()).toEqual(["2Q"]);
  });

  it("keeps a transaction's connection in turn until the transaction ends", async () => {
    let inTransaction = false;
    const { send, run } = setup({ inTransaction: () => inTransaction });
    send(1, "Q"); // BEGIN
    expect(await run()).toEqual(["1Q"]);
    inTransaction = true;
    send(2, "Q");
    expect(await run()).toEqual([]); // B waits while A's transaction is open.
    send(1, "Q"); // a statement inside A's transaction jumps the queue
    expect(await run()).toEqual(["1Q"]);
    inTransaction = false; // A committed
    expect(await run()).toEqual(["2Q"]);
  });
});
