import { describe, expect, it } from "vitest";
import { describeSettingsSave } from "./describe-settings-save";

describe("describeSettingsSave", () => {
  it("says how many due dates moved when the policy is applied", () => {
    expect(describeSettingsSave({ noticesUpdated: 0, policyPending: false })).toEqual({ tone: "success", text: "Saved. No open notice changed its due date." });
    expect(describeSettingsSave({ noticesUpdated: 1, policyPending: false }).text).toBe("Saved. 1 open notice got a new due date.");
    expect(describeSettingsSave({ noticesUpdated: 3, policyPending: false }).text).toBe("Saved. 3 open notices got a new due date.");
  });

  it("warns that the sweep applies a policy the save could not apply", () => {
    expect(describeSettingsSave({ noticesUpdated: 0, policyPending: true })).toEqual({
      tone: "warning",
      text: "The policy is saved but not applied to every open notice yet: the next notice sweep applies it within 5 minutes.",
    });
    expect(describeSettingsSave({ noticesUpdated: 2, policyPending: true }).text).toBe(
      "2 open notices got a new due date. The policy is saved but not applied to every open notice yet: the next notice sweep applies it within 5 minutes.",
    );
  });
});
