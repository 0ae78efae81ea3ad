import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { serializeExtendedProtocol } from "./serialize-extended-protocol";

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to wasm) served over the Postgres wire protocol, so the
 * app connects to it exactly as it connects to a real server. `dataDir` undefined keeps
 * it in memory (tests); a folder makes it durable (dev).
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number; host?: string }): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const host = options.host ?? "127.0.0.1";
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: 32 });
  serializeExtendedProtocol(server, db);
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.split(":").at(-1));
  let closed = false;
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      // Closing PGlite flushes its data dir; skipping it means crash recovery on the next start.
      await db.close();
    },
  };
}
