import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { setVersionStatus, type SetVersionStatusInput } from "./set-version-status";

const actor = { id: "u1", label: "carol" };
const now = new Date("2026-06-01T00:00:00Z");
const VERSION_ID = "00000000-0000-4000-8000-000000000001";

function catalogueWithVersion(status: "active" | "deprecated" | "vulnerable" | "withdrawn" = "active") {
  const catalogue = createInMemoryCatalogue();
  const vpc = catalogue.addModule({ name: "vpc" });
  const version = catalogue.addVersion(vpc.id, "1.2.0", { id: VERSION_ID, status });
  const set = (input: Omit<SetVersionStatusInput, "versionId"> & { versionId?: string }) =>
    setVersionStatus(catalogue.deps, { input: { versionId: VERSION_ID, ...input }, actor, now });
  return { catalogue, version, set };
}

const cleared = { statusReason: null, upgradeDeadline: null, severity: null, advisoryUrl: null, fixedIn: null };

describe("setVersionStatus", () => {
  it("flags a version vulnerable with advisory, severity, link, fix and deadline, and audits before and after", async () => {
    const { catalogue, version, set } = catalogueWithVersion();
    catalogue.addVersion(version.moduleId, "1.2.1");
    await set({
      action: "flag-vulnerable",
      reason: "Public subnets get a default route by mistake.",
      severity: "high",
      advisoryUrl: "https://www.cve.org/CVERecord?id=CVE-2026-1",
      fixedIn: "v1.2.1",
      upgradeDeadline: "2026-07-01",
    });
    const after = {
      status: "vulnerable",
      statusReason: "Public subnets get a default route by mistake.",
      severity: "high",
      advisoryUrl: "https://www.cve.org/CVERecord?id=CVE-2026-1",
      fixedIn: "1.2.1",
      upgradeDeadline: new Date("2026-07-01"),
    };
    expect(version).toMatchObject({ ...after, upgradeDeadline: "2026-07-01T00:00:00.000Z" });
    expect(catalogue.audit).toEqual([
      { actor, action: "catalogue.version.flag-vulnerable", subjectId: VERSION_ID, before: { status: "active", ...cleared }, after },
    ]);
  });

  it("gives a vulnerable version a week to upgrade when no deadline is given", async () => {
    const { version, set } = catalogueWithVersion();
    await set({ action: "flag-vulnerable", reason: "Leaks logs.", severity: "medium" });
    expect(version).toMatchObject({ status: "vulnerable", upgradeDeadline: "2026-06-08T00:00:00.000Z", advisoryUrl: null, fixedIn: null });
  });

  it("deprecates with a reason and reactivates, which clears every status field", async () => {
    const { catalogue, version, set } = catalogueWithVersion();
    await set({ action: "flag-vulnerable", reason: "Leaks logs.", severity: "low" });
    await set({ action: "deprecate", reason: "Use 2.x" });
    expect(version).toMatchObject({ status: "deprecated", ...cleared, statusReason: "Use 2.x" });
    await set({ action: "reactivate" });
    expect(version).toMatchObject({ status: "active", ...cleared });
    expect(catalogue.audit.map((e) => e.action)).toEqual(["catalogue.version.flag-vulnerable", "catalogue.version.deprecate", "catalogue.version.reactivate"]);
    expect(catalogue.audit[1]?.before).toMatchObject({ status: "vulnerable", severity: "low" });
  });

  it("needs advisory text and a severity, an https link, a real later fix and a future deadline", async () => {
    const { catalogue, version, set } = catalogueWithVersion();
    catalogue.addVersion(version.moduleId, "1.1.0");
    const fieldOf = async (input: Parameters<typeof set>[0]) => {
      const error = (await set(input).then(() => null, (e: unknown) => e)) as { issues?: Array<{ path: string[] }>; fieldErrors?: Array<{ path: string }> } | null;
      return error?.issues?.map((i) => i.path.join(".")) ?? error?.fieldErrors?.map((f) => f.path);
    };
    expect(await fieldOf({ action: "flag-vulnerable", reason: "", severity: "high" })).toEqual(["reason"]);
    expect(await fieldOf({ action: "flag-vulnerable", reason: "x" })).toEqual(["severity"]);
    expect(await fieldOf({ action: "flag-vulnerable", reason: "x", severity: "critical", advisoryUrl: "http://cve.example/1" })).toEqual(["advisoryUrl"]);
    expect(await fieldOf({ action: "flag-vulnerable", reason: "x", severity: "critical", advisoryUrl: "javascript:alert(1)" })).toEqual(["advisoryUrl"]);
    expect(await fieldOf({ action: "flag-vulnerable", reason: "x", severity: "high", fixedIn: "soon" })).toEqual(["fixedIn"]);
    expect(await fieldOf({ action: "flag-vulnerable", reason: "x", severity: "high", fixedIn: "1.1.0" })).toEqual(["fixedIn"]);
    expect(await fieldOf({ action: "flag-vulnerable", reason: "x", severity: "high", fixedIn: "9.0.0" })).toEqual(["fixedIn"]);
    expect(await fieldOf({ action: "flag-vulnerable", reason: "x", severity: "high", upgradeDeadline: "2026-05-31" })).toEqual(["upgradeDeadline"]);
    expect(await fieldOf({ action: "deprecate", reason: " " })).toEqual(["reason"]);
    expect(version.status).toBe("active");
    expect(catalogue.audit).toEqual([]);
  });

  it("leaves withdrawn versions to the sync, and reports unknown ones", async () => {
    const { catalogue, version, set } = catalogueWithVersion("withdrawn");
    await expect(set({ action: "deprecate", reason: "old" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(version.status).toBe("withdrawn");
    await expect(set({ versionId: "00000000-0000-4000-8000-0000000000ff", action: "deprecate", reason: "old" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(catalogue.audit).toEqual([]);
  });
});
