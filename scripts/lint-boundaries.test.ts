// Proves that each import boundary of eslint.config.mjs bites: a deliberate violation of every
// rule is written into the tree where the rule applies, linted with the project's own config
// through the ESLint Node API, and removed again. A probe of allowed imports must stay clean,
// so a rule that forbade everything would fail here too.
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { ESLint } from "eslint";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({ cwd: root });
const written = new Set<string>();
// .gitignore keeps a probe that a crashed run left behind out of commits.
const probeName = (ext: string) => `lint-probe-${randomUUID().slice(0, 8)}.${ext}`;

afterAll(() => {
  for (const file of written) rmSync(file, { force: true });
});

interface Finding {
  line: number;
  rule: string;
  message: string;
}

/** Writes `lines` to `<folder>/lint-probe-*.ts`, lints it, removes it, and returns the boundary findings. */
async function lintProbe(folder: string, lines: string[], ext = "ts"): Promise<Finding[]> {
  const file = path.join(root, folder, probeName(ext));
  written.add(file);
  try {
    writeFileSync(file, `${lines.join("\n")}\n`);
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? [])
      .filter((m) => m.ruleId?.startsWith("boundaries/"))
      .map((m) => ({ line: m.line, rule: m.ruleId!, message: m.message }));
  } finally {
    rmSync(file, { force: true });
    written.delete(file);
  }
}

const rulesByLine = (findings: Finding[]) => findings.map((f) => [f.line, f.rule]);

describe("import boundaries (eslint.config.mjs)", { timeout: 120_000 }, () => {
  it("boundaries/pure-core: lib/*/core and lib/hcl import no framework, Prisma, SDK, platform or adapter", async () => {
    const core = await lintProbe("lib/catalogue/core", [
      'import "next/navigation";',
      'import "react";',
      'import "@prisma/client";',
      'import type { Prisma } from "@/lib/generated/prisma/client";',
      'import "@octokit/core";',
      'import "@aws-sdk/client-organizations";',
      'import "@/lib/platform/logger";',
      'import "../../platform/env";',
      'import "../adapters/github-module-source";',
      "export type Probe = Prisma.JsonValue;",
    ]);
    expect(rulesByLine(core)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((line) => [line, "boundaries/pure-core"]));
    expect(core[0]!.message).toBe("'next/navigation' may not be imported here: pure code has no Next.js or React.");
    expect(core[6]!.message).toContain("pure code does not import lib/platform");
    expect(core[8]!.message).toContain("pure code does not import an adapter");

    const hcl = await lintProbe("lib/hcl", ['export const load = () => import("@/lib/platform/db");']);
    expect(rulesByLine(hcl)).toEqual([[1, "boundaries/pure-core"]]);

    const patterns = await lintProbe("lib/patterns", ['import "@/lib/platform/logger";']);
    expect(rulesByLine(patterns)).toEqual([[1, "boundaries/pure-core"]]);
  });

  it("boundaries/shared-no-domains: lib/hcl and lib/errors import no domain", async () => {
    const findings = await lintProbe("lib/errors", ['export { catalogueDomain } from "@/lib/catalogue";']);
    expect(rulesByLine(findings)).toEqual([[1, "boundaries/shared-no-domains"]]);
    expect(findings[0]!.message).toContain("a shared library imports no domain");
    const patterns = await lintProbe("lib/patterns", ['import "@/lib/vending";']);
    expect(rulesByLine(patterns)).toEqual([[1, "boundaries/shared-no-domains"]]);
    const csv = await lintProbe("lib/csv", ['import "@/lib/governance";', 'import "@/lib/platform/db";']);
    expect(rulesByLine(csv)).toEqual([
      [1, "boundaries/shared-no-domains"],
      [2, "boundaries/pure-core"],
    ]);
  });

  it("boundaries/ui-no-data-access: app/ and components/ never reach the database client, Prisma or an adapter", async () => {
    const app = await lintProbe("app", [
      'import { getDb } from "@/lib/platform/db";',
      'import type { Db } from "../lib/platform/create-prisma-client";',
      'import "@/lib/generated/prisma/client";',
      'import "@/lib/catalogue/adapters/create-catalogue-deps";',
      "export const probe: Db = getDb();",
    ]);
    expect(rulesByLine(app)).toEqual([1, 2, 3, 4].map((line) => [line, "boundaries/ui-no-data-access"]));
    expect(app[0]!.message).toContain("app/ and components/ never touch the database");

    const components = await lintProbe("components", ['import "@/lib/platform/db";'], "tsx");
    expect(rulesByLine(components)).toEqual([[1, "boundaries/ui-no-data-access"]]);
  });

  it("boundaries/components-no-app: components/ never import from app/", async () => {
    const findings = await lintProbe("components/admin", ['export { signOutAction } from "@/app/(portal)/actions";', 'import "../../app/layout";']);
    expect(rulesByLine(findings)).toEqual([
      [1, "boundaries/components-no-app"],
      [2, "boundaries/components-no-app"],
    ]);
    expect(findings[0]!.message).toContain("components/ never import from app/");
  });

  it("boundaries/platform-no-domains: lib/platform imports no domain and not the composition root", async () => {
    const findings = await lintProbe("lib/platform/jobs", [
      'import "@/lib/scaffold/scaffold-jobs";',
      'export const load = () => import("../../catalogue/handle-tag-webhook");',
      'import "@/lib/register-domains";',
      'import "@/lib/vending";',
    ]);
    expect(rulesByLine(findings)).toEqual([1, 2, 3, 4].map((line) => [line, "boundaries/platform-no-domains"]));
    expect(findings[0]!.message).toContain("a domain registers itself in lib/register-domains.ts");
  });

  it("boundaries/domain-public-entry: a domain imports another only through lib/<domain>/index.ts", async () => {
    const findings = await lintProbe("lib/workloads", [
      'import "@/lib/catalogue/core/extract-module-docs";',
      'import "../scaffold/ports";',
      'import "@/lib/scaffold/index";',
      'import "@/lib/catalogue";',
      'import "../scaffold";',
      'import "@/lib/workloads/list-workloads";',
    ]);
    expect(rulesByLine(findings)).toEqual([1, 2, 3].map((line) => [line, "boundaries/domain-public-entry"]));
    expect(findings[0]!.message).toContain("another domain is imported through its public entry only");
  });

  it("lets allowed imports through: shared libraries, a domain's own folders, public entries, use cases from app/", async () => {
    const core = await lintProbe("lib/scaffold/core", [
      'import "zod";',
      'import "@/lib/hcl/parse-hcl";',
      'import "@/lib/errors/app-error";',
      'import "./validate-inputs";',
      'import "@/lib/scaffold/core/parse-cidr";',
      'import "@/lib/patterns";',
      'import "@/lib/csv";',
    ]);
    const domain = await lintProbe("lib/scaffold", ['import "@/lib/catalogue";', 'import "./adapters/prisma-scaffold-store";', 'import "@/lib/platform/db";']);
    const platform = await lintProbe("lib/platform", ['import "./domains/domain-registry";', 'import "@/lib/hcl/parse-hcl";', 'import "@/lib/patterns";', 'import "@/lib/csv";']);
    const app = await lintProbe("app", ['import "@/lib/platform/list-audit-events";', 'import "@/lib/catalogue/search-modules";', 'import "@/components/ui/button";']);
    expect([...core, ...domain, ...platform, ...app]).toEqual([]);
  });
});
