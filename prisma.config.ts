import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// Prisma's CLI normally downloads a native schema engine from its CDN, which these
// machines cannot reach. The stand-in drives Prisma's WebAssembly engine from npm
// instead (see prisma/engine/README.md). Unset it to use the native engine.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL("./prisma/engine/schema-engine.mjs", import.meta.url),
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    // Migrations run as the schema owner (DATABASE_MIGRATION_URL); the app's own role
    // (DATABASE_URL) cannot alter tables. Single-role set-ups (PGlite) set DATABASE_URL only.
    // `prisma generate` needs no database; every other command fails with a clear
    // message from the engine when neither is set.
    url: process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL || "postgresql://unset@127.0.0.1:1/unset",
  },
});
