import { describe, expect, it } from "vitest";
import { decideVulnerableVersion, describeAdvisory, isEnvAllowedForVulnerable, type VulnerableVersionCheck } from "./decide-vulnerable-version";

const advisory = { severity: "high" as const, text: "Flow logs are written without encryption", url: "https://www.cve.org/CVERecord?id=CVE-2026-4242", fixedIn: "1.2.0" };
const check = (extra: Partial<VulnerableVersionCheck> = {}): VulnerableVersionCheck => ({
  module: "vpc",
  version: "1.1.0",
  status: "vulnerable",
  advisory,
  env: "dev",
  acknowledged: false,
  isAdmin: false,
  ...extra,
});

describe("decideVulnerableVersion", () => {
  it("lets every other status through, acknowledged or not, in any env", () => {
    for (const status of ["active", "deprecated", "withdrawn"] as const) {
      for (const env of ["dev", "stage", "prod"]) {
        expect(decideVulnerableVersion(check({ status, env, advisory: null }))).toEqual({ outcome: "not_vulnerable" });
      }
    }
  });

  it("refuses a vulnerable version without the acknowledgement, naming the version, the advisory and the fix", () => {
    const decision = decideVulnerableVersion(check());
    expect(decision.outcome).toBe("acknowledgement_required");
    if (decision.outcome !== "acknowledgement_required") throw new Error("unreachable");
    expect(decision.field).toBe("acknowledgeVulnerability");
    expect(decision.message).toContain("vpc 1.1.0 is flagged vulnerable (high severity)");
    expect(decision.message).toContain("Flow logs are written without encryption.");
    expect(decision.message).toContain("https://www.cve.org/CVERecord?id=CVE-2026-4242");
    expect(decision.message).toContain("Fixed in 1.2.0");
    expect(decision.message).toContain("acknowledgeVulnerability: true");
  });

  it("accepts an acknowledged vulnerable version outside prod, with what the audit keeps", () => {
    for (const env of ["dev", "stage"]) {
      expect(decideVulnerableVersion(check({ env, acknowledged: true }))).toEqual({
        outcome: "acknowledged",
        acknowledgement: {
          module: "vpc",
          version: "1.1.0",
          env,
          severity: "high",
          advisory: "Flow logs are written without encryption",
          advisoryUrl: advisory.url,
          fixedIn: "1.2.0",
          adminOverride: false,
        },
      });
    }
  });

  it("refuses prod to anyone but an admin, even acknowledged", () => {
    for (const acknowledged of [false, true]) {
      const decision = decideVulnerableVersion(check({ env: "prod", acknowledged }));
      expect(decision).toMatchObject({ outcome: "prod_needs_admin", field: "env" });
      if (decision.outcome !== "prod_needs_admin") throw new Error("unreachable");
      expect(decision.message).toContain("vpc 1.1.0 is flagged vulnerable");
      expect(decision.message).toContain("Only a platform admin may put a vulnerable version into prod: pick 1.2.0");
    }
  });

  it("lets an admin into prod only with the acknowledgement, marked as an admin override", () => {
    expect(decideVulnerableVersion(check({ env: "prod", isAdmin: true })).outcome).toBe("acknowledgement_required");
    expect(decideVulnerableVersion(check({ env: "prod", isAdmin: true, acknowledged: true }))).toMatchObject({
      outcome: "acknowledged",
      acknowledgement: { env: "prod", adminOverride: true },
    });
    expect(decideVulnerableVersion(check({ env: "dev", isAdmin: true, acknowledged: true }))).toMatchObject({ acknowledgement: { adminOverride: false } });
  });

  it("still decides for flags migrated without severity, link or fix", () => {
    const bare = { severity: null, text: null, url: null, fixedIn: null };
    const decision = decideVulnerableVersion(check({ advisory: bare }));
    if (decision.outcome !== "acknowledgement_required") throw new Error(`unexpected ${decision.outcome}`);
    expect(decision.message).toMatch(/^vpc 1\.1\.0 is flagged vulnerable: no advisory text was recorded\. No fixed version is known yet\./);
    expect(decideVulnerableVersion(check({ advisory: null, env: "prod" }))).toMatchObject({ outcome: "prod_needs_admin", message: expect.stringContaining("pick a fixed version") });
  });
});

describe("describeAdvisory and isEnvAllowedForVulnerable", () => {
  it("keeps the advisory's own punctuation", () => {
    expect(describeAdvisory({ module: "vpc", version: "1.1.0", advisory: { ...advisory, text: "Leaks keys!" } })).toContain("(high severity): Leaks keys! Advisory:");
  });

  it("closes prod to non-admins only", () => {
    expect(isEnvAllowedForVulnerable("prod", false)).toBe(false);
    expect(isEnvAllowedForVulnerable("prod", true)).toBe(true);
    expect(isEnvAllowedForVulnerable("stage", false)).toBe(true);
  });
});
