// Vitest global setup for the integration project: one fresh, migrated database per
// run (real PostgreSQL when reachable, PGlite otherwise), dropped at the end.
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../scripts/lib/migrate";
import { createTestDatabase } from "../scripts/lib/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgres" | "pglite";
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createTestDatabase("bulkhead_it");
  await migrateDatabase(database.url);
  project.provide("databaseUrl", database.url);
  project.provide("databaseKind", database.kind);
  return () => database.drop();
}
