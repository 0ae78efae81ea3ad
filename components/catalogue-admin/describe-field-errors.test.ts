import { describe, expect, it } from "vitest";
import { describeFieldErrors, fieldErrorMap } from "./describe-field-errors";

describe("describeFieldErrors", () => {
  it("names fields by their labels, never by their keys", () => {
    const error = {
      message: "reason: Say why, so consumers know what to do.; upgradeDeadline: Pick a date in the future.",
      fieldErrors: [
        { path: "reason", message: "Say why, so consumers know what to do." },
        { path: "upgradeDeadline", message: "Pick a date in the future." },
      ],
    };
    const text = describeFieldErrors(error);
    expect(text).toBe("Reason: Say why, so consumers know what to do. Upgrade deadline: Pick a date in the future.");
    expect(text).not.toMatch(/reason:|upgradeDeadline/);
    expect(describeFieldErrors({ message: "x", fieldErrors: [{ path: "(root)", message: "Bad." }] })).toBe("This form: Bad.");
    expect(describeFieldErrors({ message: "GitHub is down." })).toBe("GitHub is down.");
    expect(fieldErrorMap(error)).toEqual({ reason: "Say why, so consumers know what to do.", upgradeDeadline: "Pick a date in the future." });
  });
});
