import { describe, expect, it } from "vitest";
import { deriveConsumerRepoName } from "./consumer-repo-name";

describe("deriveConsumerRepoName", () => {
  it("names the repo after the workload, as the demo org does", () => {
    expect(deriveConsumerRepoName("orders")).toBe("orders-infra");
  });

  it("refuses a slug that would not be a repository name", () => {
    expect(() => deriveConsumerRepoName("../x")).toThrow(/cannot name/);
    expect(() => deriveConsumerRepoName("")).toThrow(/cannot name/);
  });
});
