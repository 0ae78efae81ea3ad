import { describe, expect, it } from "vitest";
import { defaultTagPolicy, tagPolicyKeysSchema, type TagPolicy } from "@/lib/vending";
import { applyTagChanges, findUnappliedChanges, pendingTagChanges, validateTagChanges } from "./tag-change";

const policy: TagPolicy = {
  version: 3,
  keys: tagPolicyKeysSchema.parse([
    ...defaultTagPolicy.keys,
    { key: "Compliance", description: "", required: true, allowedValues: ["pci", "none"], whoMayChange: "admin" },
    { key: "Project", description: "", required: false },
    { key: "Frozen", description: "", required: false, whoMayChange: "nobody" },
  ]),
};

describe("validateTagChanges", () => {
  it("accepts policy keys with allowed values, normalised", () => {
    expect(validateTagChanges(policy, { " CostCode ": " CC-7001 ", Project: null }, { role: "lead" })).toEqual({ ok: true, value: { CostCode: "CC-7001", Project: null } });
  });

  it("reports every problem at its key", () => {
    const result = validateTagChanges(
      policy,
      { CostCode: "cc-1", Environment: "prod", Workload: "other", Team: "x", Compliance: "pci", Owner: null, Frozen: "yes" },
      { role: "lead" },
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: "changes.CostCode", message: "CostCode must match CC-[0-9]{4,6}" },
        { path: "changes.Environment", message: "Environment is derived by the portal from the environment and cannot be changed" },
        { path: "changes.Workload", message: "Workload is derived by the portal from the workload and cannot be changed" },
        { path: "changes.Team", message: "Team is not a mandatory tag: only the tag policy's keys change through a request" },
        { path: "changes.Compliance", message: "Only platform admins may change Compliance" },
        { path: "changes.Owner", message: "Owner is required, so it cannot be removed" },
        { path: "changes.Frozen", message: "The tag policy lets nobody change Frozen after vend" },
      ],
    });
  });

  it("lets admins change admin-only keys, still within the allowed values", () => {
    expect(validateTagChanges(policy, { Compliance: "pci" }, { role: "admin" })).toEqual({ ok: true, value: { Compliance: "pci" } });
    expect(validateTagChanges(policy, { Compliance: "sox" }, { role: "admin" })).toMatchObject({ ok: false, errors: [{ path: "changes.Compliance", message: "Compliance must be one of: pci, none" }] });
  });

  it("refuses nothing to change, AWS-invalid characters and a key named twice after normalisation", () => {
    expect(validateTagChanges(policy, {}, { role: "admin" })).toMatchObject({ ok: false, errors: [{ path: "changes" }] });
    expect(validateTagChanges(policy, { Project: "a<b" }, { role: "admin" })).toMatchObject({ ok: false, errors: [{ path: "changes.Project", message: expect.stringMatching(/letters, digits/) }] });
    expect(validateTagChanges(policy, { Project: "a", " Project": "b" }, { role: "admin" })).toMatchObject({ ok: false, errors: [{ path: "changes.Project", message: "Project is named twice" }] });
  });
});

describe("pendingTagChanges and applyTagChanges", () => {
  const tags = { CostCode: "CC-1000", Project: "apollo" };

  it("keeps only the keys not yet at their value", () => {
    expect(pendingTagChanges(tags, { CostCode: "CC-1000", Owner: "a@b.c", Project: null })).toEqual({ Owner: "a@b.c", Project: null });
    expect(pendingTagChanges(tags, { Missing: null })).toEqual({});
  });

  it("sets and removes", () => {
    expect(applyTagChanges(tags, { CostCode: "CC-2000", Project: null })).toEqual({ CostCode: "CC-2000" });
  });

  it("says which changes AWS does not show", () => {
    expect(findUnappliedChanges({ CostCode: "CC-1000", Project: "apollo" }, { CostCode: "CC-2000", Owner: "o@x.y", Project: null })).toEqual([
      'CostCode is "CC-1000", not "CC-2000"',
      'Owner is missing (expected "o@x.y")',
      'Project is still set to "apollo"',
    ]);
    expect(findUnappliedChanges({ CostCode: "CC-2000" }, { CostCode: "CC-2000", Project: null })).toEqual([]);
  });
});
