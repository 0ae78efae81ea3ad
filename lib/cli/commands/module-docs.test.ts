import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runModuleDocs } from "./module-docs";

let dir: string;

function write(relative: string, content: string): void {
  const full = path.join(dir, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runModuleDocs(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "module-docs-"));
  write("variables.tf", 'variable "name" {\n  type        = string\n  description = "The name"\n}\n');
  write("outputs.tf", 'output "id" {\n  value = 1\n}\n');
  write("CHANGELOG.md", "## [1.0.0]\n- First\n");
  write(".terraform/modules/x/variables.tf", 'variable "from_dot_terraform" {}\n');
  write(".git/config", "[core]\n");
  write("modules/sub/main.tf", 'variable "inner" {}\n');
  write("examples/basic/main.tf", 'module "x" {\n  source = "../.."\n}\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("runModuleDocs", () => {
  it("prints markdown by default", async () => {
    const result = await run([dir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("## Inputs");
    expect(result.stdout).toContain('| <a name="input_name"></a> [name](#input\\_name) | The name | `string` | n/a | yes |');
    expect(result.stdout).not.toContain("from_dot_terraform");
  });

  it("prints terraform-docs json with --format json or --format=json", async () => {
    for (const argv of [[dir, "--format", "json"], ["--format=json", dir]]) {
      const result = await run(argv);
      expect(result.code).toBe(0);
      const json = JSON.parse(result.stdout) as { inputs: Array<{ name: string; required: boolean }>; outputs: Array<{ name: string }> };
      expect(json.inputs.map((i) => [i.name, i.required])).toEqual([["name", true]]);
      expect(json.outputs.map((o) => o.name)).toEqual(["id"]);
    }
  });

  it("adds the changelog section when a version is given", async () => {
    const result = await run([dir, "--format", "json", "--version", "v1.0.0"]);
    expect((JSON.parse(result.stdout) as { changelog: string }).changelog).toBe("## [1.0.0]\n- First");
  });

  it("names a missing directory, a bad flag and a bad format", async () => {
    const missing = await run([path.join(dir, "nope")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("directory not found");

    const badFlag = await run([dir, "--colour"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("unknown option --colour");

    const badFormat = await run([dir, "--format", "yaml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown format "yaml"');

    const noDir = await run([]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toContain("missing module directory");
  });

  it("fails with file and line when a .tf file does not parse, still printing the rest", async () => {
    const broken = mkdtempSync(path.join(tmpdir(), "module-docs-broken-"));
    try {
      writeFileSync(path.join(broken, "ok.tf"), 'variable "fine" {}\n');
      writeFileSync(path.join(broken, "bad.tf"), 'variable "x" {\n  a = = 1\n}\n');
      const result = await run([broken, "--format", "json"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^bad\.tf:2: Invalid expression/);
      expect((JSON.parse(result.stdout) as { inputs: Array<{ name: string }> }).inputs.map((i) => i.name)).toEqual(["fine"]);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });

  it("refuses a folder without .tf files", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "module-docs-empty-"));
    try {
      const result = await run([empty]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("no .tf files");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("names each file it skips for size or for being binary, with the reason", async () => {
    const odd = mkdtempSync(path.join(tmpdir(), "module-docs-skipped-"));
    try {
      const huge = `variable "x" {}\n${"# padding\n".repeat(115_000)}`;
      writeFileSync(path.join(odd, "huge.tf"), huge);
      const onlyHuge = await run([odd]);
      expect(onlyHuge.code).toBe(1);
      expect(onlyHuge.stderr).toBe(
        `module-docs: skipped huge.tf: larger than 1 MiB (${Buffer.byteLength(huge)} bytes)\nmodule-docs: no .tf files in ${odd}\n`,
      );

      writeFileSync(path.join(odd, "main.tf"), 'variable "fine" {}\n');
      mkdirSync(path.join(odd, "docs"));
      writeFileSync(path.join(odd, "docs", "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0a]));
      const mixed = await run([odd, "--format", "json"]);
      expect(mixed.code).toBe(0);
      expect(mixed.stderr.split("\n")).toEqual([
        "module-docs: skipped docs/logo.png: binary (contains NUL bytes)",
        `module-docs: skipped huge.tf: larger than 1 MiB (${Buffer.byteLength(huge)} bytes)`,
        "",
      ]);
      expect((JSON.parse(mixed.stdout) as { inputs: Array<{ name: string }> }).inputs.map((i) => i.name)).toEqual(["fine"]);
    } finally {
      rmSync(odd, { recursive: true, force: true });
    }
  });
});
