// The parse limit of ingest: every root .tf file of every version (the files ingest parses)
// through @cdktn/hcl2json alone, first serially in this thread, then split over worker threads.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { parse } from "@cdktn/hcl2json";
import type { MonorepoModule } from "../corpus/write-module-monorepo";

export interface ParseFiles {
  versions: number;
  files: Array<[string, string]>;
  bytes: number;
}

/** The root `.tf` files of every release: what extract-module-docs hands to hcl2json. */
export function collectRootTfFiles(modules: MonorepoModule[]): ParseFiles {
  const files: Array<[string, string]> = [];
  let versions = 0;
  let bytes = 0;
  for (const mod of modules) {
    mod.releases.forEach((_, v) => {
      versions += 1;
      for (const [file, content] of Object.entries(mod.files(v))) {
        if (file.includes("/") || !file.endsWith(".tf")) continue;
        files.push([file, content]);
        bytes += Buffer.byteLength(content);
      }
    });
  }
  return { versions, files, bytes };
}

/** Wall time, and this process's CPU time (the Go runtime under hcl2json runs on this thread too). */
export async function measureSerialParse(input: ParseFiles): Promise<{ ms: number; cpuMs: number; failed: number }> {
  await parse("warm-up.tf", 'variable "x" {\n  type = string\n}\n');
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let failed = 0;
  for (const [file, content] of input.files) {
    try {
      await parse(file, content);
    } catch {
      failed += 1;
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, failed };
}

/** Splits the files round-robin over `threads` workers; wall time from send to the last answer, after warm-up. */
export async function measureWorkerParse(input: ParseFiles, threads = os.availableParallelism()): Promise<{ ms: number; threads: number; failed: number }> {
  const workers = Array.from({ length: threads }, () => new Worker(new URL("./parse-hcl-worker.mjs", import.meta.url)));
  try {
    const next = (worker: Worker) =>
      new Promise<{ type: string; ms?: number; failed?: number }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    await Promise.all(workers.map((w) => { const answer = next(w); w.postMessage({ type: "warm-up" }); return answer; }));
    const shares = workers.map((_, i) => input.files.filter((__, k) => k % threads === i));
    const started = performance.now();
    const answers = await Promise.all(workers.map((w, i) => { const answer = next(w); w.postMessage({ type: "parse", files: shares[i] }); return answer; }));
    return { ms: performance.now() - started, threads, failed: answers.reduce((n, a) => n + (a.failed ?? 0), 0) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
