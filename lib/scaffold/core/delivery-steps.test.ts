import { describe, expect, it } from "vitest";
import { describeDeliveryStep } from "./delivery-steps";

describe("describeDeliveryStep", () => {
  it("names known steps, passes unknown ones through and says delivering when none is recorded", () => {
    expect(describeDeliveryStep("pull")).toBe("opening the pull request");
    expect(describeDeliveryStep("toString")).toBe("toString");
    expect(describeDeliveryStep("later")).toBe("later");
    expect(describeDeliveryStep(null)).toBe("delivering");
  });
});
