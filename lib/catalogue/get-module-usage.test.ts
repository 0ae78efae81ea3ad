import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { getModuleUsage } from "./get-module-usage";

describe("getModuleUsage", () => {
  it("lists consumers newest version first, then by workload and unit, with counts per version and workloads", async () => {
    const catalogue = createInMemoryCatalogue();
    const unit = (versionId: string, version: string, workload: string, unitPath: string) => ({
      moduleId: "mod-vpc",
      versionId,
      version,
      workload: { slug: workload.toLowerCase(), name: workload },
      env: unitPath.split("/")[0]!,
      region: "eu-west-1",
      unitPath,
      recordedBy: "scan",
      recordedAt: "2026-11-01T00:00:00.000Z",
    });
    catalogue.consumers.push(
      unit("v1", "1.10.0", "Payments", "prod/eu-west-1/vpc/terragrunt.hcl"),
      unit("v2", "1.9.0", "Ledger", "dev/eu-west-1/vpc/terragrunt.hcl"),
      unit("v1", "1.10.0", "Checkout", "dev/eu-west-1/vpc/terragrunt.hcl"),
      unit("v1", "1.10.0", "Payments", "dev/eu-west-1/vpc/terragrunt.hcl"),
      { ...unit("v9", "9.0.0", "Other", "x"), moduleId: "mod-other" },
    );
    const usage = await getModuleUsage(catalogue.deps, { moduleId: "mod-vpc" });
    expect(usage.consumers.map((c) => `${c.version} ${c.workload.name} ${c.unitPath}`)).toEqual([
      "1.10.0 Checkout dev/eu-west-1/vpc/terragrunt.hcl",
      "1.10.0 Payments dev/eu-west-1/vpc/terragrunt.hcl",
      "1.10.0 Payments prod/eu-west-1/vpc/terragrunt.hcl",
      "1.9.0 Ledger dev/eu-west-1/vpc/terragrunt.hcl",
    ]);
    expect(usage.countsByVersion).toEqual({ v1: 3, v2: 1 });
    expect(usage.workloadCount).toBe(3);
  });
});
