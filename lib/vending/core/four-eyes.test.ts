import { describe, expect, it } from "vitest";
import { assertCanDecide } from "./four-eyes";

const bob = "0b0b0b0b-0000-4000-8000-000000000001";
const carol = "0c0c0c0c-0000-4000-8000-000000000002";

describe("assertCanDecide", () => {
  it("lets another admin decide", () => {
    expect(() => assertCanDecide({ requestedById: bob, decider: { id: carol, isAdmin: true } })).not.toThrow();
  });
  it("refuses the requester, even when they are an admin", () => {
    expect(() => assertCanDecide({ requestedById: carol, decider: { id: carol, isAdmin: true } })).toThrow(/four-eyes/);
    expect(() => assertCanDecide({ requestedById: carol, decider: { id: carol.toUpperCase(), isAdmin: true } })).toThrow(/four-eyes/);
  });
  it("refuses anyone who is not an admin", () => {
    expect(() => assertCanDecide({ requestedById: carol, decider: { id: bob, isAdmin: false } })).toThrow(/Only platform admins/);
  });
});
