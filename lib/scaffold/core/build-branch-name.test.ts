import { describe, expect, it } from "vitest";
import { buildBranchName } from "./build-branch-name";

describe("buildBranchName", () => {
  it("names the branch after the unit and env, with the request id's first 8 hex digits", () => {
    expect(buildBranchName({ unitName: "jobs", env: "dev", id: "11111111-2222-4333-8444-555555555555" })).toBe("bulkhead/jobs-dev-11111111");
    expect(buildBranchName({ unitName: "vpc", env: "stage", id: "ab-cd-ef01-2345" })).toBe("bulkhead/vpc-stage-abcdef01");
  });
});
