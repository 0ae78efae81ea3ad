import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import { createPrismaCatalogueReader } from "./adapters/prisma-catalogue-reader";
import { createPrismaCatalogueStore } from "./adapters/prisma-catalogue-store";
import { searchModules } from "./search-modules";
import { setVersionStatus } from "./set-version-status";

const db = connectTestDb();
// The SQL itself: every search below runs its query.
const deps = { reader: createPrismaCatalogueReader(db, { searchCache: false }) };
const store = createPrismaCatalogueStore({ db, databaseUrl: testDatabaseUrl() });
const actor = { id: null, label: "test:admin" };
const tag = randomBytes(4).toString("hex");
const owner = `search-it-${tag}`;
const marker = `zq${tag}`; // a word no other test file writes
const sourceA = `${owner}/modules-a`;
const sourceB = `${owner}/modules-b`;

interface Seed {
  source: "a" | "b";
  name: string;
  description: string;
  inputs: string[];
  readme: string;
  provider?: string;
  category?: string;
  owners?: string[];
  updatedDaysAgo: number;
  versions?: number;
  latestVersion?: string | null;
}

const seeds: Seed[] = [
  { source: "a", name: "vpc", description: `Network baseline ${marker}`, inputs: ["cidr_block", "enable_nat_gateway"], readme: "Subnets across zones", category: "networking", owners: ["@acme/networking"], updatedDaysAgo: 5, versions: 4 },
  { source: "a", name: "s3-bucket", description: `Bucket ${marker}`, inputs: ["bucket_name", "versioning"], readme: "Lifecycle rules and replication", category: "storage", owners: ["@acme/platform"], updatedDaysAgo: 1, versions: 2 },
  { source: "a", name: "kms-key", description: `Key ${marker}`, inputs: ["alias", "rotation"], readme: "Envelope encryption for everything", category: "security", owners: ["@acme/security", "@acme/platform"], updatedDaysAgo: 30, versions: 2 },
  { source: "b", name: "eks-cluster", description: `Kubernetes ${marker}`, inputs: ["cluster_version", "node_groups"], readme: "Managed node groups über alles", category: "compute", updatedDaysAgo: 2 },
  { source: "b", name: "waf-acl", description: `Firewall ${marker}`, inputs: ["rules"], readme: "Rate limits", provider: "awscc", category: "security", owners: ["@acme/security"], updatedDaysAgo: 10, versions: 2 },
  { source: "b", name: "unreleased", description: `Nothing yet ${marker}`, inputs: [], readme: "", updatedDaysAgo: 0, latestVersion: null },
];

beforeAll(async () => {
  const [a, b] = await Promise.all(
    ["modules-a", "modules-b"].map((repo) => db.moduleSource.create({ data: { owner, repo, layout: repo === "modules-a" ? "monorepo" : "repo" } })),
  );
  for (const seed of seeds) {
    const versions = seed.versions ?? 1;
    const source = seed.source === "a" ? a! : b!;
    await db.module.create({
      data: {
        sourceId: source.id,
        name: seed.name,
        path: seed.source === "a" ? `modules/${seed.name}` : "",
        provider: seed.provider ?? "aws",
        category: seed.category ?? null,
        description: seed.description,
        latestVersion: seed.latestVersion === null ? null : `1.${versions - 1}.0`,
        searchText: [seed.name, seed.description, ...seed.inputs, seed.readme].join("\n"),
        keywords: seed.inputs.join(" "),
        owners: seed.owners ?? [],
        versionCount: seed.latestVersion === null ? 0 : versions > 2 ? versions - 1 : versions,
        updatedAt: new Date(Date.now() - seed.updatedDaysAgo * 86_400_000),
        versions:
          seed.latestVersion === null
            ? undefined
            : {
                createMany: {
                  data: Array.from({ length: versions }, (_, k) => ({
                    version: `1.${k}.0`,
                    tag: `${seed.name}/v1.${k}.0`,
                    commitSha: "0".repeat(40),
                    major: 1,
                    minor: k,
                    patch: 0,
                    docs: {},
                    // A withdrawn version is not counted.
                    status: k === 0 && versions > 2 ? ("withdrawn" as const) : ("active" as const),
                  })),
                },
              },
      },
    });
  }
});

afterAll(async () => {
  await db.moduleVersion.deleteMany({ where: { module: { source: { owner } } } });
  await db.module.deleteMany({ where: { source: { owner } } });
  await db.moduleSource.deleteMany({ where: { owner } });
  await db.$disconnect();
});

const names = (result: Awaited<ReturnType<typeof searchModules>>) => result.items.map((i) => i.name);

/** The id of one seeded version, e.g. `versionId("kms-key", "1.0.0")`. */
async function versionId(name: string, version: string): Promise<string> {
  const row = await db.moduleVersion.findFirstOrThrow({ where: { version, module: { name, source: { owner } } }, select: { id: true } });
  return row.id;
}

describe("searchModules", () => {
  it("finds modules by name, by input name and by a README word", async () => {
    expect(names(await searchModules(deps, { q: `eks ${marker}` }))).toEqual(["eks-cluster"]);
    expect(names(await searchModules(deps, { q: `enable_nat_gateway ${marker}` }))).toEqual(["vpc"]);
    expect(names(await searchModules(deps, { q: `replication ${marker}` }))).toEqual(["s3-bucket"]);
    expect(names(await searchModules(deps, { q: `über ${marker}` }))).toEqual(["eks-cluster"]);
  });

  it("matches word prefixes, so search works while typing", async () => {
    expect(names(await searchModules(deps, { q: `${marker} buck` }))).toEqual(["s3-bucket"]);
    expect(names(await searchModules(deps, { q: `${marker} encr` }))).toEqual(["kms-key"]);
    expect((await searchModules(deps, { q: marker.slice(0, 6), source: sourceA })).total).toBe(3);
  });

  it("survives tsquery syntax in the text", async () => {
    const result = await searchModules(deps, { q: `'${marker}' & | ! ( ) : * <-> "vpc` });
    expect(names(result)).toEqual(["vpc"]);
  });

  it("ranks a name hit above a README hit", async () => {
    const result = await searchModules(deps, { q: `${marker} vpc`, source: sourceA });
    expect(result.sort).toBe("relevance");
    expect(names(result)[0]).toBe("vpc");
  });

  it("finds a module under Deprecated once one of its versions is deprecated, and under Vulnerable once one is flagged", async () => {
    expect(names(await searchModules(deps, { q: marker, status: "deprecated" }))).toEqual([]);
    await setVersionStatus({ store }, { input: { versionId: await versionId("kms-key", "1.0.0"), action: "deprecate", reason: "Use 1.1" }, actor });
    await setVersionStatus(
      { store },
      { input: { versionId: await versionId("waf-acl", "1.0.0"), action: "flag-vulnerable", reason: "Open rule", severity: "high" }, actor },
    );
    try {
      expect(names(await searchModules(deps, { q: marker, status: "deprecated" }))).toEqual(["kms-key"]);
      expect(names(await searchModules(deps, { q: marker, status: "vulnerable" }))).toEqual(["waf-acl"]);
      expect(names(await searchModules(deps, { q: marker, status: "active", sort: "name" }))).toEqual(["eks-cluster", "s3-bucket", "vpc"]);
      const [kms] = (await searchModules(deps, { q: `kms ${marker}` })).items;
      expect(kms).toMatchObject({ deprecatedVersions: 1, vulnerableVersions: 0, versionCount: 2, status: "active", latestVersion: "1.1.0" });
    } finally {
      await setVersionStatus({ store }, { input: { versionId: await versionId("kms-key", "1.0.0"), action: "reactivate" }, actor });
      await setVersionStatus({ store }, { input: { versionId: await versionId("waf-acl", "1.0.0"), action: "reactivate" }, actor });
    }
  });

  it("filters by owning team, and counts each owner of a module", async () => {
    expect(names(await searchModules(deps, { q: marker, owner: "@acme/security", sort: "name" }))).toEqual(["kms-key", "waf-acl"]);
    const { facets } = await searchModules(deps, { q: marker, owner: "@acme/security" });
    expect(facets.owners).toEqual([
      { value: "@acme/networking", count: 1 },
      { value: "@acme/platform", count: 2 },
      { value: "@acme/security", count: 2 },
    ]);
  });

  it("answers repeated searches from the cache until a change commits, on the same reader or any other", async () => {
    const cached = { reader: createPrismaCatalogueReader(db) };
    const before = await searchModules(cached, { q: marker, status: "deprecated" });
    expect(names(before)).toEqual([]);
    // Another instance (its own store and reader) deprecates a version.
    const otherDb = connectTestDb();
    await setVersionStatus(
      { store: createPrismaCatalogueStore({ db: otherDb, databaseUrl: testDatabaseUrl() }) },
      { input: { versionId: await versionId("vpc", "1.1.0"), action: "deprecate", reason: "x" }, actor },
    );
    await otherDb.$disconnect();
    try {
      expect(names(await searchModules(cached, { q: marker, status: "deprecated" }))).toEqual(["vpc"]);
    } finally {
      await setVersionStatus({ store }, { input: { versionId: await versionId("vpc", "1.1.0"), action: "reactivate" }, actor });
    }
    expect(names(await searchModules(cached, { q: marker, status: "deprecated" }))).toEqual([]);
    // With nothing changed, the same search is the same page object: it came from the cache.
    const once = await searchModules(cached, { q: marker, sort: "name" });
    const twice = await searchModules(cached, { q: marker, sort: "name" });
    expect(twice.items[0]).toBe(once.items[0]);
  });

  it("filters by provider, category and source, and counts facets", async () => {
    expect(names(await searchModules(deps, { q: marker, provider: "awscc" }))).toEqual(["waf-acl"]);
    expect(names(await searchModules(deps, { q: marker, category: "security", sort: "name" }))).toEqual(["kms-key", "waf-acl"]);
    expect(names(await searchModules(deps, { q: marker, source: sourceB, sort: "name" }))).toEqual(["eks-cluster", "waf-acl"]);
    const { facets } = await searchModules(deps, { q: marker, provider: "awscc" });
    expect(facets.providers).toEqual([
      { value: "aws", count: 4 },
      { value: "awscc", count: 1 },
    ]);
    expect(facets.sources).toEqual([
      { value: sourceA, count: 3 },
      { value: sourceB, count: 2 },
    ]);
    expect(facets.categories.find((c) => c.value === "security")).toEqual({ value: "security", count: 2 });
  });

  it("leaves out modules without a usable version", async () => {
    expect(names(await searchModules(deps, { q: `unreleased ${marker}` }))).toEqual([]);
  });

  it("sorts by name or by last update", async () => {
    expect(names(await searchModules(deps, { q: marker, sort: "name" }))).toEqual(["eks-cluster", "kms-key", "s3-bucket", "vpc", "waf-acl"]);
    const sortedByUpdate = names(await searchModules(deps, { q: marker, sort: "updated" }));
    // Status changes above count as updates of kms-key, waf-acl and vpc; the others keep their seeded dates.
    expect(sortedByUpdate.indexOf("s3-bucket")).toBeLessThan(sortedByUpdate.indexOf("eks-cluster"));
    expect(new Set(sortedByUpdate)).toEqual(new Set(["s3-bucket", "eks-cluster", "vpc", "waf-acl", "kms-key"]));
  });

  it("paginates with a stable total, also past the last page", async () => {
    const first = await searchModules(deps, { q: marker, sort: "name", pageSize: 2 });
    const third = await searchModules(deps, { q: marker, sort: "name", pageSize: 2, page: 3 });
    const beyond = await searchModules(deps, { q: marker, sort: "name", pageSize: 2, page: 9 });
    expect([first.total, third.total, beyond.total]).toEqual([5, 5, 5]);
    expect(names(first)).toEqual(["eks-cluster", "kms-key"]);
    expect(names(third)).toEqual(["waf-acl"]);
    expect(beyond.items).toEqual([]);
    expect(beyond.catalogueEmpty).toBe(false);
  });

  it("returns the summary fields the list shows", async () => {
    const [vpc] = (await searchModules(deps, { q: `vpc ${marker}` })).items;
    expect(vpc).toMatchObject({
      name: "vpc",
      source: sourceA,
      owner,
      repo: "modules-a",
      provider: "aws",
      category: "networking",
      latestVersion: "1.3.0",
      status: "active",
      versionCount: 3,
    });
    expect(Date.parse(vpc!.updatedAt)).toBeGreaterThan(Date.now() - 6 * 86_400_000);
  });
});
