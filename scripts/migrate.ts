// `npm run db:migrate`: the migration step, as the database owner. Applies the Prisma
// migrations, creates or upgrades the job queue's schema, and gives the app's role
// (the user in DATABASE_URL) exactly the rights it needs. The Docker `migrate` job runs this.
import { z } from "zod";
import { migrateDatabase } from "./lib/migrate";

const postgresUrl = (name: string) =>
  z
    .string({ message: `${name} is required: a postgresql:// connection string` })
    .trim()
    .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), { message: `${name} must be a postgresql:// connection string` });

const envSchema = z.object({
  /** The owner's connection (migrations); defaults to DATABASE_URL for single-role set-ups (PGlite). */
  DATABASE_MIGRATION_URL: postgresUrl("DATABASE_MIGRATION_URL").optional(),
  DATABASE_URL: postgresUrl("DATABASE_URL"),
});

async function main(): Promise<void> {
  const parsed = envSchema.safeParse({
    DATABASE_MIGRATION_URL: process.env.DATABASE_MIGRATION_URL || undefined,
    DATABASE_URL: process.env.DATABASE_URL,
  });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
  }
  const { DATABASE_MIGRATION_URL: ownerUrl, DATABASE_URL: appUrl } = parsed.data;
  const started = performance.now();
  const result = await migrateDatabase(ownerUrl ?? appUrl, { appDatabaseUrl: ownerUrl ? appUrl : undefined });
  const ms = Math.round(performance.now() - started);
  if (result.role) {
    console.log(`[migrate] done in ${ms} ms; the app connects as "${result.role}"${result.created ? " (created)" : ""}, with the app's rights only`);
  } else {
    console.log(
      `[migrate] done in ${ms} ms; the app and the migrations share one database role: set DATABASE_MIGRATION_URL to the owner and DATABASE_URL to a separate role to keep the app from altering its own audit log`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`[migrate] failed: ${(error as Error).message}`);
  process.exit(1);
});
