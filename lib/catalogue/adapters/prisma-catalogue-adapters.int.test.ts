import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectTestDb } from "@/test/db";
import { moduleDocs } from "@/test/fixtures/catalogue/module-docs";
import { moduleInput } from "@/test/fixtures/catalogue/module-input";
import { AppError } from "@/lib/errors/app-error";
import type { StoredSource } from "../ports";
import { createPrismaCatalogueReader } from "./prisma-catalogue-reader";
import { createPrismaCatalogueStore } from "./prisma-catalogue-store";

// Its own owner, so that other test files sharing this database never see these rows.
const owner = `adapters-it-${randomBytes(4).toString("hex")}`;
const actor = { id: null, label: "test:admin" };
const db = connectTestDb();
const store = createPrismaCatalogueStore({ db, databaseUrl: inject("databaseUrl") });
const reader = createPrismaCatalogueReader(db);
let source: StoredSource;
let moduleId: string;
const ids: Record<string, string> = {};

async function addVersion(version: string, extra: { changelog?: string; broken?: boolean } = {}) {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  const errors = extra.broken ? [{ file: "main.tf", line: 7, message: "Unclosed block" }] : [];
  await store.insertVersion({
    moduleId,
    version,
    tag: `vpc/v${version}`,
    commitSha: `${version}`.padEnd(40, "0"),
    major,
    minor,
    patch,
    prerelease: null,
    docs: moduleDocs({ inputs: [moduleInput(`input_${major}_${minor}`, { defaultJson: { nested: [1, null] } })], changelog: extra.changelog ?? null, errors }),
    errors,
    publishedAt: new Date("2026-01-02T03:04:05Z"),
  });
  const row = await db.moduleVersion.findUniqueOrThrow({ where: { moduleId_version: { moduleId, version } }, select: { id: true } });
  ids[version] = row.id;
}

beforeAll(async () => {
  const created = await store.createSource({ source: { owner, repo: "iac-modules", layout: "monorepo", modulesDir: "modules" }, actor });
  if (!created) throw new Error("source not created");
  source = created;
  ({ id: moduleId } = await store.ensureModule({ sourceId: source.id, name: "vpc", path: "modules/vpc", provider: "aws" }));
  await addVersion("1.0.0", { changelog: "## 1.0.0\n\n- First" });
  await addVersion("1.1.0", { changelog: "## 1.1.0\n\n- Flow logs", broken: true });
  await addVersion("1.2.0");
  await store.saveDerivedFields(moduleId, { latestVersion: "1.2.0", description: "VPC", searchText: "vpc", category: "networking", provider: "aws" });
});

afterAll(async () => {
  await db.moduleVersion.deleteMany({ where: { module: { source: { owner } } } });
  await db.module.deleteMany({ where: { source: { owner } } });
  await db.syncRun.deleteMany({ where: { source: { owner } } });
  await db.moduleSource.deleteMany({ where: { owner } });
  await db.$disconnect();
});

describe("PrismaCatalogueStore admin writes", () => {
  it("adds a source once, audited, and returns null for the same repo in any casing", async () => {
    expect(await store.createSource({ source: { owner: owner.toUpperCase(), repo: "IAC-MODULES", layout: "repo", modulesDir: "" }, actor })).toBeNull();
    const events = await db.auditEvent.findMany({ where: { action: "catalogue.source.create", subjectId: source.id } });
    expect(events.map((e) => e.after)).toEqual([{ id: source.id, owner, repo: "iac-modules", layout: "monorepo", modulesDir: "modules", enabled: true }]);
  });

  it("switches a source off and on, auditing changes only", async () => {
    expect(await store.setSourceEnabled({ sourceId: source.id, enabled: false, actor })).toBe("updated");
    expect(await store.setSourceEnabled({ sourceId: source.id, enabled: false, actor })).toBe("unchanged");
    expect(await store.setSourceEnabled({ sourceId: source.id, enabled: true, actor })).toBe("updated");
    expect(await store.setSourceEnabled({ sourceId: "00000000-0000-4000-8000-000000000000", enabled: true, actor })).toBe("not-found");
    expect(await db.auditEvent.count({ where: { action: "catalogue.source.update", subjectId: source.id } })).toBe(2);
  });

  it("changes a version's status with the latest version recomputed, and writes nothing when refused", async () => {
    const refused = store.changeVersionStatus({
      versionId: ids["1.2.0"]!,
      action: "catalogue.version.deprecate",
      actor,
      decide: () => {
        throw new AppError("CONFLICT", "no");
      },
    });
    await expect(refused).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.auditEvent.count({ where: { subjectId: ids["1.2.0"] } })).toBe(0);

    let seen: unknown;
    const changed = await store.changeVersionStatus({
      versionId: ids["1.2.0"]!,
      action: "catalogue.version.deprecate",
      actor,
      decide: (current) => ((seen = current), { status: "deprecated", statusReason: "Use 2.x", upgradeDeadline: null }),
    });
    expect(changed).toBe(true);
    expect(seen).toEqual({ status: "active", statusReason: null, upgradeDeadline: null, version: "1.2.0" });
    expect((await db.module.findUniqueOrThrow({ where: { id: moduleId } })).latestVersion).toBe("1.1.0");
    const [event] = await db.auditEvent.findMany({ where: { action: "catalogue.version.deprecate", subjectId: ids["1.2.0"] } });
    expect(event).toMatchObject({ before: { status: "active", statusReason: null }, after: { status: "deprecated", statusReason: "Use 2.x" } });

    await store.changeVersionStatus({ versionId: ids["1.2.0"]!, action: "catalogue.version.reactivate", actor, decide: () => ({ status: "active", statusReason: null, upgradeDeadline: null }) });
    expect((await db.module.findUniqueOrThrow({ where: { id: moduleId } })).latestVersion).toBe("1.2.0");
    expect(await store.changeVersionStatus({ versionId: "00000000-0000-4000-8000-000000000000", action: "x", actor, decide: (c) => c })).toBe(false);
  });
});

describe("PrismaCatalogueReader", () => {
  it("finds a module with every version, and reads one version's docs back as stored", async () => {
    const found = await reader.findModule({ owner, repo: "iac-modules", module: "vpc" });
    expect(found?.module).toMatchObject({ id: moduleId, name: "vpc", path: "modules/vpc", category: "networking", source: { owner, repo: "iac-modules", layout: "monorepo" } });
    expect(found?.versions.map((v) => v.version).sort()).toEqual(["1.0.0", "1.1.0", "1.2.0"]);
    expect(found?.versions.find((v) => v.version === "1.1.0")).toMatchObject({ hasErrors: true, prerelease: false, publishedAt: "2026-01-02T03:04:05.000Z" });
    expect(await reader.findModule({ owner, repo: "iac-modules", module: "nope" })).toBeNull();

    const content = await reader.getVersionContent(ids["1.1.0"]!);
    expect(content?.docs.inputs).toEqual([moduleInput("input_1_1", { defaultJson: { nested: [1, null] } })]);
    expect(content?.storedErrors).toEqual([{ file: "main.tf", line: 7, message: "Unclosed block" }]);
    expect(content?.commitSha).toBe("1.1.0".padEnd(40, "0"));
  });

  it("reads the docs of the compared versions only, and every version's changelog", async () => {
    const { docs, changelogs } = await reader.readComparison({ moduleId, versionIds: [ids["1.0.0"]!, ids["1.2.0"]!] });
    expect([...docs.keys()].sort()).toEqual([ids["1.0.0"], ids["1.2.0"]].sort());
    expect(docs.get(ids["1.0.0"]!)?.changelog).toBe("## 1.0.0\n\n- First");
    expect(changelogs.sort((a, b) => a.version.localeCompare(b.version))).toEqual([
      { version: "1.0.0", changelog: "## 1.0.0\n\n- First" },
      { version: "1.1.0", changelog: "## 1.1.0\n\n- Flow logs" },
      { version: "1.2.0", changelog: null },
    ]);
  });

  it("shows the admin screen's sources, counts and broken versions with their errors", async () => {
    const view = await reader.getAdminView({ runsPerSource: 5, versionLimit: 10_000 });
    expect(view.sources.find((s) => s.id === source.id)).toMatchObject({ owner, moduleCount: 1, versionCount: 3, enabled: true, recentRuns: [] });
    expect(view.brokenVersions.filter((v) => v.source === `${owner}/iac-modules`)).toEqual([
      expect.objectContaining({ moduleName: "vpc", version: "1.1.0", errors: [{ file: "main.tf", line: 7, message: "Unclosed block" }] }),
    ]);
    expect(view.versions.filter((v) => v.source === `${owner}/iac-modules`).map((v) => v.version)).toEqual(["1.2.0", "1.1.0", "1.0.0"]);
  });

  it("finds a registry module by namespace and provider in any casing, with its versions", async () => {
    const found = await reader.findRegistryModule({ namespace: owner.toUpperCase(), name: "vpc", provider: "AWS" });
    expect(found).toMatchObject({ id: moduleId, path: "modules/vpc", source: { owner, repo: "iac-modules" } });
    expect(found?.versions.map((v) => v.tag).sort()).toEqual(["vpc/v1.0.0", "vpc/v1.1.0", "vpc/v1.2.0"]);
    expect(await reader.findRegistryModule({ namespace: owner, name: "vpc", provider: "google" })).toBeNull();
  });
});
