import { describe, expect, it } from "vitest";
import { moduleDocs } from "@/test/fixtures/catalogue/module-docs";
import { moduleInput as input } from "@/test/fixtures/catalogue/module-input";
import type { ModuleVersionSummary } from "./catalogue-views";
import { buildVersionComparison, findPreviousVersion } from "./compare-module-versions";
import type { ModuleDocs, ModuleInput } from "@/lib/modules/module-docs";
import { pickDefaultVersion, sortVersionsNewestFirst } from "./get-module-detail";

function version(v: string, extra: Partial<ModuleVersionSummary> = {}): ModuleVersionSummary {
  return {
    id: v,
    version: v,
    tag: `vpc/v${v}`,
    status: "active",
    statusReason: null,
    upgradeDeadline: null,
    severity: null,
    advisoryUrl: null,
    fixedIn: null,
    hasErrors: false,
    prerelease: v.includes("-"),
    publishedAt: null,
    ...extra,
  };
}

function docs(inputs: ModuleInput[], outputs: string[]): ModuleDocs {
  return moduleDocs({
    inputs,
    outputs: outputs.map((name) => ({ name, description: null, sensitive: false, docsIgnored: false, file: "outputs.tf", line: 1 })),
  });
}

const v1 = docs([input("name"), input("azs", { type: "list(string)" }), input("tags", { type: "map(string)", required: false, defaultText: "{}" })], ["vpc_id", "public_subnet_ids"]);
const v2 = docs([input("name"), input("subnets", { type: "map(object({ cidr_block = string }))" }), input("tags", { type: "map(string)", required: false, defaultText: "{}", nullable: false })], ["vpc_id", "subnet_ids"]);
const changelogs = [
  { version: "1.0.0", changelog: "## [1.0.0] - 2024-01-01\n\n- First" },
  { version: "1.1.0", changelog: "## [1.1.0] - 2024-03-01\n\n### Added\n\n- Flow logs" },
  { version: "1.2.0", changelog: null },
  { version: "2.0.0", changelog: "## [2.0.0] - 2025-01-01\n\n### Removed\n\n- azs" },
];

describe("buildVersionComparison", () => {
  it("lists added, removed and changed inputs and outputs, with breaking reasons", () => {
    const result = buildVersionComparison({ from: version("1.0.0"), to: version("2.0.0"), fromDocs: v1, toDocs: v2, changelogs });
    expect(result.direction).toBe("upgrade");
    expect(result.diff.inputs.added.map((i) => i.name)).toEqual(["subnets"]);
    expect(result.diff.inputs.removed.map((i) => i.name)).toEqual(["azs"]);
    expect(result.diff.inputs.changed).toEqual([{ name: "tags", nullable: { before: true, after: false } }]);
    expect(result.diff.outputs.removed.map((o) => o.name)).toEqual(["public_subnet_ids"]);
    expect(result.diff.breaking).toBe(true);
    expect(result.diff.breakingReasons).toEqual(expect.arrayContaining(['New required input "subnets"', 'Removed input "azs"']));
  });

  it("collects the changelog entries after the older version up to the newer, newest first", () => {
    const result = buildVersionComparison({ from: version("1.0.0"), to: version("2.0.0"), fromDocs: v1, toDocs: v2, changelogs });
    expect(result.changelog.map((e) => e.version)).toEqual(["2.0.0", "1.1.0"]);
    expect(result.changelog[0]?.heading).toBe("[2.0.0] - 2025-01-01");
    expect(result.changelog[1]?.markdown).toContain("Flow logs");
  });

  it("reads a downgrade as such but still shows the changelog between", () => {
    const result = buildVersionComparison({ from: version("2.0.0"), to: version("1.1.0"), fromDocs: v2, toDocs: v1, changelogs });
    expect(result.direction).toBe("downgrade");
    expect(result.changelog.map((e) => e.version)).toEqual(["2.0.0"]);
    expect(result.diff.inputs.added.map((i) => i.name)).toEqual(["azs"]);
  });

  it("finds nothing between a version and itself", () => {
    const result = buildVersionComparison({ from: version("1.1.0"), to: version("1.1.0"), fromDocs: v1, toDocs: v1, changelogs });
    expect(result.direction).toBe("same");
    expect(result.changelog).toEqual([]);
    expect(result.diff.breaking).toBe(false);
  });
});

describe("version lists", () => {
  const list = sortVersionsNewestFirst([
    version("1.2.0", { status: "withdrawn" }),
    version("1.10.0-rc.1"),
    version("1.9.0", { hasErrors: true }),
    version("1.0.0"),
    version("1.1.0", { status: "deprecated" }),
  ]);

  it("sorts by semver precedence, newest first", () => {
    expect(list.map((v) => v.version)).toEqual(["1.10.0-rc.1", "1.9.0", "1.2.0", "1.1.0", "1.0.0"]);
  });

  it("defaults to the newest active release without errors", () => {
    expect(pickDefaultVersion(list).version).toBe("1.0.0");
    expect(pickDefaultVersion(list.filter((v) => v.version !== "1.0.0")).version).toBe("1.10.0-rc.1");
    expect(pickDefaultVersion([version("2.0.0", { status: "withdrawn" })]).version).toBe("2.0.0");
  });

  it("compares with the previous version that was not withdrawn", () => {
    expect(findPreviousVersion(list, "1.9.0")?.version).toBe("1.1.0");
    expect(findPreviousVersion(list, "1.0.0")).toBeNull();
    expect(findPreviousVersion(list, "9.9.9")).toBeNull();
  });
});
