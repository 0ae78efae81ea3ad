// Vitest global setup for the integration project: one fresh, migrated database per
// run (real PostgreSQL when reachable, PGlite otherwise), dropped at the end. Tests
// connect as the app's own restricted role, as production does (`databaseUrl`); the
// owner's connection is there for what only the owner may do (`databaseOwnerUrl`).
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../scripts/lib/migrate";
import { createTestDatabase } from "../scripts/lib/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The app's role (equal to the owner's on PGlite). */
    databaseUrl: string;
    databaseOwnerUrl: string;
    databaseKind: "postgres" | "pglite";
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createTestDatabase("bulkhead_it");
  try {
    await migrateDatabase(database.url, { appDatabaseUrl: database.appUrl });
  } catch (error) {
    await database.drop();
    throw error;
  }
  project.provide("databaseUrl", database.appUrl);
  project.provide("databaseOwnerUrl", database.url);
  project.provide("databaseKind", database.kind);
  return () => database.drop();
}
