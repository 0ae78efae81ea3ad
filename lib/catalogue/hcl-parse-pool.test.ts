import { afterEach, describe, expect, it } from "vitest";
import { parseHcl } from "@/lib/hcl";
import { createHclParsePool, type HclParsePool } from "./hcl-parse-pool";

const files = Array.from({ length: 8 }, (_, k) => ({
  file: `f${k}.tf`,
  content: `variable "v${k}" {\n  type    = string\n  default = "\${upper("x")}-${k}"\n}\n\noutput "o${k}" {\n  value = var.v${k}\n}\n`,
}));
const broken = { file: "main.tf", content: 'resource "aws_sqs_queue" "this" {\n  name = \n' };

let pool: HclParsePool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

// Each worker compiles hcl2json's wasm first (about 0.6 s on a quiet machine, much longer on a busy one).
describe("the hcl2json worker pool", { timeout: 60_000 }, () => {
  it("parses on worker threads exactly as in-process, errors with their lines included", async () => {
    pool = createHclParsePool({ size: 2, perWorker: 2 });
    const expected = await Promise.all([...files, broken].map((f) => parseHcl(f.file, f.content)));
    const results = await Promise.all([...files, broken].map((f) => pool!.parse(f.file, f.content)));
    expect(results).toEqual(expected);
    expect(results.at(-1)).toMatchObject({ ok: false, errors: [{ file: "main.tf", line: expect.any(Number) }] });
    expect(pool.stats()).toMatchObject({ onWorkers: files.length, inProcess: 1 });
    expect(pool.stats().threads).toBeGreaterThan(0);
  });

  it("parses a batch of files on one worker in one message, in order, re-reading a broken one in-process", async () => {
    pool = createHclParsePool({ size: 1 });
    const batch = [files[0]!, broken, files[1]!];
    expect(await pool.parseFiles(batch)).toEqual(await Promise.all(batch.map((f) => parseHcl(f.file, f.content))));
    expect(pool.stats()).toMatchObject({ onWorkers: 2, inProcess: 1, threads: 1 });
    expect(await pool.parseFiles([])).toEqual([]);
  });

  it("parses in-process when hcl2json cannot be loaded in a worker", async () => {
    pool = createHclParsePool({ size: 1, resolveFrom: "/nonexistent/package.json" });
    const results = await Promise.all(files.slice(0, 3).map((f) => pool!.parse(f.file, f.content)));
    expect(results).toEqual(await Promise.all(files.slice(0, 3).map((f) => parseHcl(f.file, f.content))));
    expect(pool.stats()).toMatchObject({ onWorkers: 0, inProcess: 3 });
  });
});
