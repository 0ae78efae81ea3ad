import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { listRegistryVersions } from "./list-registry-versions";
import { resolveRegistryDownload } from "./resolve-registry-download";

function registryCatalogue() {
  const catalogue = createInMemoryCatalogue();
  const vpc = catalogue.addModule({ name: "vpc", path: "modules/vpc", provider: "aws", source: { owner: "Acme", repo: "iac-modules", layout: "monorepo" } });
  catalogue.addVersion(vpc.id, "1.2.0", { tag: "vpc/v1.2.0", status: "deprecated", statusReason: "Use 1.10" });
  catalogue.addVersion(vpc.id, "1.10.0", { tag: "vpc/v1.10.0" });
  catalogue.addVersion(vpc.id, "1.9.0", {
    tag: "vpc/v1.9.0",
    status: "vulnerable",
    statusReason: "Open security group.",
    severity: "critical",
    advisoryUrl: "https://www.cve.org/CVERecord?id=CVE-2026-9",
    fixedIn: "1.10.0",
    upgradeDeadlineDate: new Date("2027-01-31T00:00:00Z"),
  });
  catalogue.addVersion(vpc.id, "1.11.0", { tag: "vpc/v1.11.0", hasErrors: true });
  catalogue.addVersion(vpc.id, "2.0.0", { tag: "vpc/v2.0.0", status: "withdrawn" });
  const eks = catalogue.addModule({ name: "eks-cluster", path: "", source: { owner: "acme", repo: "terraform-aws-eks-cluster", layout: "repo" } });
  catalogue.addVersion(eks.id, "3.0.0", { tag: "v3.0.0" });
  return catalogue;
}

describe("listRegistryVersions", () => {
  it("lists usable versions newest first: broken and withdrawn left out, deprecated and vulnerable kept and marked", async () => {
    const catalogue = registryCatalogue();
    expect(await listRegistryVersions(catalogue.deps, { namespace: "acme", name: "vpc", provider: "AWS" })).toEqual({
      modules: [
        {
          versions: [
            { version: "1.10.0", status: "active" },
            {
              version: "1.9.0",
              status: "vulnerable",
              deprecation: {
                reason: "Vulnerable (critical severity): Open security group. Fixed in 1.10.0. Upgrade by 2027-01-31.",
                link: "https://www.cve.org/CVERecord?id=CVE-2026-9",
              },
              vulnerability: {
                severity: "critical",
                advisory: "Open security group.",
                link: "https://www.cve.org/CVERecord?id=CVE-2026-9",
                fixed_in: "1.10.0",
                upgrade_deadline: "2027-01-31",
              },
            },
            { version: "1.2.0", status: "deprecated", deprecation: { reason: "Use 1.10", link: null } },
          ],
        },
      ],
    });
    await expect(listRegistryVersions(catalogue.deps, { namespace: "acme", name: "nope", provider: "aws" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("resolveRegistryDownload", () => {
  it("points at the repo's git URL at the tag, with the module folder of a monorepo", async () => {
    const catalogue = registryCatalogue();
    catalogue.deps.config.gitUrl = "https://git.example.test/";
    expect(await resolveRegistryDownload(catalogue.deps, { namespace: "acme", name: "vpc", provider: "aws", version: "v1.2.0" })).toBe(
      "git::https://git.example.test/Acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0",
    );
    expect(await resolveRegistryDownload(catalogue.deps, { namespace: "acme", name: "eks-cluster", provider: "aws", version: "3.0.0" })).toBe(
      "git::https://git.example.test/acme/terraform-aws-eks-cluster.git?ref=v3.0.0",
    );
  });

  it("answers NOT_FOUND for a withdrawn, broken or unknown version", async () => {
    const catalogue = registryCatalogue();
    await expect(resolveRegistryDownload(catalogue.deps, { namespace: "acme", name: "vpc", provider: "aws", version: "1.11.0" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(resolveRegistryDownload(catalogue.deps, { namespace: "acme", name: "vpc", provider: "aws", version: "2.0.0" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(resolveRegistryDownload(catalogue.deps, { namespace: "acme", name: "vpc", provider: "aws", version: "9.0.0" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers NOT_FOUND, never a smuggled source, when a tag or folder from the repo is not a usable git source", async () => {
    const catalogue = createInMemoryCatalogue();
    const queried = catalogue.addModule({ name: "vpc", path: "modules/vpc", provider: "aws", source: { owner: "acme", repo: "iac-modules", layout: "monorepo" } });
    // go-getter would read a second ref, or a build-metadata "+" as a space.
    catalogue.addVersion(queried.id, "1.0.0", { tag: "vpc/v1.0.0?ref=evil&x=" });
    catalogue.addVersion(queried.id, "1.0.1", { tag: "vpc/v1.0.1+build" });
    const escaping = catalogue.addModule({ name: "db", path: "modules/../../other", provider: "aws", source: { owner: "acme", repo: "iac-modules", layout: "monorepo" } });
    catalogue.addVersion(escaping.id, "1.0.0", { tag: "db/v1.0.0" });
    for (const [name, version] of [["vpc", "1.0.0"], ["vpc", "1.0.1"], ["db", "1.0.0"]] as const) {
      await expect(resolveRegistryDownload(catalogue.deps, { namespace: "acme", name, provider: "aws", version })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: expect.stringMatching(/cannot be served: .*not a usable/),
      });
    }
  });
});
