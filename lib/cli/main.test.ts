import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runModuleDocs } from "./commands/module-docs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const VARIABLES = 3_000;
let dir: string;

/** Runs `npm run bulkhead -- <argv>` as npm does (tsx in a child process), stdout into a pipe. */
function runPiped(argv: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "lib/cli/main.ts", ...argv], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cli-pipe-"));
  // Several files, each well under the 1 MiB limit per file, together a JSON of over 1 MB.
  for (let file = 0; file < 3; file++) {
    let text = "";
    for (let k = file * (VARIABLES / 3); k < (file + 1) * (VARIABLES / 3); k++) {
      const name = `input_${String(k).padStart(5, "0")}`;
      text += `variable "${name}" {\n  description = "Setting ${k} of a generated module, long enough to make its JSON large."\n`;
      text += `  type        = object({ name = string, size = optional(number, ${k}) })\n  default     = { name = "item-${k}" }\n}\n\n`;
    }
    writeFileSync(path.join(dir, `variables_${file}.tf`), text);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("bulkhead CLI through a pipe", () => {
  it("writes every byte of a JSON over 1 MB before it exits", { timeout: 60_000 }, async () => {
    let expected = "";
    const code = await runModuleDocs([dir, "--format", "json"], { stdout: (s) => (expected += s), stderr: () => undefined });
    expect(code).toBe(0);
    expect((JSON.parse(expected) as { inputs: unknown[] }).inputs).toHaveLength(VARIABLES);

    const piped = await runPiped(["module-docs", dir, "--format", "json"]);
    expect(piped.stderr).toBe("");
    expect(piped.code).toBe(0);
    expect(Buffer.byteLength(expected)).toBeGreaterThan(1_000_000);
    // A pipe takes 64 KiB at a time: process.exit() before it drained cut the output at a multiple of that.
    expect(piped.stdout.length).toBe(Buffer.byteLength(expected));
    expect(piped.stdout.equals(Buffer.from(expected))).toBe(true);
  });

  it("passes a command's exit code on to the process", { timeout: 60_000 }, async () => {
    const piped = await runPiped(["module-docs", path.join(dir, "missing")]);
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain("directory not found");
    expect((await runPiped(["no-such-command"])).code).toBe(2);
  });
});
