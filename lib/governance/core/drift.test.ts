import { describe, expect, it } from "vitest";
import { defaultTagPolicy } from "@/lib/vending";
import { compareTags, driftSettlementChanges, reconcileDrift } from "./drift";

const recorded = { CostCode: "CC-2101", Owner: "pay@x.y", Workload: "payments", Environment: "dev", Team: "payments" };

describe("compareTags", () => {
  it("finds changed, removed and added policy keys and ignores the rest", () => {
    const observed = { CostCode: "CC-9999", Workload: "payments", Environment: "dev", DataClassification: "internal", Team: "someone-else", Extra: "x" };
    expect(compareTags(defaultTagPolicy, recorded, observed)).toEqual([
      { key: "CostCode", kind: "changed", recordedValue: "CC-2101", observedValue: "CC-9999" },
      { key: "Owner", kind: "removed", recordedValue: "pay@x.y", observedValue: null },
      { key: "DataClassification", kind: "added", recordedValue: null, observedValue: "internal" },
    ]);
  });

  it("skips keys a change request is applying", () => {
    expect(compareTags(defaultTagPolicy, recorded, { ...recorded, CostCode: "CC-1" }, { skipKeys: ["CostCode"] })).toEqual([]);
  });

  it("treats an empty value as a value", () => {
    expect(compareTags(defaultTagPolicy, { CostCode: "" }, {})).toEqual([{ key: "CostCode", kind: "removed", recordedValue: "", observedValue: null }]);
  });
});

describe("reconcileDrift", () => {
  const changed = { key: "CostCode", kind: "changed" as const, recordedValue: "CC-1", observedValue: "CC-2" };

  it("opens new findings, refreshes moved ones, resolves vanished ones and touches unchanged ones", () => {
    const result = reconcileDrift(
      [changed, { key: "Owner", kind: "removed", recordedValue: "o@x.y", observedValue: null }, { key: "Workload", kind: "changed", recordedValue: "a", observedValue: "b" }],
      [
        { id: "f-owner", key: "Owner", status: "open", recordedValue: "o@x.y", observedValue: "p@x.y" },
        { id: "f-workload", key: "Workload", status: "open", recordedValue: "a", observedValue: "b" },
        { id: "f-env", key: "Environment", status: "open", recordedValue: "dev", observedValue: "prod" },
      ],
    );
    expect(result).toEqual({
      open: [changed],
      refresh: [{ findingId: "f-owner", difference: { key: "Owner", kind: "removed", recordedValue: "o@x.y", observedValue: null } }],
      resolved: ["f-env"],
      seen: ["f-workload"],
    });
  });

  it("leaves a finding on a skipped key as it is", () => {
    const finding = { id: "f1", key: "CostCode", status: "open" as const, recordedValue: "CC-1", observedValue: "CC-2" };
    expect(reconcileDrift([], [finding], [], { skippedKeys: ["CostCode"] })).toEqual({ open: [], refresh: [], resolved: [], seen: [] });
    expect(reconcileDrift([], [finding]).resolved).toEqual(["f1"]);
  });

  it("leaves findings being reverted or adopted to their change request", () => {
    const result = reconcileDrift([], [{ id: "f1", key: "CostCode", status: "reverting", recordedValue: "CC-1", observedValue: "CC-2" }]);
    expect(result).toEqual({ open: [], refresh: [], resolved: [], seen: [] });
    expect(reconcileDrift([changed], [{ id: "f1", key: "CostCode", status: "adopting", recordedValue: "CC-1", observedValue: "CC-3" }]).open).toEqual([]);
  });

  it("keeps a dismissed difference dismissed until its values move", () => {
    const dismissed = [{ key: "CostCode", recordedValue: "CC-1", observedValue: "CC-2" }];
    expect(reconcileDrift([changed], [], dismissed).open).toEqual([]);
    expect(reconcileDrift([{ ...changed, observedValue: "CC-3" }], [], dismissed).open).toHaveLength(1);
  });
});

describe("driftSettlementChanges", () => {
  it("reverts to the recorded value or adopts the observed one (null removes)", () => {
    const finding = { key: "Owner", recordedValue: "o@x.y", observedValue: null };
    expect(driftSettlementChanges(finding, "revert")).toEqual({ Owner: "o@x.y" });
    expect(driftSettlementChanges(finding, "adopt")).toEqual({ Owner: null });
  });
});
