import { inject } from "vitest";
import { createPrismaClient, type Db } from "../lib/platform/create-prisma-client";

/** A Prisma client on this run's integration database. Disconnect it in afterAll. */
export function connectTestDb(): Db {
  return createPrismaClient(inject("databaseUrl"), { max: 4 });
}
