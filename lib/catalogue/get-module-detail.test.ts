import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { moduleDocs } from "@/test/fixtures/catalogue/module-docs";
import { compareModuleVersions } from "./compare-module-versions";
import { getModuleDetail } from "./get-module-detail";

const ref = { owner: "acme", repo: "iac-modules", module: "vpc" };

/** vpc with 1.0.0, 1.1.0 (broken), 2.0.0-rc.1 and 1.2.0 (withdrawn), stored out of order. */
function vpcCatalogue() {
  const catalogue = createInMemoryCatalogue();
  const vpc = catalogue.addModule({ name: "vpc" });
  catalogue.addVersion(vpc.id, "1.1.0", {
    hasErrors: true,
    docs: moduleDocs({ changelog: "## 1.1.0\n\n- Flow logs", errors: [{ file: "main.tf", line: 3, message: "Unclosed block" }] }),
    storedErrors: [
      { file: "main.tf", line: 3, message: "Unclosed block" },
      { file: "outputs.tf", line: null, message: "Unreadable" },
    ],
  });
  const v100 = catalogue.addVersion(vpc.id, "1.0.0", { docs: moduleDocs({ changelog: "## 1.0.0\n\n- First", readme: "# vpc" }) });
  catalogue.addVersion(vpc.id, "2.0.0-rc.1");
  const v120 = catalogue.addVersion(vpc.id, "1.2.0", { status: "withdrawn", docs: moduleDocs({ changelog: "## 1.2.0\n\n- Gone" }) });
  return { catalogue, vpc, v100, v120 };
}

describe("getModuleDetail", () => {
  it("lists versions newest first and shows the newest active clean release by default", async () => {
    const { catalogue } = vpcCatalogue();
    const detail = await getModuleDetail(catalogue.deps, ref);
    expect(detail.versions.map((v) => v.version)).toEqual(["2.0.0-rc.1", "1.2.0", "1.1.0", "1.0.0"]);
    expect(detail.defaultVersion).toBe("1.0.0");
    expect(detail.selected).toMatchObject({ version: "1.0.0", commitSha: "sha-1.0.0", docs: { readme: "# vpc" } });
  });

  it("reads a `v`-prefixed version, and merges the docs' and the stored errors once each", async () => {
    const { catalogue } = vpcCatalogue();
    const detail = await getModuleDetail(catalogue.deps, { ...ref, version: "v1.1.0" });
    expect(detail.selected.version).toBe("1.1.0");
    expect(detail.selected.errors).toEqual([
      { file: "main.tf", line: 3, message: "Unclosed block" },
      { file: "outputs.tf", line: null, message: "Unreadable" },
    ]);
  });

  it("answers NOT_FOUND for an unknown module or version, and for a module without versions", async () => {
    const { catalogue } = vpcCatalogue();
    catalogue.addModule({ name: "empty" });
    await expect(getModuleDetail(catalogue.deps, { ...ref, version: "9.9.9" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getModuleDetail(catalogue.deps, { ...ref, version: "latest" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getModuleDetail(catalogue.deps, { ...ref, module: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getModuleDetail(catalogue.deps, { ...ref, module: "empty" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getModuleDetail(catalogue.deps, { ...ref, owner: "" })).rejects.toThrow();
  });
});

describe("compareModuleVersions", () => {
  it("loads the docs of the two versions only, and the changelog in between", async () => {
    const { catalogue, vpc, v100, v120 } = vpcCatalogue();
    const comparison = await compareModuleVersions(catalogue.deps, { ...ref, from: "v1.0.0", to: "1.2.0" });
    expect(catalogue.comparisons).toEqual([{ moduleId: vpc.id, versionIds: [v100.id, v120.id] }]);
    expect(comparison.direction).toBe("upgrade");
    expect(comparison.changelog.map((e) => e.version)).toEqual(["1.2.0", "1.1.0"]);
    expect([comparison.from.id, comparison.to.id]).toEqual([v100.id, v120.id]);
  });

  it("answers NOT_FOUND for a version the module does not have", async () => {
    const { catalogue } = vpcCatalogue();
    await expect(compareModuleVersions(catalogue.deps, { ...ref, from: "1.0.0", to: "3.0.0" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(catalogue.comparisons).toEqual([]);
  });
});
