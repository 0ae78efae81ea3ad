import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { AppError } from "@/lib/errors/app-error";
import { configureModuleSource } from "./configure-module-source";
import type { ModuleSource } from "./ports";
import { setSourceDefaultOwners } from "./set-source-default-owners";
import { setSourceEnabled } from "./set-source-enabled";

const actor = { id: "u1", label: "carol" };

/** A code host that knows some repos, spelled its own way. */
function fakeHost(known: string[]): ModuleSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async describeRepo(ref) {
      asked.push(`${ref.owner}/${ref.repo}`);
      const found = known.find((name) => name.toLowerCase() === `${ref.owner}/${ref.repo}`.toLowerCase());
      if (!found) throw new AppError("NOT_FOUND", "no such repo");
      const [owner = "", repo = ""] = found.split("/");
      return { owner, repo, defaultBranch: "main", description: null, private: true };
    },
    listTags: async () => [],
    readModuleAtTag: async () => {
      throw new Error("not used");
    },
    readTagCommit: async () => {
      throw new Error("not used");
    },
    readCodeOwners: async () => null,
  };
}

describe("configureModuleSource", () => {
  it("adds a source under GitHub's spelling of the name, audited with the admin", async () => {
    const catalogue = createInMemoryCatalogue();
    const host = fakeHost(["Acme-Platform/IaC-Modules"]);
    catalogue.setModuleSource(host);
    const created = await configureModuleSource(catalogue.deps, { input: { repository: "acme-platform/iac-modules.git", layout: "monorepo", modulesDir: "./modules/" }, actor });
    expect(host.asked).toEqual(["acme-platform/iac-modules"]);
    expect(created).toEqual({ id: expect.any(String), owner: "Acme-Platform", repo: "IaC-Modules" });
    expect(catalogue.sources).toEqual([expect.objectContaining({ owner: "Acme-Platform", repo: "IaC-Modules", layout: "monorepo", modulesDir: "modules" })]);
    expect(catalogue.audit).toEqual([expect.objectContaining({ action: "catalogue.source.create", subjectId: created.id, actor })]);
  });

  it("keeps the source's default owners, written as CODEOWNERS writes them", async () => {
    const catalogue = createInMemoryCatalogue();
    catalogue.setModuleSource(fakeHost(["acme/iac-modules"]));
    await configureModuleSource(catalogue.deps, { input: { repository: "acme/iac-modules", layout: "monorepo", defaultOwners: " @acme/platform, ops@acme.example @acme/platform" }, actor });
    expect(catalogue.sources[0]?.defaultOwners).toEqual(["@acme/platform", "ops@acme.example"]);
    await expect(
      configureModuleSource(catalogue.deps, { input: { repository: "acme/iac-modules", layout: "monorepo", defaultOwners: "platform team" }, actor }),
    ).rejects.toThrow(/@org\/team/);
  });

  it("stores no modules folder for a repo-per-module source", async () => {
    const catalogue = createInMemoryCatalogue();
    catalogue.setModuleSource(fakeHost(["acme/terraform-aws-vpc"]));
    await configureModuleSource(catalogue.deps, { input: { repository: "acme/terraform-aws-vpc", layout: "repo", modulesDir: "modules" }, actor });
    expect(catalogue.sources[0]?.modulesDir).toBe("");
  });

  it("refuses a repo the App cannot see with a field error, and stores nothing", async () => {
    const catalogue = createInMemoryCatalogue();
    catalogue.setModuleSource(fakeHost([]));
    await expect(configureModuleSource(catalogue.deps, { input: { repository: "acme/hidden", layout: "repo" }, actor })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: [expect.objectContaining({ path: "repository" })],
    });
    expect(catalogue.sources).toEqual([]);
  });

  it("refuses a repo that is already a source, whatever its casing", async () => {
    const catalogue = createInMemoryCatalogue();
    catalogue.setModuleSource(fakeHost(["acme/iac-modules"]));
    catalogue.addSource({ owner: "ACME", repo: "IAC-modules" });
    await expect(configureModuleSource(catalogue.deps, { input: { repository: "acme/iac-modules", layout: "monorepo" }, actor })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: [expect.objectContaining({ path: "repository" })],
    });
    expect(catalogue.audit).toEqual([]);
  });

  it("rejects a malformed name before asking GitHub", async () => {
    const catalogue = createInMemoryCatalogue();
    const host = fakeHost([]);
    catalogue.setModuleSource(host);
    await expect(configureModuleSource(catalogue.deps, { input: { repository: "not a repo", layout: "repo" }, actor })).rejects.toThrow(/owner\/name/);
    await expect(configureModuleSource(catalogue.deps, { input: { repository: "acme/mono", layout: "monorepo", modulesDir: "../up" }, actor })).rejects.toThrow(/inside the repository/);
    expect(host.asked).toEqual([]);
  });

  it("refuses a repository named . or .., also when written with .git, before asking GitHub", async () => {
    const catalogue = createInMemoryCatalogue();
    const host = fakeHost([]);
    catalogue.setModuleSource(host);
    for (const repository of ["acme/..", "acme/.", "acme/..git", "acme/...git"]) {
      await expect(configureModuleSource(catalogue.deps, { input: { repository, layout: "repo" }, actor }), repository).rejects.toThrow(/owner\/name/);
    }
    expect(host.asked).toEqual([]);
  });

    it("refuses a modules folder that would change a source URL, before asking GitHub", async () => {
    const catalogue = createInMemoryCatalogue();
    const host = fakeHost([]);
    catalogue.setModuleSource(host);
    for (const modulesDir of ["mods?ref=evil", "mods#x", "a/./b", "mods dir", "a//b", "módulos", "mods&x=1"]) {
      await expect(configureModuleSource(catalogue.deps, { input: { repository: "acme/mono", layout: "monorepo", modulesDir }, actor })).rejects.toThrow(
        /The modules folder goes into source URLs/,
      );
    }
    expect(host.asked).toEqual([]);
  });
});

describe("setSourceEnabled", () => {
  it("switches a source off once, audited, and reports a source that is gone", async () => {
    const catalogue = createInMemoryCatalogue();
    const source = catalogue.addSource();
    await setSourceEnabled(catalogue.deps, { sourceId: source.id, enabled: false, actor });
    await setSourceEnabled(catalogue.deps, { sourceId: source.id, enabled: false, actor });
    expect(source.enabled).toBe(false);
    expect(catalogue.audit.map((e) => [e.action, e.after])).toEqual([["catalogue.source.update", { enabled: false }]]);
    await expect(setSourceEnabled(catalogue.deps, { sourceId: "gone", enabled: true, actor })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("setSourceDefaultOwners", () => {
  it("sets the owners once, audited, and checks them as CODEOWNERS owners", async () => {
    const catalogue = createInMemoryCatalogue();
    const source = catalogue.addSource({ id: "00000000-0000-4000-8000-000000000010" });
    const input = { sourceId: source.id, defaultOwners: "@acme/platform" };
    expect(await setSourceDefaultOwners(catalogue.deps, { input, actor })).toEqual({ changed: true, defaultOwners: ["@acme/platform"] });
    expect(await setSourceDefaultOwners(catalogue.deps, { input, actor })).toEqual({ changed: false, defaultOwners: ["@acme/platform"] });
    expect(catalogue.audit.map((e) => [e.action, e.before, e.after])).toEqual([
      ["catalogue.source.update", { defaultOwners: [] }, { defaultOwners: ["@acme/platform"] }],
    ]);
    await expect(setSourceDefaultOwners(catalogue.deps, { input: { ...input, defaultOwners: "@acme/platform; rm -rf" }, actor })).rejects.toThrow(/CODEOWNERS/);
    await expect(
      setSourceDefaultOwners(catalogue.deps, { input: { sourceId: "00000000-0000-4000-8000-0000000000ff", defaultOwners: "" }, actor }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
