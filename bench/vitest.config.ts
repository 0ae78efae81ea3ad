// Unit tests of the bench's own code (the corpus generator): `npm run test:bench`.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: { include: ["bench/**/*.test.ts"], environment: "node", testTimeout: 60_000 },
});
