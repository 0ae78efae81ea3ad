import { describe, expect, it } from "vitest";
import { compileRe2 } from "./compile-re2";
import { ConditionUncheckableError, evaluateCondition as evaluateWith, isConditionCheckable } from "./evaluate-condition";

// The server's evaluation, with RE2 (validate-inputs passes the same engine).
const evaluateCondition = (text: string, vars: Record<string, unknown>) => evaluateWith(text, vars, { regex: compileRe2 });
import { cidrHost, cidrNetmask, parseCidr } from "./parse-cidr";

const vars = {
  name: "web-app",
  n: 4,
  tags: { Team: "core", Env: "dev" },
  subnets: [{ cidr: "10.0.1.0/24", az: "a" }, { cidr: "10.0.2.0/24", az: "b" }],
  ref: { __expr: "dependency.x.outputs.y" },
  nothing: null,
};

describe("evaluateCondition", () => {
  it.each([
    ['can(regex("^[a-z-]+$", var.name))', true],
    ['can(regex("^[0-9]+$", var.name))', false],
    ['length(regexall("-", var.name)) == 1', true],
    ["length(var.tags) == 2 && length(var.subnets) > 1", true],
    ['contains(keys(var.tags), "Team")', true],
    ['alltrue([for k, v in var.tags : length(v) > 2])', true],
    ['alltrue([for s in var.subnets : can(cidrnetmask(s.cidr)) if s.az == "a"])', true],
    ['anytrue([for s in var.subnets[*].az : s == "c"])', false],
    ["var.n % 2 == 0 && -var.n < 0 && !(var.n > 4)", true],
    ['var.nothing == null || length(var.nothing) > 0', true],
    ["var.n > 3 ? true : false", true],
    ['lower(var.tags["Env"]) == "dev"', true],
    ['startswith(var.name, "web") && endswith(var.name, "app") && strcontains(var.name, "-")', true],
    ["length(var.nothing) > 0", false], // a runtime error: Terraform rejects the value
    ["var.n", false], // not a bool
    ['try(var.tags.Missing, "x") == "x"', true],
  ])("%s → %s", (condition, expected) => {
    expect(evaluateCondition(condition, vars)).toBe(expected);
  });

  it.each([
    "fileexists(var.name)",
    "local.allowed == var.name",
    '"${var.name}" == "x"',
    "var.ref == 1",
    "var.unset == 1",
    "max(var.list...) > 1",
    '{ for k in var.x : k => 1 } == {}',
  ])("cannot check %s", (condition) => {
    expect(() => evaluateCondition(condition, vars)).toThrow(ConditionUncheckableError);
  });

  it("reports checkability without values", () => {
    expect(isConditionCheckable("length(var.x) > 1")).toBe(true);
    expect(isConditionCheckable("data.aws_x.y == 1")).toBe(false);
  });
});

describe("compileRe2", () => {
  it("reads RE2 syntax as Terraform does", () => {
    expect(compileRe2("(?i)^abc$").test("ABC")).toBe(true);
    expect(compileRe2("^(?P<word>[[:alpha:]]+)\\z").exec("hello")?.groups?.word).toBe("hello");
    expect(compileRe2("\\A[[:digit:]]{3}$").test("123")).toBe(true);
    expect(compileRe2("^\\pL+$").test("héllo")).toBe(true);
    expect(compileRe2("^a\\-b$").test("a-b")).toBe(true);
  });
  it("gives up on syntax RE2 rejects, naming why", () => {
    expect(() => compileRe2("(?=x)")).toThrow(ConditionUncheckableError);
    expect(() => compileRe2("(a)\\1")).toThrow(/Not a valid RE2 regular expression.*backreferences/);
    expect(compileRe2("(?U)a+").exec("aaa")?.[0]).toBe("a");
  });
  it("runs a catastrophic-backtracking pattern from a module in linear time", () => {
    // On a backtracking engine (JS RegExp) this is 2^40 steps; RE2 answers at once.
    const evil = "a".repeat(40) + "!";
    expect(evaluateCondition('can(regex("^(a+)+$", var.v))', { v: evil })).toBe(false);
    expect(evaluateCondition('length(regexall("(a|aa)+b", var.v)) == 0', { v: evil })).toBe(true);
    expect(evaluateCondition('can(regex("^(a+)+!$", var.v))', { v: evil })).toBe(true);
  });
});

describe("CIDR functions", () => {
  it("parses IPv4 and IPv6 prefixes", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ bytes: [10, 0, 0, 0], prefix: 16 });
    expect(parseCidr("2001:db8::/32")?.prefix).toBe(32);
    expect(parseCidr("::ffff:10.0.0.1/128")?.bytes.slice(10)).toEqual([255, 255, 10, 0, 0, 1]);
    for (const bad of ["10.0.0.0", "10.0.0.256/8", "10.0.0/8", "10.0.0.0/33", "1::2::3/64", "fd00::/129", "x/1"]) {
      expect(parseCidr(bad)).toBeNull();
    }
  });
  it("computes cidrhost and cidrnetmask like Terraform", () => {
    expect(cidrHost("10.12.112.0/20", 16)).toBe("10.12.112.16");
    expect(cidrHost("10.12.112.0/20", 268)).toBe("10.12.113.12");
    expect(cidrHost("10.0.0.0/24", -1)).toBe("10.0.0.255");
    expect(cidrHost("10.0.0.0/24", 256)).toBeNull();
    expect(cidrHost("fd00:fd12:3456:7890:00a2::/72", 34)).toBe("fd00:fd12:3456:7890::22");
    expect(cidrNetmask("172.16.0.0/12")).toBe("255.240.0.0");
    expect(cidrNetmask("fd00::/64")).toBeNull();
  });
});

describe("without a regex engine (the form in the browser)", () => {
  it("leaves regex conditions to the server and still evaluates the rest", () => {
    expect(() => evaluateWith('can(regex("^[a-z]+$", var.v))', { v: "abc" })).toThrow(ConditionUncheckableError);
    expect(() => evaluateWith('length(regexall("a", var.v)) > 0', { v: "abc" })).toThrow(ConditionUncheckableError);
    expect(evaluateWith("length(var.v) > 2", { v: "abc" })).toBe(true);
  });
});
