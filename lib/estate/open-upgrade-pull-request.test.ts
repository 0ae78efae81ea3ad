import { describe, expect, it } from "vitest";
import type { ModuleDocs } from "@/lib/modules/module-docs";
import { changelogBetween, unitNameOf } from "./open-upgrade-pull-request";

const docs = (changelog: string | null) => ({ changelog }) as unknown as ModuleDocs;

describe("unitNameOf", () => {
  it("takes the unit folder's name, keeping only branch-safe characters", () => {
    expect(unitNameOf("dev/eu-west-1/vpc", "dev/eu-west-1/vpc/terragrunt.hcl")).toBe("vpc");
    expect(unitNameOf("prod/us-east-1/net work;$(rm -rf)", "x.tf")).toBe("net-work-rm-rf");
    expect(unitNameOf("", "main.tf")).toBe("main");
    expect(unitNameOf("../..", "x")).toBe("unit");
    expect(unitNameOf("dev/a..b", "x")).toBe("a.b");
  });
});

describe("changelogBetween", () => {
  it("keeps the sections after `from` up to `to`, newest first", () => {
    const versions = [
      { id: "1", version: "1.0.0", tag: "v1.0.0", status: "active" as const, docs: docs("## 1.0.0\nfirst") },
      { id: "2", version: "1.1.0", tag: "v1.1.0", status: "active" as const, docs: docs("## [1.1.0] - 2026-01-01\nsecond") },
      { id: "3", version: "1.2.0", tag: "v1.2.0", status: "active" as const, docs: docs(null) },
      { id: "4", version: "1.3.0", tag: "v1.3.0", status: "active" as const, docs: docs("## 1.3.0\nfourth") },
      { id: "5", version: "2.0.0", tag: "v2.0.0", status: "active" as const, docs: docs("## 2.0.0\nlater") },
    ];
    expect(changelogBetween(versions, "1.0.0", "1.3.0").map((e) => [e.version, e.heading])).toEqual([
      ["1.3.0", "1.3.0"],
      ["1.1.0", "[1.1.0] - 2026-01-01"],
    ]);
  });
});
