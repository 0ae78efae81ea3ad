import "server-only";
import type { DbTx } from "./create-prisma-client";
import { getDb } from "./db";
import { logger } from "./logger";

export type DatabaseHealth =
  | { reachable: true; version: string; latencyMs: number }
  | { reachable: false; error: string; latencyMs: number };

/**
 * Asks the database for its version, giving up after `timeoutMs` so health checks never hang.
 * App code calls it without arguments; tests pass their own client.
 */
export async function checkDatabaseHealth(db: DbTx = getDb(), timeoutMs = 2_000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const rows = await Promise.race([db.$queryRaw<Array<{ version: string }>>`SELECT version() AS version`, timeout]);
    return { reachable: true, version: rows[0]?.version ?? "unknown", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    logger.warn("database health check failed", { error });
    return { reachable: false, error: "database unreachable", latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
