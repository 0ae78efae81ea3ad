import { createPrismaClient, type Db } from "../lib/platform/create-prisma-client";

// Set by test/per-file-database.ts (the integration project's setup file) before a test file loads.
const globalForTests = globalThis as unknown as { bulkheadTestDatabase?: { url: string; ownerUrl: string } };

/** Where this test file's database is: its own clone of the run's migrated database. */
export function publishTestDatabase(database: { url: string; ownerUrl: string }): void {
  globalForTests.bulkheadTestDatabase = database;
}

function testDatabase(): { url: string; ownerUrl: string } {
  const database = globalForTests.bulkheadTestDatabase;
  if (!database) throw new Error("No test database: integration tests run in the integration project, whose setup file creates one per file");
  return database;
}

/** The app role's connection string for this test file's database. */
export function testDatabaseUrl(): string {
  return testDatabase().url;
}

/** The owner's connection string for this test file's database (migrations, what only the owner may do). */
export function testDatabaseOwnerUrl(): string {
  return testDatabase().ownerUrl;
}

/** A Prisma client on this test file's integration database. Disconnect it in afterAll. */
export function connectTestDb(): Db {
  return createPrismaClient(testDatabaseUrl(), { max: 4 });
}
