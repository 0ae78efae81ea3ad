import { describe, expect, it } from "vitest";
import { applyNamePattern, checkAccountName, checkEmail, checkNamePattern, checkSsoName, deriveAccountEmail, deriveAccountName } from "./account-naming";

describe("deriveAccountName / deriveAccountEmail", () => {
  it("fills {workload} and {env}", () => {
    expect(deriveAccountName("{workload}-{env}", { workload: "payments", env: "prod" })).toBe("payments-prod");
    expect(deriveAccountEmail("aws+{workload}-{env}@corp.example", { workload: "payments", env: "dev" })).toBe("aws+payments-dev@corp.example");
  });
  it("replaces every occurrence and leaves other text alone", () => {
    expect(applyNamePattern("{env}.{workload}.{env}", { workload: "w", env: "stage" })).toBe("stage.w.stage");
  });
  it("refuses a result AWS would refuse, naming the value", () => {
    expect(() => deriveAccountName("{workload}-{env}-" + "x".repeat(40), { workload: "payments", env: "prod" })).toThrow(/at most 50 characters/);
    expect(() => deriveAccountEmail("{workload}-{env}@" + "d".repeat(60) + ".com", { workload: "payments", env: "prod" })).toThrow(/at most 64/);
  });
});

describe("checkAccountName", () => {
  it.each(["payments-prod", "a", "A1", "team_a.dev-2", "x".repeat(50)])("accepts %j", (name) => expect(checkAccountName(name)).toBeNull());
  it.each(["", "-lead", "trail-", "trail.", "has space", "../etc", "a/b", 'q"uote', "${x}", "x".repeat(51), "é", "a\nb"])("refuses %j", (name) =>
    expect(checkAccountName(name)).not.toBeNull(),
  );
});

describe("checkEmail", () => {
  it.each(["aws+payments-prod@corp.example", "a.b_c@x.co", "ROOT@Example.COM"])("accepts %j", (email) => expect(checkEmail(email, { maxLength: 64 })).toBeNull());
  it.each([
    ["", /Enter/],
    ["a@b.c", /at least 6/],
    ["no-at.example.com", /exactly one @/],
    ["a@b@c.com", /exactly one @/],
    [".a@corp.com", /before @/],
    ["a..b@corp.com", /before @/],
    ['"q"@corp.com', /before @/],
    ["a b@corp.com", /before @/],
    ["a@corp", /domain/],
    ["a@-corp.com", /domain/],
    ["a@corp.c0m", /top-level/],
    ["a@corp.com\n", /top-level|domain/],
  ])("refuses %j", (email, message) => expect(checkEmail(email)).toMatch(message));
  it("holds account emails to AWS's 64 characters", () => {
    const email = `${"a".repeat(55)}@corp.com`;
    expect(email).toHaveLength(64);
    expect(checkEmail(email, { maxLength: 64 })).toBeNull();
    expect(checkEmail(`a${email}`, { maxLength: 64 })).toMatch(/at most 64/);
  });
});

describe("checkNamePattern", () => {
  it("accepts the defaults", () => {
    expect(checkNamePattern("{workload}-{env}", "accountName")).toBeNull();
    expect(checkNamePattern("aws+{workload}-{env}@corp.example", "email")).toBeNull();
  });
  it("needs both placeholders and knows no others", () => {
    expect(checkNamePattern("{workload}", "accountName")).toMatch(/both \{workload\} and \{env\}/);
    expect(checkNamePattern("{workload}-{env}-{team}", "accountName")).toMatch(/Unknown placeholder \{team\}/);
    expect(checkNamePattern("{workload}-{env}}", "accountName")).toMatch(/Unbalanced/);
  });
  it("refuses a pattern that gives invalid names, or too long ones for a long slug", () => {
    expect(checkNamePattern("{workload} {env}", "accountName")).toMatch(/gives "ab dev"/);
    expect(checkNamePattern("{workload}-{env}-acct-eu-west-1", "accountName")).toMatch(/40-character workload slug/);
    expect(checkNamePattern("{workload}-{env}", "email")).toMatch(/exactly one @/);
  });
});

describe("checkSsoName", () => {
  it.each(["Ana", "Jean-Luc", "O'Brien", "Zoë", "José María", "Ångström"])("accepts %j", (name) => expect(checkSsoName(name)).toBeNull());
  it.each(["", " Ana", "Ana1", "<script>", "a".repeat(51), "Ana\nB"])("refuses %j", (name) => expect(checkSsoName(name)).not.toBeNull());
});
