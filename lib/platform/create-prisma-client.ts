import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { databasePoolConfig, type DatabaseTimeouts } from "./database-pool-config";

export type Db = PrismaClient;
/** A Prisma client or the transaction client handed to `$transaction` callbacks. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * Builds a Prisma client on the pg driver adapter. The same code path serves real
 * PostgreSQL and PGlite served over the wire protocol. Every pool has the connect,
 * statement and idle-in-transaction timeouts (defaults unless given), so a frozen
 * database fails a request instead of hanging it.
 */
export function createPrismaClient(
  databaseUrl: string,
  options: { max?: number; timeouts?: DatabaseTimeouts } = {},
): PrismaClient {
  const adapter = new PrismaPg(databasePoolConfig(databaseUrl, { max: options.max ?? 10, timeouts: options.timeouts }));
  return new PrismaClient({ adapter });
}
