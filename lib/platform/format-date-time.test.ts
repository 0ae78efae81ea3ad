import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format-date-time";

describe("formatDateTime", () => {
  it("writes the issue's example with its zone, whatever the process time zone", () => {
    expect(formatDateTime(new Date("2026-11-30T01:10:34.512Z"))).toBe("30 Nov 2026, 01:10 UTC");
    expect(formatDateTime("2026-11-30T01:10:34.512Z", { seconds: true })).toBe("30 Nov 2026, 01:10:34 UTC");
  });

  it("converts other offsets to UTC and pads hours and minutes, not the day", () => {
    expect(formatDateTime("2026-12-01T00:05:00+02:00")).toBe("30 Nov 2026, 22:05 UTC");
    expect(formatDateTime("2027-01-01T09:03:00Z")).toBe("1 Jan 2027, 09:03 UTC");
  });

  it("answers an empty string for a value that is not a time", () => {
    expect(formatDateTime("yesterday")).toBe("");
    expect(formatDate(new Date(Number.NaN))).toBe("");
  });

  it("writes dates without a time", () => {
    expect(formatDate("2026-11-30T23:59:59Z")).toBe("30 Nov 2026");
  });
});
