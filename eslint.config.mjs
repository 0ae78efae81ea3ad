import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { boundariesPlugin } from "./scripts/eslint-boundaries.mjs";

// Every domain folder under lib/, present or planned; a new domain adds its name here.
const DOMAINS = ["catalogue", "scaffold", "workloads", "vending", "governance", "estate"];

/**
 * An import specifier that names lib/<target>: `@/lib/<target>`, or a relative path
 * (`../<target>` from inside lib/, `../../lib/<target>` from app/ or components/).
 */
const lib = (target) => `^(?:@/lib/|(?:\\.\\./)+(?:lib/)?)(?:${target})`;
const anyDomain = DOMAINS.join("|");

// The architecture's import boundaries, one rule each (ARCHITECTURE.md, "Boundaries").
// scripts/lint-boundaries.test.ts lints a deliberate violation of each one.
const boundaries = [
  {
    files: ["lib/*/core/**", "lib/hcl/**", "lib/modules/**", "lib/markdown/**", "lib/errors/**", "lib/patterns/**", "lib/csv/**", "lib/state-machine/**"],
    rules: {
      "boundaries/pure-core": [
        "error",
        { regex: "^(?:next|next-auth|react|react-dom)(?:/|$)", message: "pure code has no Next.js or React." },
        { regex: "^(?:@prisma/|prisma(?:/|$))", message: "pure code has no Prisma; only adapters/ touch the database." },
        { regex: `${lib("generated")}(?:/|$)`, message: "pure code has no Prisma; only adapters/ touch the database." },
        { regex: "^@octokit/", message: "pure code has no Octokit; only adapters/ call GitHub." },
        { regex: "^(?:@aws-sdk/|aws-sdk(?:/|$))", message: "pure code has no AWS SDK; only adapters/ call AWS." },
        { regex: `${lib("platform")}(?:/|$)`, message: "pure code does not import lib/platform; take what it needs as an argument." },
        { regex: "(?:^|/)adapters(?:/|$)", message: "pure code does not import an adapter; depend on a port (ports.ts)." },
      ],
    },
  },
  {
    files: ["lib/hcl/**", "lib/modules/**", "lib/markdown/**", "lib/errors/**", "lib/patterns/**", "lib/csv/**", "lib/state-machine/**"],
    rules: {
      "boundaries/shared-no-domains": [
        "error",
        { regex: `${lib(anyDomain)}(?:/|$)`, message: "a shared library imports no domain; domains import it." },
      ],
    },
  },
  {
    files: ["app/**", "components/**"],
    rules: {
      "boundaries/ui-no-data-access": [
        "error",
        {
          regex: `${lib("platform/(?:db|create-prisma-client)")}$`,
          message: "app/ and components/ never touch the database; call a use case or a platform read (listAuditEvents, checkDatabaseHealth).",
        },
        { regex: `${lib("generated")}(?:/|$)`, message: "app/ and components/ never use the Prisma client; only adapters/ do." },
        { regex: "(?:^|/)adapters(?:/|$)", message: "app/ and components/ never import an adapter; call a use case with the domain's deps." },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "boundaries/components-no-app": [
        "error",
        { regex: "^(?:@/|(?:\\.\\./)+)app(?:/|$)", message: "components/ never import from app/; pass what they need as props." },
      ],
    },
  },
  {
    files: ["lib/platform/**"],
    rules: {
      "boundaries/platform-no-domains": [
        "error",
        {
          regex: `${lib(`${anyDomain}|register-domains`)}(?:/|$)`,
          message: "lib/platform imports no domain; a domain registers itself in lib/register-domains.ts.",
        },
      ],
    },
  },
  ...DOMAINS.map((domain) => ({
    files: [`lib/${domain}/**`],
    // Integration tests compose real adapters of several domains, as the composition root does.
    ignores: ["**/*.test.ts"],
    rules: {
      "boundaries/domain-public-entry": [
        "error",
        {
          regex: `${lib(DOMAINS.filter((d) => d !== domain).join("|"))}/.`,
          message: "another domain is imported through its public entry only, e.g. '@/lib/catalogue' (lib/catalogue/index.ts).",
        },
      ],
    },
  })),
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".bulkhead/**",
      ".node24/**",
      "lib/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "prisma/engine/**",
    ],
  },
  {
    plugins: { boundaries: boundariesPlugin },
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
  ...boundaries,
];

export default config;
