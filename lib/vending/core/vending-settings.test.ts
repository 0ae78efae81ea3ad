import { describe, expect, it } from "vitest";
import { defaultVendingSettings, environmentsForTier, vendingSettingsSchema, type VendingSettingsInput } from "./vending-settings";

const base: VendingSettingsInput = {
  accountNamePattern: "{workload}-{env}",
  emailPattern: "aws+{workload}-{env}@corp.example",
  tierEnvironments: { "1": ["dev", "stage", "prod"] },
};
const issues = (input: VendingSettingsInput) => {
  const result = vendingSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("vendingSettingsSchema", () => {
  it("fills defaults: Account Factory by name, cap 5, no repos", () => {
    expect(vendingSettingsSchema.parse(base)).toMatchObject({ productName: "AWS Control Tower Account Factory", productId: null, maxInFlight: 5, providerRepoOwner: null, defaultOus: {} });
  });
  it("sorts tier environments and refuses unknown ones", () => {
    expect(vendingSettingsSchema.parse({ ...base, tierEnvironments: { "2": ["prod", "dev", "prod"] } }).tierEnvironments).toEqual({ "2": ["dev", "prod"] });
    expect(issues({ ...base, tierEnvironments: { "1": ["qa" as "dev"] } })).toHaveLength(1);
    expect(issues({ ...base, tierEnvironments: { x: ["dev"] } })).toEqual(["tierEnvironments.x: A tier is a digit from 1 to 9"]);
    expect(issues({ ...base, tierEnvironments: {} })).toEqual(["tierEnvironments: Define at least one tier"]);
  });
  it("holds the cap to Control Tower's 1–10", () => {
    expect(issues({ ...base, maxInFlight: 11 })).toEqual(["maxInFlight: Control Tower allows at most 10 concurrent account operations"]);
    expect(issues({ ...base, maxInFlight: 0 })).toEqual(["maxInFlight: At least 1"]);
  });
  it("checks patterns, OUs and repo names", () => {
    expect(issues({ ...base, accountNamePattern: "{workload}" })).toEqual([expect.stringMatching(/^accountNamePattern: .*both/)]);
    expect(issues({ ...base, defaultOus: { dev: { id: "r-ab12", name: "Root" } } })).toEqual(["defaultOus.dev.id: An OU id looks like ou-ab12-34cd56ef"]);
    expect(issues({ ...base, providerRepoOwner: "acme", providerRepoName: "" })).toEqual(["providerRepoName: Give both the owner and the repository name, or neither"]);
    expect(issues({ ...base, providerRepoOwner: "acme", providerRepoName: ".." })).toEqual(["providerRepoName: Not a GitHub repository name"]);
  });
});

describe("environmentsForTier", () => {
  it("gives the tier's environments in promotion order", () => {
    expect(environmentsForTier(defaultVendingSettings, 1)).toEqual(["dev", "stage", "prod"]);
    expect(environmentsForTier(defaultVendingSettings, 2)).toEqual(["dev", "prod"]);
  });
  it("names the tiers there are when asked for another", () => {
    expect(() => environmentsForTier(defaultVendingSettings, 7)).toThrow("Tier 7 is not defined (tiers: 1, 2, 3)");
  });
});
