import "server-only";
import { createPrismaClient, type Db } from "./create-prisma-client";
import { databaseTimeoutsFromEnv } from "./database-pool-config";
import { getEnv } from "./env";

const globalForDb = globalThis as unknown as { bulkheadDb?: Db };

/**
 * The process-wide Prisma client. Kept on globalThis so that Next's dev-mode module
 * reloads reuse one pool instead of leaking connections.
 */
export function getDb(): Db {
  const env = getEnv();
  globalForDb.bulkheadDb ??= createPrismaClient(env.DATABASE_URL, { timeouts: databaseTimeoutsFromEnv(env) });
  return globalForDb.bulkheadDb;
}
