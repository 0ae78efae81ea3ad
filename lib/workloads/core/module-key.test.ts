import { describe, expect, it } from "vitest";
import { moduleKey, sourceKey } from "./module-key";

describe("moduleKey", () => {
  it("lower-cases owner and repo and normalises the folder", () => {
    expect(moduleKey({ owner: "Acme", repo: "IaC-Modules" }, "modules/vpc")).toBe("acme/iac-modules//modules/vpc");
    expect(moduleKey({ owner: "acme", repo: "vpc" }, "./modules/vpc/")).toBe("acme/vpc//modules/vpc");
    expect(moduleKey({ owner: "acme", repo: "vpc" }, "")).toBe("acme/vpc//");
    expect(moduleKey({ owner: "acme", repo: "vpc" }, ".")).toBe("acme/vpc//");
  });
});

describe("sourceKey", () => {
  it("gives one key for one module whatever the host, scheme or .git suffix", () => {
    const https = sourceKey("git::https://github.com/acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0");
    const ssh = sourceKey("git::git@github.com:acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0");
    const emulator = sourceKey("git::http://127.0.0.1:4010/Acme/iac-modules.git//modules/vpc?ref=vpc/v1.0.0");
    expect(https).toEqual({ key: "acme/iac-modules//modules/vpc", ref: "vpc/v1.2.0", repoUrl: "https://github.com/acme/iac-modules.git" });
    expect(ssh?.key).toBe(https?.key);
    expect(emulator).toMatchObject({ key: https?.key, ref: "vpc/v1.0.0" });
  });

  it("keys a repo-root module with an empty folder and keeps a missing ref as null", () => {
    expect(sourceKey("git::https://github.com/acme/terraform-aws-vpc.git")).toEqual({ key: "acme/terraform-aws-vpc//", ref: null, repoUrl: "https://github.com/acme/terraform-aws-vpc.git" });
  });

  it("returns null for sources that are not git sources on owner/repo", () => {
    expect(sourceKey(null)).toBeNull();
    expect(sourceKey("../modules/local")).toBeNull();
    expect(sourceKey("terraform-aws-modules/vpc/aws")).toBeNull();
  });
});
