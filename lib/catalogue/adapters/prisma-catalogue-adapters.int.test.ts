import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import { moduleDocs } from "@/test/fixtures/catalogue/module-docs";
import { moduleInput } from "@/test/fixtures/catalogue/module-input";
import { AppError } from "@/lib/errors/app-error";
import { deriveVersionFields, DERIVED_FIELDS_VERSION } from "../derive-module-fields";
import type { StoredSource, VersionStatusState } from "../ports";
import { createPrismaCatalogueReader } from "./prisma-catalogue-reader";
import { createPrismaCatalogueStore } from "./prisma-catalogue-store";

// Its own owner, so that other test files sharing this database never see these rows.
const owner = `adapters-it-${randomBytes(4).toString("hex")}`;
const actor = { id: null, label: "test:admin" };
const db = connectTestDb();
const store = createPrismaCatalogueStore({ db, databaseUrl: testDatabaseUrl() });
const reader = createPrismaCatalogueReader(db);
let source: StoredSource;
let moduleId: string;
const ids: Record<string, string> = {};

async function addVersion(version: string, extra: { changelog?: string; broken?: boolean } = {}) {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  const errors = extra.broken ? [{ file: "main.tf", line: 7, message: "Unclosed block" }] : [];
  await store.insertVersions([{
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
  }]);
  const row = await db.moduleVersion.findUniqueOrThrow({ where: { moduleId_version: { moduleId, version } }, select: { id: true } });
  ids[version] = row.id;
}

beforeAll(async () => {
  const created = await store.createSource({ source: { owner, repo: "iac-modules", layout: "monorepo", modulesDir: "modules", defaultOwners: [] }, actor });
  if (!created) throw new Error("source not created");
  source = created;
  ({ id: moduleId } = await store.ensureModule({ sourceId: source.id, name: "vpc", path: "modules/vpc", provider: "aws" }));
  await addVersion("1.0.0", { changelog: "## 1.0.0\n\n- First" });
  await addVersion("1.1.0", { changelog: "## 1.1.0\n\n- Flow logs", broken: true });
  await addVersion("1.2.0");
  await store.saveDerivedFields([
    {
      moduleId,
      fields: {
        ...deriveVersionFields([
          { version: "1.0.0", status: "active", prerelease: null },
          { version: "1.1.0", status: "active", prerelease: null },
          { version: "1.2.0", status: "active", prerelease: null },
        ]),
        description: "VPC",
        searchText: "vpc",
        keywords: "input_1_0",
        category: "networking",
        provider: "aws",
        derivedVersion: DERIVED_FIELDS_VERSION,
      },
    },
  ]);
});

afterAll(async () => {
  await db.moduleVersion.deleteMany({ where: { module: { source: { owner } } } });
  await db.module.deleteMany({ where: { source: { owner } } });
  await db.syncRun.deleteMany({ where: { source: { owner } } });
  await db.moduleSource.deleteMany({ where: { owner } });
  await db.$disconnect();
});

describe("PrismaCatalogueStore sync writes", () => {
  it("inserts a batch of versions once, skipping ones a concurrent sync stored first", async () => {
    const stored = await db.moduleVersion.findUniqueOrThrow({ where: { id: ids["1.1.0"]! } });
    expect(stored).toMatchObject({ tag: "vpc/v1.1.0", major: 1, minor: 1, patch: 0, prerelease: null, status: "active", hasErrors: true, errors: [{ file: "main.tf", line: 7, message: "Unclosed block" }] });
    expect(stored.publishedAt).toEqual(new Date("2026-01-02T03:04:05Z"));
    expect((await db.moduleVersion.findUniqueOrThrow({ where: { id: ids["1.2.0"]! } })).errors).toBeNull();
    const duplicate = { moduleId, version: "1.2.0", tag: "other", commitSha: "f".repeat(40), major: 1, minor: 2, patch: 0, prerelease: null, docs: moduleDocs(), errors: [], publishedAt: null };
    const fresh = { ...duplicate, version: "1.3.0-rc.1", tag: "vpc/v1.3.0-rc.1", minor: 3, prerelease: "rc.1" };
    expect(await store.insertVersions([duplicate, fresh])).toEqual(new Set([`${moduleId}@1.3.0-rc.1`]));
    expect((await db.moduleVersion.findUniqueOrThrow({ where: { id: ids["1.2.0"]! } })).tag).toBe("vpc/v1.2.0");
    await db.moduleVersion.delete({ where: { moduleId_version: { moduleId, version: "1.3.0-rc.1" } } });
    const existing = await db.moduleVersion.findUniqueOrThrow({ where: { id: ids["1.0.0"] } });
    const again = await store.insertVersions([
      { moduleId, version: "1.0.0", tag: "vpc/v1.0.0", commitSha: "f".repeat(40), major: 1, minor: 0, patch: 0, prerelease: null, docs: moduleDocs(), errors: [], publishedAt: null },
    ]);
    expect(again).toEqual(new Set());
    expect((await db.moduleVersion.findUniqueOrThrow({ where: { id: ids["1.0.0"] } })).commitSha).toBe(existing.commitSha);
  });
});

describe("PrismaCatalogueStore sync lock", () => {
  it("holds one sync per source, and survives the server dropping its connection mid-sync", async () => {
    const sourceId = randomUUID();
    const result = await store.withSourceLock(sourceId, async () => {
      // A second sync of the same source is refused while the first holds the lock.
      expect(await store.withSourceLock(sourceId, async () => "second")).toBeNull();
      const [row] = await db.$queryRaw<Array<{ terminated: boolean }>>`
        SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
        WHERE application_name = 'bulkhead-sync-lock' AND pid <> pg_backend_pid() AND datname = current_database()`;
      expect(row?.terminated).toBe(true);
      // Give pg time to notice the closed socket: without a listener its 'error' event crashes the process.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return "synced";
    });
    expect(result).toBe("synced");
    // The lock went with the session: the next sync takes it.
    expect(await store.withSourceLock(sourceId, async () => "next")).toBe("next");
  });

  it("gives up on a frozen database after the configured connect timeout", async () => {
    const sockets: net.Socket[] = [];
    const frozen = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => frozen.listen(0, "127.0.0.1", resolve));
    try {
      const port = (frozen.address() as net.AddressInfo).port;
      const frozenStore = createPrismaCatalogueStore({
        db,
        databaseUrl: `postgresql://bulkhead@127.0.0.1:${port}/frozen`,
        timeouts: { connectMs: 300, statementMs: 1_000, idleInTransactionMs: 1_000 },
      });
      const started = Date.now();
      await expect(frozenStore.withSourceLock(randomUUID(), async () => "never")).rejects.toThrow(/timeout/i);
      // The default connect timeout is 5 s: well past this.
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => frozen.close(() => resolve()));
    }
  });
});

describe("PrismaCatalogueStore admin writes", () => {
  it("adds a source once, audited, and returns null for the same repo in any casing", async () => {
    expect(await store.createSource({ source: { owner: owner.toUpperCase(), repo: "IAC-MODULES", layout: "repo", modulesDir: "", defaultOwners: [] }, actor })).toBeNull();
    const events = await db.auditEvent.findMany({ where: { action: "catalogue.source.create", subjectId: source.id } });
    expect(events.map((e) => e.after)).toEqual([{ id: source.id, owner, repo: "iac-modules", layout: "monorepo", modulesDir: "modules", enabled: true, defaultOwners: [] }]);
  });

  it("switches a source off and on, auditing changes only", async () => {
    expect(await store.setSourceEnabled({ sourceId: source.id, enabled: false, actor })).toBe("updated");
    expect(await store.setSourceEnabled({ sourceId: source.id, enabled: false, actor })).toBe("unchanged");
    expect(await store.setSourceEnabled({ sourceId: source.id, enabled: true, actor })).toBe("updated");
    expect(await store.setSourceEnabled({ sourceId: "00000000-0000-4000-8000-000000000000", enabled: true, actor })).toBe("not-found");
    expect(await db.auditEvent.count({ where: { action: "catalogue.source.update", subjectId: source.id } })).toBe(2);
  });

  it("sets a source's default owners, auditing changes only", async () => {
    expect(await store.setSourceDefaultOwners({ sourceId: source.id, owners: ["@acme/platform"], actor })).toBe("updated");
    expect(await store.setSourceDefaultOwners({ sourceId: source.id, owners: ["@acme/platform"], actor })).toBe("unchanged");
    expect((await store.getSource(source.id))?.defaultOwners).toEqual(["@acme/platform"]);
    const [event] = await db.auditEvent.findMany({ where: { action: "catalogue.source.update", subjectId: source.id }, orderBy: { id: "desc" }, take: 1 });
    expect(event).toMatchObject({ before: { defaultOwners: [] }, after: { defaultOwners: ["@acme/platform"] } });
    expect(await store.setSourceDefaultOwners({ sourceId: source.id, owners: [], actor })).toBe("updated");
  });

  it("changes a version's status with latest version, counts and module status recomputed, and writes nothing when refused", async () => {
    const generation = await reader.getCatalogueGeneration();
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
    expect(await reader.getCatalogueGeneration()).toBe(generation);

    const cleared = { statusReason: null, upgradeDeadline: null, severity: null, advisoryUrl: null, fixedIn: null };
    let seen: unknown;
    const vulnerable: VersionStatusState = {
      status: "vulnerable",
      statusReason: "Open security group",
      upgradeDeadline: new Date("2027-01-31T00:00:00Z"),
      severity: "high",
      advisoryUrl: "https://www.cve.org/CVERecord?id=CVE-2026-1",
      fixedIn: "1.2.0",
    };
    expect(await store.changeVersionStatus({ versionId: ids["1.1.0"]!, action: "catalogue.version.flag-vulnerable", actor, decide: (c) => ((seen = c), vulnerable) })).toBe(true);
    expect(seen).toEqual({ status: "active", ...cleared, version: "1.1.0", siblings: expect.arrayContaining(["1.0.0", "1.1.0", "1.2.0"]) });
    const changed = await store.changeVersionStatus({
      versionId: ids["1.2.0"]!,
      action: "catalogue.version.deprecate",
      actor,
      decide: () => ({ status: "deprecated", ...cleared, statusReason: "Use 2.x" }),
    });
    expect(changed).toBe(true);
    expect(BigInt(await reader.getCatalogueGeneration())).toBeGreaterThan(BigInt(generation));
    expect(await db.module.findUniqueOrThrow({ where: { id: moduleId } })).toMatchObject({
      latestVersion: "1.0.0",
      status: "active",
      versionCount: 3,
      deprecatedCount: 1,
      vulnerableCount: 1,
    });
    const [event] = await db.auditEvent.findMany({ where: { action: "catalogue.version.flag-vulnerable", subjectId: ids["1.1.0"] } });
    expect(event).toMatchObject({
      before: { status: "active", ...cleared },
      after: { ...vulnerable, upgradeDeadline: "2027-01-31T00:00:00.000Z" },
      metadata: { version: "1.1.0" },
    });

    // The module is deprecated once no listed version is active.
    await store.changeVersionStatus({ versionId: ids["1.0.0"]!, action: "catalogue.version.deprecate", actor, decide: () => ({ status: "deprecated", ...cleared, statusReason: "old" }) });
    expect(await db.module.findUniqueOrThrow({ where: { id: moduleId } })).toMatchObject({ latestVersion: null, status: "deprecated" });

    for (const version of ["1.0.0", "1.1.0", "1.2.0"]) {
      await store.changeVersionStatus({ versionId: ids[version]!, action: "catalogue.version.reactivate", actor, decide: () => ({ status: "active", ...cleared }) });
    }
    expect(await db.module.findUniqueOrThrow({ where: { id: moduleId } })).toMatchObject({ latestVersion: "1.2.0", status: "active", deprecatedCount: 0, vulnerableCount: 0 });
    expect(await store.changeVersionStatus({ versionId: "00000000-0000-4000-8000-000000000000", action: "x", actor, decide: (c) => c })).toBe(false);
  });

  it("withdraws and restores versions for the sync, one audit event each", async () => {
    await store.setVersionsStatus({ ids: [ids["1.0.0"]!], status: "withdrawn", reason: "The tag was deleted.", actor });
    await store.setVersionsStatus({ ids: [ids["1.0.0"]!], status: "active", reason: null, actor });
    const events = await db.auditEvent.findMany({ where: { subjectId: ids["1.0.0"], action: { in: ["catalogue.version.withdraw", "catalogue.version.restore"] } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, (e.before as { status: string }).status, (e.after as { status: string }).status])).toEqual([
      ["catalogue.version.withdraw", "active", "withdrawn"],
      ["catalogue.version.restore", "withdrawn", "active"],
    ]);
  });

  it("fills in a release date, lists the source's modules and writes owners", async () => {
    await store.setPublishedAt({ versionId: ids["1.0.0"]!, publishedAt: new Date("2025-05-05T05:05:05Z") });
    expect((await store.listKnownVersions(source.id)).find((v) => v.id === ids["1.0.0"])).toMatchObject({ hasPublishedAt: true });
    expect(await store.listSourceModules(source.id)).toEqual([{ id: moduleId, name: "vpc", path: "modules/vpc", owners: [], ownersOrigin: null }]);
    await store.saveModuleOwners([{ moduleId, owners: ["@acme/networking"], ownersOrigin: "codeowners" }]);
    expect(await store.listSourceModules(source.id)).toEqual([{ id: moduleId, name: "vpc", path: "modules/vpc", owners: ["@acme/networking"], ownersOrigin: "codeowners" }]);
  });

  it("re-derives modules derived by older rules, and keeps 'updated' when nothing about the versions changed", async () => {
    expect(await store.listStaleModules({ sourceId: source.id, derivedVersion: DERIVED_FIELDS_VERSION })).toEqual([]);
    expect(await store.listStaleModules({ sourceId: source.id, derivedVersion: DERIVED_FIELDS_VERSION + 1 })).toEqual([{ id: moduleId, name: "vpc" }]);
    const before = await db.module.findUniqueOrThrow({ where: { id: moduleId } });
    const rows = await store.listModuleVersions([moduleId, "00000000-0000-4000-8000-000000000000"]);
    expect(rows.get("00000000-0000-4000-8000-000000000000")).toEqual([]);
    const versions = rows.get(moduleId)!;
    expect(versions.map((v) => v.version).sort()).toEqual(["1.0.0", "1.1.0", "1.2.0"]);
    const fields = {
      ...deriveVersionFields(versions),
      description: "VPC again",
      searchText: "vpc",
      keywords: "",
      category: "networking",
      provider: "aws",
      derivedVersion: DERIVED_FIELDS_VERSION,
    };
    await store.saveDerivedFields([{ moduleId, fields }]);
    const after = await db.module.findUniqueOrThrow({ where: { id: moduleId } });
    expect(after).toMatchObject({ description: "VPC again", keywords: "", latestVersion: "1.2.0", versionCount: 3, status: "active", derivedVersion: DERIVED_FIELDS_VERSION });
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.derivedAt.getTime()).toBeGreaterThanOrEqual(before.derivedAt.getTime());

    // A change in the versions moves "updated"; the fields of the next test are restored after.
    await store.saveDerivedFields([{ moduleId, fields: { ...fields, versionCount: 2 } }]);
    const changed = await db.module.findUniqueOrThrow({ where: { id: moduleId } });
    expect(changed.versionCount).toBe(2);
    expect(changed.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    await store.saveDerivedFields([{ moduleId, fields }]);
  });
});

describe("PrismaCatalogueReader", () => {
  it("finds a module with every version, and reads one version's docs back as stored", async () => {
    const found = await reader.findModule({ owner, repo: "iac-modules", module: "vpc" });
    expect(found?.module).toMatchObject({
      id: moduleId,
      name: "vpc",
      path: "modules/vpc",
      category: "networking",
      source: { owner, repo: "iac-modules", layout: "monorepo" },
      owners: ["@acme/networking"],
      ownersOrigin: "codeowners",
    });
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
    expect(view.flaggedVersions.filter((v) => v.source === `${owner}/iac-modules`)).toEqual([]);
    const cleared = { statusReason: null, upgradeDeadline: null, severity: null, advisoryUrl: null, fixedIn: null };
    await store.changeVersionStatus({ versionId: ids["1.0.0"]!, action: "catalogue.version.deprecate", actor, decide: () => ({ status: "deprecated", ...cleared, statusReason: "old" }) });
    await store.changeVersionStatus({ versionId: ids["1.1.0"]!, action: "catalogue.version.flag-vulnerable", actor, decide: () => ({ status: "vulnerable", ...cleared, statusReason: "bad", severity: "low" }) });
    try {
      const flagged = (await reader.getAdminView({ runsPerSource: 5, versionLimit: 10_000 })).flaggedVersions.filter((v) => v.owner === owner);
      expect(flagged.map((v) => [v.version, v.status, v.repo])).toEqual([
        ["1.1.0", "vulnerable", "iac-modules"],
        ["1.0.0", "deprecated", "iac-modules"],
      ]);
      expect(flagged[0]).toMatchObject({ severity: "low", statusReason: "bad" });
    } finally {
      for (const version of ["1.0.0", "1.1.0"]) {
        await store.changeVersionStatus({ versionId: ids[version]!, action: "catalogue.version.reactivate", actor, decide: () => ({ status: "active", ...cleared }) });
      }
    }
  });

  it("lists the units that consume each version, with their workload", async () => {
    const team = await db.team.create({ data: { slug: `${owner}-team`, name: "Team" } });
    const workload = await db.workload.create({ data: { slug: `${owner}-wl`, name: "Payments IT", teamId: team.id } });
    try {
      await db.consumption.createMany({
        data: [
          { workloadId: workload.id, env: "dev", region: "eu-west-1", unitPath: "dev/eu-west-1/vpc", file: "dev/eu-west-1/vpc/terragrunt.hcl", moduleVersionId: ids["1.0.0"], source: "git::x", ref: "vpc/v1.0.0", commitSha: "c", recordedBy: "scan" },
          { workloadId: workload.id, env: "prod", region: "eu-west-1", unitPath: "prod/eu-west-1/vpc", file: "prod/eu-west-1/vpc/terragrunt.hcl", moduleVersionId: ids["1.2.0"], source: "git::x", ref: "vpc/v1.2.0", commitSha: "c", recordedBy: "scaffold" },
          { workloadId: workload.id, env: "stage", region: "eu-west-1", unitPath: "stage/eu-west-1/vpc", file: "stage/eu-west-1/vpc/terragrunt.hcl", moduleVersionId: ids["1.0.0"], source: "git::x", ref: "vpc/v1.0.0", commitSha: "c", recordedBy: "scan", endedAt: new Date(), endedReason: "unit_removed", endedBy: "system:scan" },
          { workloadId: workload.id, env: "dev", region: "eu-west-1", unitPath: "dev/eu-west-1/own", file: "dev/eu-west-1/own/terragrunt.hcl", moduleVersionId: null, source: "../own", commitSha: "c", recordedBy: "scan" },
        ],
      });
      const consumers = await reader.listModuleConsumers(moduleId);
      expect(consumers.map((c) => [c.version, c.workload.name, c.env, c.unitPath, c.recordedBy])).toEqual([
        ["1.0.0", "Payments IT", "dev", "dev/eu-west-1/vpc/terragrunt.hcl", "scan"],
        ["1.2.0", "Payments IT", "prod", "prod/eu-west-1/vpc/terragrunt.hcl", "scaffold"],
      ]);
      expect(consumers[0]).toMatchObject({ versionId: ids["1.0.0"], workload: { slug: `${owner}-wl` }, region: "eu-west-1", recordedAt: expect.any(String) });
    } finally {
      await db.consumption.deleteMany({ where: { workloadId: workload.id } });
      await db.workload.delete({ where: { id: workload.id } });
      await db.team.delete({ where: { id: team.id } });
    }
  });

  it("finds a registry module by namespace and provider in any casing, with its versions", async () => {
    const found = await reader.findRegistryModule({ namespace: owner.toUpperCase(), name: "vpc", provider: "AWS" });
    expect(found).toMatchObject({ id: moduleId, path: "modules/vpc", source: { owner, repo: "iac-modules" } });
    expect(found?.versions.map((v) => v.tag).sort()).toEqual(["vpc/v1.0.0", "vpc/v1.1.0", "vpc/v1.2.0"]);
    expect(found?.versions.find((v) => v.version === "1.1.0")).toMatchObject({ hasErrors: true, status: "active", severity: null, fixedIn: null });
    expect(await reader.findRegistryModule({ namespace: owner, name: "vpc", provider: "google" })).toBeNull();
  });
});
