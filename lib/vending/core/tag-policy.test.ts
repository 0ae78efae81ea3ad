import { describe, expect, it } from "vitest";
import {
  buildAccountTags,
  checkTagKey,
  checkTagValue,
  defaultTagPolicy,
  findPolicyViolations,
  tagPolicyKeysSchema,
  validateEnteredTags,
  type TagPolicy,
} from "./tag-policy";

const policy: TagPolicy = {
  version: 3,
  keys: tagPolicyKeysSchema.parse([
    { key: "CostCode", description: "Cost centre", pattern: "CC-[0-9]{4}" },
    { key: "DataClassification", allowedValues: ["public", "internal", "confidential"] },
    { key: "Owner", required: true },
    { key: "Project", required: false },
    { key: "Workload", source: "derived", derivedFrom: "workload", whoMayChange: "nobody" },
    { key: "Environment", source: "derived", derivedFrom: "environment", whoMayChange: "nobody" },
  ]),
};
const good = { CostCode: "CC-1234", DataClassification: "internal", Owner: "ana@corp.example" };

describe("validateEnteredTags", () => {
  it("accepts values that meet the policy and normalises spaces", () => {
    const result = validateEnteredTags(policy, { ...good, Owner: "  ana@corp.example " });
    expect(result).toEqual({ ok: true, value: good });
  });

  it("refuses a derived key entered by the lead, naming where it comes from", () => {
    const result = validateEnteredTags(policy, { ...good, Environment: "prod" });
    expect(result).toEqual({ ok: false, errors: [{ path: "tags.Environment", message: expect.stringContaining("set by the portal from the environment") }] });
  });

  it("reports every missing required key, and nothing for an optional one", () => {
    const result = validateEnteredTags(policy, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path).sort()).toEqual(["tags.CostCode", "tags.DataClassification", "tags.Owner"]);
    expect(result.errors.find((e) => e.path === "tags.CostCode")?.message).toBe("CostCode is required (Cost centre)");
  });

  it("treats an empty value of a required key as missing, once", () => {
    const result = validateEnteredTags(policy, { ...good, Owner: "   " });
    expect(result).toEqual({ ok: false, errors: [{ path: "tags.Owner", message: "Owner is required" }] });
  });

  it("matches an admin's nested-quantifier pattern in linear time", () => {
    // `^(?:(a+)+)$` against 40 a's and an "@" is 2^40 steps on a backtracking engine.
    const nested: TagPolicy = { version: 1, keys: tagPolicyKeysSchema.parse([{ key: "Code", required: true, pattern: "(a+)+" }]) };
    expect(validateEnteredTags(nested, { Code: `${"a".repeat(40)}@` })).toEqual({ ok: false, errors: [{ path: "tags.Code", message: "Code must match (a+)+" }] });
    expect(validateEnteredTags(nested, { Code: "aaaa" })).toEqual({ ok: true, value: { Code: "aaaa" } });
  });

  it("checks allowed values and anchored patterns", () => {
    const result = validateEnteredTags(policy, { ...good, DataClassification: "secret", CostCode: "xCC-1234x" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: "tags.CostCode", message: "CostCode must match CC-[0-9]{4}" },
      { path: "tags.DataClassification", message: "DataClassification must be one of: public, internal, confidential" },
    ]);
  });

  it("refuses keys outside the policy and characters AWS refuses", () => {
    const result = validateEnteredTags(policy, { ...good, Team: "x", Project: "a;b" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: "tags.Team", message: "Team is not in the tag policy" },
      { path: "tags.Project", message: expect.stringContaining("letters, digits, spaces") },
    ]);
  });

  it("drops an empty optional value instead of tagging it", () => {
    expect(validateEnteredTags(policy, { ...good, Project: "" })).toEqual({ ok: true, value: good });
  });
});

describe("buildAccountTags", () => {
  it("adds the derived keys from the workload and environment", () => {
    expect(buildAccountTags(policy, { entered: good, workloadSlug: "payments", env: "stage" })).toEqual({ ...good, Workload: "payments", Environment: "stage" });
  });
  it("lets the derived value win over anything passed as entered", () => {
    expect(buildAccountTags(policy, { entered: { ...good, Environment: "prod" }, workloadSlug: "payments", env: "dev" }).Environment).toBe("dev");
  });
});

describe("tagPolicyKeysSchema", () => {
  const parse = (keys: unknown) => tagPolicyKeysSchema.safeParse(keys);
  const messages = (keys: unknown) => {
    const result = parse(keys);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("parses the default policy with two derived keys", () => {
    expect(defaultTagPolicy.keys.filter((k) => k.source === "derived").map((k) => k.key)).toEqual(["Workload", "Environment"]);
  });
  it("refuses a pattern that does not compile, and pattern with allowed values", () => {
    expect(messages([{ key: "A", pattern: "([a-z" }])).toEqual([expect.stringMatching(/^0\.pattern: Not a valid RE2 regular expression/)]);
    // RE2 has no backreferences: a pattern that needs a backtracking engine is refused when saved.
    expect(messages([{ key: "A", pattern: "(a)\\1" }])).toEqual([expect.stringMatching(/^0\.pattern: Not a valid RE2 regular expression .*backreferences/)]);
    expect(messages([{ key: "A", pattern: "a", allowedValues: ["a"] }])).toEqual(["0.pattern: Give allowed values or a pattern, not both"]);
  });
  it("refuses derived keys without a source, optional, changeable or constrained", () => {
    expect(messages([{ key: "W", source: "derived", whoMayChange: "nobody" }])).toEqual(["0.derivedFrom: A derived key needs derivedFrom: workload or environment"]);
    expect(messages([{ key: "W", source: "derived", derivedFrom: "workload" }])).toEqual(["0.whoMayChange: Nobody may change a derived key"]);
    expect(messages([{ key: "W", source: "derived", derivedFrom: "workload", whoMayChange: "nobody", required: false }])).toEqual([
      "0.required: A derived key is always set, so it must be required",
    ]);
  });
  it("refuses duplicate keys whatever their case, and two keys derived from one source", () => {
    expect(messages([{ key: "CostCode" }, { key: "costcode" }])).toEqual(['1.key: "costcode" is already in the policy']);
    expect(
      messages([
        { key: "W1", source: "derived", derivedFrom: "workload", whoMayChange: "nobody" },
        { key: "W2", source: "derived", derivedFrom: "workload", whoMayChange: "nobody" },
      ]),
    ).toEqual(["1.derivedFrom: Another key is already derived from the workload"]);
  });
  it("refuses reserved and malformed keys", () => {
    expect(messages([{ key: "aws:createdBy" }])).toEqual(['0.key: Tag keys starting with "aws:" are reserved for AWS']);
    expect(messages([{ key: "a\nb" }])).toHaveLength(1);
  });
});

describe("AWS tag rules", () => {
  it.each(["CostCode", "cost-centre/team:a=b+c@d_e.f", "Kostenstelle Ä", "x".repeat(128)])("accepts key %j", (key) => expect(checkTagKey(key)).toBeNull());
  it.each(["", "x".repeat(129), "a\u2028b", "a;b", "aws:x", "AWS:x"])("refuses key %j", (key) => expect(checkTagKey(key)).not.toBeNull());
  it("allows empty values up to 256 characters", () => {
    expect(checkTagValue("")).toBeNull();
    expect(checkTagValue("v".repeat(256))).toBeNull();
    expect(checkTagValue("v".repeat(257))).not.toBeNull();
    expect(checkTagValue('${x}"')).not.toBeNull();
  });
});

describe("findPolicyViolations", () => {
  it("lists missing and disallowed values, and ignores tags outside the policy", () => {
    expect(findPolicyViolations(policy, { CostCode: "CC-12", Owner: "a", Extra: "anything", Workload: "w", Environment: "dev" })).toEqual([
      { key: "CostCode", problem: "CostCode must match CC-[0-9]{4}" },
      { key: "DataClassification", problem: "missing" },
    ]);
  });
});
