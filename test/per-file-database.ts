// Vitest setup file of the integration project: every test file gets its own database, cloned
// from the run's migrated one (`CREATE DATABASE … TEMPLATE`), so files that seed the same demo
// workload or count rows across a table cannot see each other's data, whatever order they run
// in. The clone is dropped when the file ends. On PGlite (one database only) files share the
// run's database, as before.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { publishTestDatabase } from "./db";

function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

async function onServer<T>(ownerUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(ownerUrl, "postgres"), connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const ownerUrl = inject("databaseOwnerUrl");
const appUrl = inject("databaseUrl");

if (inject("databaseKind") === "postgres") {
  const template = decodeURIComponent(new URL(ownerUrl).pathname.slice(1));
  const name = `${template}_f${randomBytes(4).toString("hex")}`.slice(0, 63);
  await onServer(ownerUrl, async (client) => {
    // The template must have no other session; the previous file's clone-and-drop never touches it,
    // so a refusal here can only be a straggler of the migration step closing: wait it out.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });
  publishTestDatabase({ url: withDatabase(appUrl, name), ownerUrl: withDatabase(ownerUrl, name) });
  afterAll(async () => {
    // FORCE ends the sessions a test left open (pools not disconnected, worker processes).
    await onServer(ownerUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
} else {
  publishTestDatabase({ url: appUrl, ownerUrl });
}
