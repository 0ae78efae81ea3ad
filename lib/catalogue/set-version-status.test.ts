import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { setVersionStatus, type SetVersionStatusInput } from "./set-version-status";

const actor = { id: "u1", label: "carol" };
const now = new Date("2026-06-01T00:00:00Z");
const VERSION_ID = "00000000-0000-4000-8000-000000000001";

function catalogueWithVersion(status: "active" | "deprecated" | "withdrawn" = "active") {
  const catalogue = createInMemoryCatalogue();
  const vpc = catalogue.addModule({ name: "vpc" });
  const version = catalogue.addVersion(vpc.id, "1.2.0", { id: VERSION_ID, status });
  const set = (input: Omit<SetVersionStatusInput, "versionId"> & { versionId?: string }) =>
    setVersionStatus(catalogue.deps, { input: { versionId: VERSION_ID, ...input }, actor, now });
  return { catalogue, version, set };
}

describe("setVersionStatus", () => {
  it("flags a version vulnerable with its deadline, and audits before and after", async () => {
    const { catalogue, version, set } = catalogueWithVersion();
    await set({ action: "flag-vulnerable", reason: "CVE-2026-1", upgradeDeadline: "2026-07-01" });
    expect(version).toMatchObject({ status: "deprecated", statusReason: "Vulnerable: CVE-2026-1", upgradeDeadline: "2026-07-01T00:00:00.000Z" });
    expect(catalogue.audit).toEqual([
      {
        actor,
        action: "catalogue.version.flag-vulnerable",
        subjectId: VERSION_ID,
        before: { status: "active", statusReason: null, upgradeDeadline: null },
        after: { status: "deprecated", statusReason: "Vulnerable: CVE-2026-1", upgradeDeadline: new Date("2026-07-01") },
      },
    ]);
  });

  it("deprecates with a reason and reactivates, which clears reason and deadline", async () => {
    const { catalogue, version, set } = catalogueWithVersion();
    await set({ action: "deprecate", reason: "Use 2.x" });
    expect(version).toMatchObject({ status: "deprecated", statusReason: "Use 2.x", upgradeDeadline: null });
    await set({ action: "reactivate" });
    expect(version).toMatchObject({ status: "active", statusReason: null, upgradeDeadline: null });
    expect(catalogue.audit.map((e) => e.action)).toEqual(["catalogue.version.deprecate", "catalogue.version.reactivate"]);
  });

  it("needs a reason, and a future deadline to flag a version vulnerable", async () => {
    const { catalogue, version, set } = catalogueWithVersion();
    await expect(set({ action: "flag-vulnerable", reason: "", upgradeDeadline: "2026-07-01" })).rejects.toThrow(/Say why/);
    await expect(set({ action: "flag-vulnerable", reason: "CVE" })).rejects.toThrow(/needs an upgrade deadline/);
    await expect(set({ action: "flag-vulnerable", reason: "CVE", upgradeDeadline: "2026-05-31" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: [{ path: "upgradeDeadline" }],
    });
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
