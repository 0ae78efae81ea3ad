import { describe, expect, it } from "vitest";
import type { AuditActor } from "../platform/audit";
import type {
  CatalogueStore,
  KnownVersion,
  ModuleSnapshot,
  ModuleSource,
  DerivedModuleFields,
  NewModuleVersion,
  SourceTag,
  StoredSource,
  SyncCounts,
} from "./ports";
import { syncModuleSource } from "./sync-module-source";

interface FakeVersion extends NewModuleVersion {
  id: string;
  status: "active" | "deprecated" | "vulnerable" | "withdrawn";
}

interface FakeModule {
  id: string;
  name: string;
  path: string;
  provider: string;
  derived?: DerivedModuleFields;
  owners: string[];
  ownersOrigin: "codeowners" | "source" | null;
}

function createFakeStore(source: StoredSource) {
  const modules = new Map<string, FakeModule>();
  const versions: FakeVersion[] = [];
  const statusChanges: Array<{ ids: string[]; status: string; actor: AuditActor }> = [];
  const ownerWrites: Array<Array<{ moduleId: string; owners: string[] }>> = [];
  const runs: Array<{ id: string; trigger: string; status?: string; counts?: SyncCounts; error?: string | null; actor?: AuditActor }> = [];
  const docsReads: string[] = [];
  let locked = false;
  const unused = () => {
    throw new Error("not used by the sync");
  };
  const store: CatalogueStore = {
    createSource: unused,
    setSourceEnabled: unused,
    setSourceDefaultOwners: unused,
    changeVersionStatus: unused,
    async getSource(id) {
      return id === source.id ? source : null;
    },
    async findSourceByRepo(ref) {
      return ref.owner === source.owner && ref.repo === source.repo ? source : null;
    },
    async listSources() {
      return [source];
    },
    async withSourceLock(_id, fn) {
      if (locked) return null;
      locked = true;
      try {
        return await fn();
      } finally {
        locked = false;
      }
    },
    async startSyncRun({ trigger }) {
      const run = { id: `run-${runs.length + 1}`, trigger };
      runs.push(run);
      return { id: run.id };
    },
    async finishSyncRun({ runId, status, counts, error, actor }) {
      Object.assign(runs.find((r) => r.id === runId)!, { status, counts: { ...counts }, error, actor });
    },
    async listKnownVersions(): Promise<KnownVersion[]> {
      return versions.map((v) => ({
        id: v.id,
        moduleId: v.moduleId,
        moduleName: [...modules.values()].find((m) => m.id === v.moduleId)!.name,
        version: v.version,
        tag: v.tag,
        status: v.status,
        hasPublishedAt: v.publishedAt !== null,
      }));
    },
    async ensureModule({ name, path, provider }) {
      const existing = modules.get(name);
      if (existing) return { id: existing.id };
      const created: FakeModule = { id: `mod-${name}`, name, path, provider, owners: [], ownersOrigin: null };
      modules.set(name, created);
      return { id: created.id };
    },
    async insertVersions(rows) {
      const inserted = new Set<string>();
      for (const version of rows) {
        if (versions.some((v) => v.moduleId === version.moduleId && v.version === version.version)) continue;
        versions.push({ ...version, id: `ver-${versions.length + 1}`, status: "active" });
        inserted.add(`${version.moduleId}@${version.version}`);
      }
      return inserted;
    },
    async setVersionsStatus({ ids, status, actor }) {
      statusChanges.push({ ids, status, actor });
      for (const v of versions) if (ids.includes(v.id)) v.status = status;
    },
    async setPublishedAt({ versionId, publishedAt }) {
      versions.find((v) => v.id === versionId)!.publishedAt = publishedAt;
    },
    async listModuleVersions(moduleIds) {
      return new Map(moduleIds.map((id) => [id, versions.filter((v) => v.moduleId === id).map((v) => ({ ...v }))]));
    },
    async getVersionDocs({ moduleId, version }) {
      docsReads.push(version);
      return versions.find((v) => v.moduleId === moduleId && v.version === version)?.docs ?? null;
    },
    async saveDerivedFields(changes) {
      for (const { moduleId, fields } of changes) [...modules.values()].find((m) => m.id === moduleId)!.derived = fields;
    },
    async listStaleModules() {
      return [];
    },
    async listSourceModules() {
      return [...modules.values()].map(({ id, name, path, owners, ownersOrigin }) => ({ id, name, path, owners, ownersOrigin }));
    },
    async saveModuleOwners(changes) {
      ownerWrites.push(changes.map(({ moduleId, owners }) => ({ moduleId, owners })));
      for (const change of changes) Object.assign([...modules.values()].find((m) => m.id === change.moduleId)!, change);
    },
  };
  return { store, modules, versions, runs, statusChanges, ownerWrites, docsReads, lock: (value: boolean) => (locked = value) };
}

const goodFiles = (name: string, version: string) => [
  { path: "README.md", content: `# ${name}\n\nCreates a ${name} with sane defaults.\n` },
  {
    path: "variables.tf",
    content: `variable "name" {\n  type        = string\n  description = "Name of the ${name}"\n}\n\nvariable "tags_${version.replace(/\./g, "_")}" {\n  type    = map(string)\n  default = {}\n}\n`,
  },
  { path: "versions.tf", content: `terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = ">= 5.0" }\n  }\n}\n` },
];

function createFakeSource(tags: Map<string, string[]>, brokenTags = new Set<string>(), codeOwners: string | null = null) {
  const reads: string[] = [];
  const commitReads: string[] = [];
  const source: ModuleSource = {
    async describeRepo(ref) {
      return { ...ref, defaultBranch: "main", description: null, private: true };
    },
    async listTags(): Promise<SourceTag[]> {
      return [...tags.keys()].map((name) => ({ name, targetSha: `sha-${name}`, targetType: "commit" }));
    },
    async readModuleAtTag({ tag, path }): Promise<ModuleSnapshot> {
      reads.push(tag.name);
      const [name = "", version = ""] = tag.name.includes("/") ? tag.name.split("/v") : ["thing", tag.name.replace(/^v/, "")];
      const files = goodFiles(name, version).map((f) => ({ ...f }));
      if (brokenTags.has(tag.name)) files.push({ path: "main.tf", content: 'resource "aws_sqs_queue" "this" {\n  name = \n' });
      if (path.endsWith("missing")) throw new Error("folder missing");
      return { commitSha: `commit-${tag.name}`, committedAt: new Date("2026-01-01T00:00:00Z"), files, skipped: [] };
    },
    async readTagCommit({ tag }) {
      commitReads.push(tag.name);
      return { commitSha: `commit-${tag.name}`, committedAt: new Date("2025-12-24T10:00:00Z") };
    },
    async readCodeOwners() {
      return codeOwners === null ? null : { path: ".github/CODEOWNERS", content: codeOwners };
    },
  };
  return { source, reads, commitReads };
}

const monorepo: StoredSource = {
  id: "src-1",
  owner: "acme",
  repo: "iac-modules",
  layout: "monorepo",
  modulesDir: "modules",
  enabled: true,
  lastSyncedAt: null,
  defaultOwners: [],
};

// The first test starts the hcl2json worker pool (a wasm compile per worker).
describe("syncModuleSource", { timeout: 60_000 }, () => {
  it("ingests every version tag once, records broken HCL with file and line, and never re-reads a known tag", async () => {
    const fake = createFakeStore(monorepo);
    const tags = new Map<string, string[]>([["vpc/v1.0.0", []], ["vpc/v1.1.0", []], ["sqs/v1.0.0", []], ["sqs/v1.1.0", []], ["not-a-version", []], ["vpc/v2.0.0-rc.1", []]]);
    const gh = createFakeSource(tags, new Set(["sqs/v1.1.0"]));

    const first = await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(first.status).toBe("succeeded");
    expect(first.counts).toEqual({ tagsSeen: 6, versionsIngested: 5, versionsWithdrawn: 0, versionsFailed: 1 });
    const broken = fake.versions.find((v) => v.tag === "sqs/v1.1.0")!;
    expect(broken.errors).toEqual([expect.objectContaining({ file: "main.tf", line: expect.any(Number) })]);
    expect(fake.modules.get("vpc")).toMatchObject({ path: "modules/vpc", provider: "aws" });
    // The prerelease never becomes "latest".
    expect(fake.modules.get("vpc")?.derived).toMatchObject({
      latestVersion: "1.1.0",
      description: "Creates a vpc with sane defaults.",
      category: "networking",
      keywords: "name tags_1_1_0",
      status: "active",
      versionCount: 3,
      deprecatedCount: 0,
      vulnerableCount: 0,
    });
    expect(fake.modules.get("vpc")?.derived?.searchText).toContain("Name of the vpc");
    expect(broken.publishedAt).toEqual(new Date("2026-01-01T00:00:00Z"));

    gh.reads.length = 0;
    const again = await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(again.counts.versionsIngested).toBe(0);
    expect(gh.reads).toEqual([]);
    expect(fake.runs).toHaveLength(2);
  });

  it("derives a module from the docs of its newest version, kept in memory when this sync stored it, else read back", async () => {
    const fake = createFakeStore(monorepo);
    const tags = new Map<string, string[]>([["vpc/v2.0.0", []], ["vpc/v1.0.0", []], ["vpc/v3.0.0-rc.1", []]]);
    const gh = createFakeSource(tags);
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(fake.modules.get("vpc")?.derived).toMatchObject({ latestVersion: "2.0.0", keywords: "name tags_2_0_0" });
    expect(fake.docsReads).toEqual([]);

    // An older release tagged later: the newest stays the one described, read back from the store.
    tags.set("vpc/v1.5.0", []);
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(fake.modules.get("vpc")?.derived).toMatchObject({ latestVersion: "2.0.0", keywords: "name tags_2_0_0", versionCount: 4 });
    expect(fake.docsReads).toEqual(["2.0.0"]);
  });

  it("withdraws the version of a deleted tag, deletes nothing, and restores it when the tag returns", async () => {
    const fake = createFakeStore(monorepo);
    const tags = new Map<string, string[]>([["vpc/v1.0.0", []], ["vpc/v1.1.0", []]]);
    const gh = createFakeSource(tags);
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "webhook" });

    tags.delete("vpc/v1.1.0");
    const withdrawn = await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "webhook" });
    expect(withdrawn.counts.versionsWithdrawn).toBe(1);
    // The store audits each change with the sync's actor.
    expect(fake.statusChanges).toEqual([{ ids: ["ver-2"], status: "withdrawn", actor: { id: null, label: "system:catalogue-sync" } }]);
    expect(fake.versions.map((v) => [v.version, v.status])).toEqual([
      ["1.0.0", "active"],
      ["1.1.0", "withdrawn"],
    ]);
    expect(fake.modules.get("vpc")?.derived?.latestVersion).toBe("1.0.0");

    tags.set("vpc/v1.1.0", []);
    gh.reads.length = 0;
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "webhook" });
    expect(gh.reads).toEqual([]);
    expect(fake.versions.find((v) => v.version === "1.1.0")?.status).toBe("active");
    expect(fake.modules.get("vpc")?.derived?.latestVersion).toBe("1.1.0");
  });

  it("fills in the release date of versions stored without one, once, from the tag's commit", async () => {
    const fake = createFakeStore(monorepo);
    const gh = createFakeSource(new Map([["vpc/v1.0.0", []], ["vpc/v1.1.0", []]]));
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    fake.versions[0]!.publishedAt = null;
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(gh.commitReads).toEqual(["vpc/v1.0.0"]);
    expect(fake.versions[0]!.publishedAt).toEqual(new Date("2025-12-24T10:00:00Z"));
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(gh.commitReads).toEqual(["vpc/v1.0.0"]);
  });

  it("gives modules the owners of CODEOWNERS' last matching rule, else the source's default owners, and rewrites only changes", async () => {
    const source: StoredSource = { ...monorepo, defaultOwners: ["@acme/platform"] };
    const fake = createFakeStore(source);
    const rules = "*  @acme/everyone\n/modules/vpc/ @acme/networking\n/modules/sqs/\n";
    const gh = createFakeSource(new Map([["vpc/v1.0.0", []], ["sqs/v1.0.0", []], ["kms/v1.0.0", []]]), new Set(), rules);
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(Object.fromEntries([...fake.modules.values()].map((m) => [m.name, [m.owners, m.ownersOrigin]]))).toEqual({
      vpc: [["@acme/networking"], "codeowners"],
      kms: [["@acme/everyone"], "codeowners"],
      // The rule for modules/sqs names nobody: the source's owners apply.
      sqs: [["@acme/platform"], "source"],
    });
    await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(fake.ownerWrites.at(-1)).toEqual([]);
  });

  it("names repo-per-module sources by the registry convention and keeps v1.0.0 and 1.0.0 as one version", async () => {
    const source: StoredSource = { ...monorepo, id: "src-2", repo: "terraform-aws-eks-cluster", layout: "repo" };
    const fake = createFakeStore(source);
    const gh = createFakeSource(new Map([["v1.0.0", []], ["1.0.0", []], ["v1.2.0", []]]));
    const result = await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-2", trigger: "manual" });
    expect(result.counts.versionsIngested).toBe(2);
    expect([...fake.modules.values()]).toEqual([expect.objectContaining({ name: "eks-cluster", path: "", provider: "aws" })]);
  });

  it("reports unreadable tags as a failed run but keeps the versions it could read", async () => {
    const fake = createFakeStore(monorepo);
    const gh = createFakeSource(new Map([["vpc/v1.0.0", []], ["missing/v1.0.0", []]]));
    const result = await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" });
    expect(result.status).toBe("failed");
    expect(result.error).toContain("missing/v1.0.0");
    expect(fake.versions.map((v) => v.tag)).toEqual(["vpc/v1.0.0"]);
    expect(fake.runs[0]).toMatchObject({ status: "failed", actor: { id: null } });
  });

  it("skips when another sync holds the source, and leaves disabled sources alone unless asked", async () => {
    const fake = createFakeStore(monorepo);
    const gh = createFakeSource(new Map([["vpc/v1.0.0", []]]));
    fake.lock(true);
    expect((await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "webhook" })).status).toBe("skipped");
    fake.lock(false);
    monorepo.enabled = false;
    try {
      expect((await syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "src-1", trigger: "schedule" })).status).toBe("disabled");
      const manual = await syncModuleSource(
        { store: fake.store, openSource: () => gh.source },
        { sourceId: "src-1", trigger: "manual", actor: { id: "u1", label: "carol" } },
      );
      expect(manual.status).toBe("succeeded");
      expect(fake.runs.at(-1)?.actor).toEqual({ id: "u1", label: "carol" });
    } finally {
      monorepo.enabled = true;
    }
    await expect(syncModuleSource({ store: fake.store, openSource: () => gh.source }, { sourceId: "nope", trigger: "manual" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

