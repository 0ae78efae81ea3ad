import { describe, expect, it } from "vitest";
import { buildCatalogueUrl, buildNewScaffoldPath, buildScaffoldRequestUrl, readLegacyScaffoldLink } from "./scaffold-links";

describe("scaffold links", () => {
  it("links the catalogue page of a module at one version, absolute when the portal URL is known", () => {
    const options = { owner: "acme", repo: "iac-modules", module: "sqs queue", version: "1.2.0" };
    expect(buildCatalogueUrl({ ...options, publicUrl: "https://portal.example/" })).toBe("https://portal.example/catalogue/acme/iac-modules/sqs%20queue?version=1.2.0");
    expect(buildCatalogueUrl({ ...options, publicUrl: null })).toBe("/catalogue/acme/iac-modules/sqs%20queue?version=1.2.0");
  });

  it("links a scaffold request", () => {
    expect(buildScaffoldRequestUrl({ publicUrl: "https://portal.example", id: "abc" })).toBe("https://portal.example/scaffold/abc");
    expect(buildScaffoldRequestUrl({ publicUrl: null, id: "abc" })).toBe("/scaffold/abc");
  });

  it("links the scaffold form of one module version, with the workload when one is chosen", () => {
    const id = "0b0a11ce-0000-4000-8000-000000000001";
    expect(buildNewScaffoldPath({ versionId: id })).toBe(`/scaffold/new?versionId=${id}`);
    expect(buildNewScaffoldPath({ versionId: id, workload: "pay ments" })).toBe(`/scaffold/new?versionId=${id}&workload=pay+ments`);
  });

  it("reads every older form of the scaffold link, so old bookmarks still land on the form", () => {
    const moduleId = "aaaaaaaa-0000-4000-8000-000000000001";
    const versionId = "bbbbbbbb-0000-4000-8000-000000000002";
    expect(readLegacyScaffoldLink({ module: moduleId, version: "1.2.0" })).toEqual({ moduleId, version: "1.2.0" });
    expect(readLegacyScaffoldLink({ source: "acme/iac-modules", module: "sqs-queue", version: "v1.2.0" })).toEqual({ source: { owner: "acme", repo: "iac-modules" }, module: "sqs-queue", version: "v1.2.0" });
    expect(readLegacyScaffoldLink({ version: versionId })).toEqual({ versionId });
    expect(readLegacyScaffoldLink({ module: versionId })).toEqual({ versionId });
    expect(readLegacyScaffoldLink({ module: [` ${moduleId} `, "x"], version: ["1.0.0"] })).toEqual({ moduleId, version: "1.0.0" });
  });

  it("names no version for an empty or partial query", () => {
    expect(readLegacyScaffoldLink({})).toBeNull();
    expect(readLegacyScaffoldLink({ module: "vpc", version: "1.2.0" })).toBeNull();
    expect(readLegacyScaffoldLink({ source: "acme/iac-modules", module: "vpc" })).toBeNull();
    expect(readLegacyScaffoldLink({ version: "1.2.0" })).toBeNull();
  });
});
