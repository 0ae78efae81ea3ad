import { describe, expect, it } from "vitest";
import { formatConsumptionSource, upgradeCompareHref } from "./unit-links";

describe("upgradeCompareHref", () => {
  const vpc = { name: "vpc", source: "acme-platform/iac-modules" };

  it("links to the compare view from the pinned version to the latest", () => {
    expect(upgradeCompareHref({ module: vpc, version: "1.2.0", latestVersion: "2.0.0" })).toBe(
      "/catalogue/acme-platform/iac-modules/vpc?version=2.0.0&from=1.2.0&to=2.0.0#changes",
    );
  });

  it("has no link for a unit on the latest, or not from the catalogue", () => {
    expect(upgradeCompareHref({ module: vpc, version: "2.0.0", latestVersion: "2.0.0" })).toBeNull();
    expect(upgradeCompareHref({ module: null, version: null, latestVersion: null })).toBeNull();
    expect(upgradeCompareHref({ module: vpc, version: "1.0.0", latestVersion: null })).toBeNull();
  });
});

describe("formatConsumptionSource", () => {
  it("shows the ref once when the source already carries it", () => {
    const source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v2.0.0";
    expect(formatConsumptionSource(source, "vpc/v2.0.0")).toBe(source);
  });

  it("adds the ref when the source has none", () => {
    expect(formatConsumptionSource("git::https://example.test/x.git//vpc", "v1.0.0")).toBe("git::https://example.test/x.git//vpc?ref=v1.0.0");
    expect(formatConsumptionSource("https://example.test/x.zip?archive=zip", "v1")).toBe("https://example.test/x.zip?archive=zip&ref=v1");
    expect(formatConsumptionSource("./local", null)).toBe("./local");
  });
});
