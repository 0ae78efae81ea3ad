import { describe, expect, it } from "vitest";
import { deriveProvisionedProductName } from "./provisioned-product-name";

describe("deriveProvisionedProductName", () => {
  it("keeps the account name for the first attempt and suffixes later ones", () => {
    expect(deriveProvisionedProductName("payments-dev", 1)).toBe("payments-dev");
    expect(deriveProvisionedProductName("payments-dev", 2)).toBe("payments-dev-attempt-2");
    expect(deriveProvisionedProductName("payments-dev", 2)).toBe(deriveProvisionedProductName("payments-dev", 2));
  });

  it("refuses names and attempts that could not be a provisioned product", () => {
    expect(() => deriveProvisionedProductName("bad name", 1)).toThrow(/letters, digits/);
    expect(() => deriveProvisionedProductName("payments-dev", 0)).toThrow(/Attempt 0/);
    expect(() => deriveProvisionedProductName("payments-dev", 1.5)).toThrow(/Attempt/);
  });
});
