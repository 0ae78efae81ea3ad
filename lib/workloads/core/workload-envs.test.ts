import { describe, expect, it } from "vitest";
import { nextEnvOf, workloadEnvs } from "./workload-envs";

describe("workload envs", () => {
  it("lists the account folders in promotion order", () => {
    expect(workloadEnvs).toEqual(["dev", "stage", "prod"]);
  });

  it("promotes dev to stage and stage to prod, and nothing after prod or outside the envs", () => {
    expect(nextEnvOf("dev")).toBe("stage");
    expect(nextEnvOf("stage")).toBe("prod");
    expect(nextEnvOf("prod")).toBeNull();
    expect(nextEnvOf("sandbox")).toBeNull();
  });
});
