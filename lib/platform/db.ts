import "server-only";
import { createPrismaClient, type Db } from "./create-prisma-client";
import { getEnv } from "./env";

const globalForDb = globalThis as unknown as { bulkheadDb?: Db };

/**
 * The process-wide Prisma client. Kept on globalThis so that Next's dev-mode module
 * reloads reuse one pool instead of leaking connections.
 */
export function getDb(): Db {
  globalForDb.bulkheadDb ??= createPrismaClient(getEnv().DATABASE_URL);
  return globalForDb.bulkheadDb;
}
