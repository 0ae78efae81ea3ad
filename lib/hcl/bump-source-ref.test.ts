import { describe, expect, it } from "vitest";
import { bumpSourceRef, findSourceLocations, rewriteSourceLine } from "./bump-source-ref";
import { readUnit } from "./read-unit";

const UNIT = `# Hand-edited unit — keep comments ✓
include "root" {
  path = find_in_parent_folders("root.hcl")
}

dependency "vpc" {
  config_path = "../vpc"
}

terraform {
    # pinned by Renovate
    source   =   "git::https://github.com/acme-platform/iac-modules.git//modules/rds?ref=rds/v1.2.0"  # trailing
}

inputs = {
  name      = "orders-db" # why: legacy name
  vpc_id = dependency.vpc.outputs.vpc_id
  literal = "$\${not_a_ref}"
  mixed = "db-\${local.env}"
  password  = get_env("DB_PASSWORD")
}
`;

describe("bumpSourceRef", () => {
  it("changes only the ref bytes; the rest of the file is byte-identical", async () => {
    const result = await bumpSourceRef({ text: UNIT, newRef: "rds/v1.10.0", expectedOldRef: "rds/v1.2.0" });
    expect(result).toMatchObject({ oldRef: "rds/v1.2.0", changed: true });
    const at = UNIT.indexOf("rds/v1.2.0");
    expect(result.text.slice(0, at)).toBe(UNIT.slice(0, at));
    expect(result.text.slice(at, at + "rds/v1.10.0".length)).toBe("rds/v1.10.0");
    expect(result.text.slice(at + "rds/v1.10.0".length)).toBe(UNIT.slice(at + "rds/v1.2.0".length));
    expect(result.text).toContain("# pinned by Renovate");
    expect(result.text).toContain("# trailing");
  });

  it("refuses when the file is not at the expected ref", async () => {
    await expect(bumpSourceRef({ text: UNIT, newRef: "rds/v2.0.0", expectedOldRef: "rds/v1.1.0" })).rejects.toThrow(/not "rds\/v1.1.0"/);
  });

  it("reports no change when the ref is already the new one", async () => {
    expect(await bumpSourceRef({ text: UNIT, newRef: "rds/v1.2.0" })).toEqual({ text: UNIT, oldRef: "rds/v1.2.0", changed: false });
  });

  it("edits the named module block in plain Terraform files", async () => {
    const tf = `module "a" {\n  source = "git::https://x/a.git?ref=v1"\n}\n\nmodule "b" {\n  source = "git::https://x/b.git?ref=v1" // b\n  n      = 1\n}\n`;
    const result = await bumpSourceRef({ text: tf, newRef: "v2", moduleName: "b" });
    expect(result.text).toBe(tf.replace('b.git?ref=v1"', 'b.git?ref=v2"'));
    await expect(bumpSourceRef({ text: tf, newRef: "v2" })).rejects.toThrow(/Several module blocks/);
    await expect(bumpSourceRef({ text: tf, newRef: "v2", moduleName: "c" })).rejects.toThrow(/No module "c"/);
  });

  it("does not touch files with syntax errors or template sources", async () => {
    await expect(bumpSourceRef({ text: 'terraform {\n  source = "x?ref=1"\n', newRef: "2" })).rejects.toThrow(/syntax errors/);
    expect(await findSourceLocations('terraform {\n  source = "git::https://x/y.git?ref=${local.v}"\n}\n')).toEqual([]);
  });

  it("locates sources with UTF-16 offsets even after non-ASCII text", async () => {
    const [location] = await findSourceLocations(UNIT);
    expect(UNIT.slice(location!.start, location!.end)).toBe("git::https://github.com/acme-platform/iac-modules.git//modules/rds?ref=rds/v1.2.0");
  });
});

describe("rewriteSourceLine", () => {
  it("rewrites a Renovate-style source line and leaves other lines alone", () => {
    expect(rewriteSourceLine('  source = "git::https://x/y.git//m?ref=v1" # keep', "v2")).toBe('  source = "git::https://x/y.git//m?ref=v2" # keep');
    expect(rewriteSourceLine('  name = "v1"', "v2")).toBe('  name = "v1"');
  });
});

describe("readUnit", () => {
  it("reads source, inputs (unescaped literals, references as expressions) and dependencies", async () => {
    expect(await readUnit(UNIT)).toEqual({
      source: "git::https://github.com/acme-platform/iac-modules.git//modules/rds?ref=rds/v1.2.0",
      inputs: {
        name: "orders-db",
        vpc_id: { __expr: "dependency.vpc.outputs.vpc_id" },
        literal: "${not_a_ref}",
        mixed: { __expr: '"db-${local.env}"' },
        password: { __expr: 'get_env("DB_PASSWORD")' },
      },
      dependencies: [{ name: "vpc", configPath: "../vpc" }],
      modules: [],
    });
  });
  it("reads module blocks of plain Terraform files", async () => {
    expect((await readUnit('module "x" {\n  source = "git::https://x/y.git?ref=v1"\n  n = 1\n}\n')).modules).toEqual([
      { name: "x", source: "git::https://x/y.git?ref=v1", inputs: { n: 1 } },
    ]);
  });
});
