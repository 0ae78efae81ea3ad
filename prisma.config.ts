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
    // `prisma generate` needs no database; every other command fails with a clear
    // message from the engine when DATABASE_URL is missing.
    url: process.env.DATABASE_URL ?? "postgresql://unset@127.0.0.1:1/unset",
  },
});
