import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["prisma/engine/**/*.int.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
