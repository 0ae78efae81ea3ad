import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRender } from "./render";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "bulkhead-render-"));
  await writeFile(
    path.join(dir, "variables.tf"),
    `variable "name" {
  type = string
  validation {
    condition     = can(regex("^[a-z-]+$", var.name))
    error_message = "Lowercase letters and dashes only."
  }
}

variable "subnets" {
  type    = list(object({ cidr = string, az = optional(string, "a") }))
  default = []
}

variable "password" {
  type      = string
  sensitive = true
  default   = null
}
`,
  );
  await writeFile(path.join(dir, "good.json"), JSON.stringify({ name: "main", subnets: [{ cidr: "10.0.1.0/24", az: "a" }], password: { __expr: 'get_env("DB_PASSWORD")' } }));
  await writeFile(path.join(dir, "bad.json"), JSON.stringify({ name: "Main", subnets: [{ cidr: 5 }], password: "hunter2" }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runRender(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readFile: (p) => readFile(p, "utf8"),
  });
  return { code, stdout, stderr };
}

const SOURCE = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.0.0";

describe("bulkhead render", () => {
  it("prints a Terragrunt unit with the given ref", async () => {
    const result = await run(["--source", SOURCE, "--ref", "vpc/v1.2.0", "--inputs", path.join(dir, "good.json")]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: `include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0"
}

inputs = {
  name = "main"
  subnets = [
    {
      cidr = "10.0.1.0/24"
      az   = "a"
    },
  ]
  password = get_env("DB_PASSWORD")
}
`,
    });
  });

  it("validates against --module-dir and drops values equal to defaults", async () => {
    const result = await run([`--source=${SOURCE}`, "--ref=vpc/v1.2.0", `--inputs=${path.join(dir, "good.json")}`, `--module-dir=${dir}`, "--style=terraform", "--name=network"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`module "network" {
  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0"

  name = "main"
  subnets = [
    {
      cidr = "10.0.1.0/24"
    },
  ]
  password = get_env("DB_PASSWORD")
}
`);
  });

  it("exits 1 with field errors on stderr for invalid inputs", async () => {
    const result = await run(["--source", SOURCE, "--ref", "vpc/v1.2.0", "--inputs", path.join(dir, "bad.json"), "--module-dir", dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter(Boolean)).toEqual([
      "subnets[0].cidr: Must be a string",
      "password: Sensitive input: choose a reference (get_env or a dependency output) instead of a plain value",
      "name: Lowercase letters and dashes only.",
    ]);
  });

  it("exits 2 on bad usage", async () => {
    expect((await run(["--source", SOURCE])).code).toBe(2);
    expect((await run(["--source", SOURCE, "--ref", "v1", "--inputs", "x.json", "--style", "pulumi"])).code).toBe(2);
    expect((await run(["--source", "../local", "--ref", "v1", "--inputs", "x.json"])).code).toBe(2);
    expect((await run(["--help"])).code).toBe(0);
  });

  it("exits 1 when the inputs file is missing or not an object", async () => {
    expect((await run(["--source", SOURCE, "--ref", "v1", "--inputs", path.join(dir, "missing.json")])).code).toBe(1);
    await writeFile(path.join(dir, "list.json"), "[1]");
    expect((await run(["--source", SOURCE, "--ref", "v1", "--inputs", path.join(dir, "list.json")])).stderr).toMatch(/JSON object/);
  });
});
