import { describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client";
import { isCheckViolation, isUniqueViolation, readJsonObject, readStringMap, toJsonInput } from "./prisma-store-helpers";

describe("the Prisma stores' helpers", () => {
  it("reads a string map back, leaving out what is not a string", () => {
    expect(readStringMap({ team: "ledger", cost: 12, owner: null, env: "prod" })).toEqual({ team: "ledger", env: "prod" });
    expect(readStringMap(["a"])).toEqual({});
    expect(readStringMap(null)).toEqual({});
  });

  it("reads an object column as {} when it holds anything else", () => {
    expect(readJsonObject<{ a?: number }>({ a: 1 })).toEqual({ a: 1 });
    expect(readJsonObject<{ a?: number }>([1])).toEqual({});
    expect(readJsonObject<{ a?: number }>("x")).toEqual({});
  });

  it("writes what JSON keeps of a value", () => {
    expect(toJsonInput({ at: new Date("2026-01-02T03:04:05Z"), gone: undefined, n: 1 })).toEqual({ at: "2026-01-02T03:04:05.000Z", n: 1 });
  });

  it("recognises a unique violation and a named CHECK violation, in the message or the metadata", () => {
    const unique = new Prisma.PrismaClientKnownRequestError("Unique constraint failed", { code: "P2002", clientVersion: "7" });
    expect(isUniqueViolation(unique)).toBe(true);
    expect(isUniqueViolation(new Error("P2002"))).toBe(false);
    const inMeta = Object.assign(new Error("SQLSTATE 23514"), { meta: { constraint: "decider_not_requester" } });
    expect(isCheckViolation(inMeta, "decider_not_requester")).toBe(true);
    expect(isCheckViolation(new Error('new row violates check constraint "decider_not_requester"'), "decider_not_requester")).toBe(true);
    expect(isCheckViolation(new Error('new row violates check constraint "other"'), "decider_not_requester")).toBe(false);
    expect(isCheckViolation("23514 decider_not_requester", "decider_not_requester")).toBe(false);
  });
});
