import { describe, expect, it } from "vitest";
import { deriveProvisionToken, PROVISION_TOKEN } from "./provision-token";

const id = "3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f";

describe("deriveProvisionToken", () => {
  it("is the same for the same request and attempt (a replay finds the first record)", () => {
    expect(deriveProvisionToken(id, 1)).toBe(deriveProvisionToken(id, 1));
    expect(deriveProvisionToken(id.toUpperCase(), 1)).toBe(deriveProvisionToken(id, 1));
  });
  it("differs between attempts and between requests", () => {
    expect(deriveProvisionToken(id, 2)).not.toBe(deriveProvisionToken(id, 1));
    expect(deriveProvisionToken("3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e60", 1)).not.toBe(deriveProvisionToken(id, 1));
  });
  it("is valid for AWS at the largest attempt", () => {
    const token = deriveProvisionToken(id, 9999);
    expect(token).toMatch(PROVISION_TOKEN);
    expect(token.length).toBeLessThanOrEqual(128);
    expect(deriveProvisionToken(id, 1)).toBe(`bulkhead-${id}-1`);
  });
  it.each([["not-a-uuid", 1], [`${id}x`, 1], [id, 0], [id, 1.5], [id, 10000]])("refuses %j attempt %j", (badId, attempt) =>
    expect(() => deriveProvisionToken(badId as string, attempt as number)).toThrow(),
  );
});
