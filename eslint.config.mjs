import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".bulkhead/**",
      "lib/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "prisma/engine/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Emulators and app code never meet: app and lib must not import an emulator.
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/emulators/**", "@/emulators/**"], message: "App code never imports an emulator." }] },
      ],
    },
  },
  {
    files: ["emulators/**", "scripts/**", "e2e/**", "test/**", "bench/**", "**/*.test.ts"],
    rules: { "no-restricted-imports": "off" },
  },
];

export default config;
