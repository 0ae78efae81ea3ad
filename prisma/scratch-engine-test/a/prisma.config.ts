import { fileURLToPath } from "node:url";
import { defineConfig, env } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL("../../engine/schema-engine.mjs", import.meta.url));

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: env("DATABASE_URL") },
});
