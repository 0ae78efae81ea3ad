import { describe, expect, it } from "vitest";
import { isRepoRef } from "./repo-ref";
import { repoRefSchema } from "./repo-ref-schema";

describe("repoRefSchema", () => {
  it("accepts GitHub's owner/name and refuses . and .., extra slashes and names GitHub refuses", () => {
    for (const ok of ["acme/infra", "Acme-Platform/IaC-Modules", "a/.github", "a/..x", "a/x.y_z-1", "a1/b"]) expect(isRepoRef(ok), ok).toBe(true);
    for (const bad of ["acme/..", "acme/.", "../infra", "./infra", "acme/infra/x", "acme", "acme_x/infra", "-acme/infra", `${"a".repeat(40)}/x`, `a/${"b".repeat(101)}`, "acme/in fra", "acme/in%2Ffra", "acme/"]) {
      expect(isRepoRef(bad), bad).toBe(false);
    }
    expect(repoRefSchema.safeParse(" acme/infra ")).toEqual({ success: true, data: "acme/infra" });
    expect(repoRefSchema.safeParse("acme/..").error?.issues[0]?.message).toBe("Write the repository as owner/name, e.g. acme-platform/iac-modules.");
  });
});
