import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketServer } from "@electric-sql/pglite-socket";

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

// Extended-query messages: Parse, Bind, Describe, Execute, Close, Flush. Sync and a simple Query end a unit.
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);

/**
 * PGlite is one database session. pglite-socket 0.2.17 serves several client connections by
 * queueing their protocol messages one at a time, keeping a connection's turn only inside a
 * transaction. Outside one, node-postgres's Parse/Bind/Execute/Sync from two connections can
 * interleave, and one connection's unnamed portal replaces the other's ("portal does not
 * exist"). This keeps each connection's turn from its first extended-query message to its
 * Sync, as a real server's separate sessions would. It patches the server's internal queue,
 * so it is pinned to the pglite-socket version in package.json.
 */
export function serializeExtendedProtocol(server: PGLiteSocketServer, db: PGlite): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let owner: number | null = null;

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    if (owner === handlerId) owner = null;
    clear(handlerId);
  };

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const turn = owner ?? (db.isInTransaction() ? this.lastHandlerId : null);
        let item: QueuedMessage | undefined;
        if (turn !== null) {
          const index = this.queue.findIndex((q) => q.handlerId === turn);
          // The connection whose turn it is has not sent its next message yet: wait for it.
          if (index === -1) break;
          item = this.queue.splice(index, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break;
        const type = item.message[0] ?? 0;
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          owner = null;
          item.reject(error);
          continue;
        }
        if (type === SYNC || type === QUERY) owner = null;
        else if (EXTENDED.has(type)) owner = item.handlerId;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}
