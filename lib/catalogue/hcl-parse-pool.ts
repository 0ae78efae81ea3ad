import "server-only";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { parseHcl, type HclBody, type ParseHclResult } from "@/lib/hcl";

/**
 * hcl2json parses in a Go WebAssembly instance on the calling thread: during a sync it was the
 * main thread's largest cost, and while it parsed, the other tags' GitHub answers and database
 * writes waited. The pool runs hcl2json in worker threads instead.
 *
 * The worker is a short CommonJS script evaluated from a string, so it needs no file of its own
 * that Next's bundler, tsx or vitest would have to know about; it loads `@cdktn/hcl2json` (an
 * external package, present in node_modules in every setting) from the working directory. If a
 * worker cannot start, the pool parses in-process, as before. A version's files travel as one
 * message each way: per message, posting and cloning cost the main thread more than the files'
 * size does.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
let hcl2json;
try {
  hcl2json = createRequire(workerData.resolveFrom)("@cdktn/hcl2json");
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, message: String(error && error.message || error) });
}
parentPort.on("message", (task) => {
  Promise.all(
    task.files.map((f) => hcl2json.parse(f[0], f[1]).then((body) => ({ ok: true, body }), () => ({ ok: false }))),
  ).then((results) => parentPort.postMessage({ id: task.id, results }));
});
`;

export interface HclParser {
  /** Same contract as lib/hcl's `parseHcl`. */
  parse(file: string, content: string): Promise<ParseHclResult>;
  /** `parse` for several files at once, on one worker, in their order. */
  parseFiles(files: Array<{ file: string; content: string }>): Promise<ParseHclResult[]>;
}

export interface HclParsePool extends HclParser {
  /** Threads the pool runs at most. */
  readonly size: number;
  /** Files parsed on a worker thread, and files parsed in-process (fallback, or a syntax error re-read). */
  stats(): { onWorkers: number; inProcess: number; threads: number };
  close(): Promise<void>;
}

export interface CreateHclParsePoolOptions {
  /** Worker threads at most; default: the cores but one (at least one). */
  size?: number;
  /** Batches (`parse` calls and `parseFiles` calls) queued on one worker at once: the wasm bridge answers asynchronously, so a few keep it busy. */
  perWorker?: number;
  /** Workers idle this long are stopped (the wasm instance holds memory). Default 30 s. */
  idleMs?: number;
  /** Where `@cdktn/hcl2json` is resolved from; default `<cwd>/package.json`. */
  resolveFrom?: string;
}

const MAX_CRASHES = 3;

interface Task {
  id: number;
  files: Array<{ file: string; content: string }>;
  resolve: (results: ParseHclResult[]) => void;
}

interface PoolWorker {
  worker: Worker;
  inFlight: Map<number, Task>;
}

/** A pool of hcl2json worker threads; see {@link WORKER_SOURCE}'s comment for why it is built this way. */
export function createHclParsePool(options: CreateHclParsePoolOptions = {}): HclParsePool {
  const size = Math.max(1, options.size ?? availableParallelism() - 1);
  const perWorker = options.perWorker ?? 4;
  const idleMs = options.idleMs ?? 30_000;
  const resolveFrom = options.resolveFrom ?? path.join(process.cwd(), "package.json");
  const workers: PoolWorker[] = [];
  const queue: Task[] = [];
  let nextId = 1;
  let unavailable = false;
  let crashes = 0;
  let idleTimer: NodeJS.Timeout | null = null;

  let onWorkers = 0;
  let parsedInProcess = 0;
  const parseInProcess = (file: { file: string; content: string }): Promise<ParseHclResult> => {
    parsedInProcess += 1;
    return parseHcl(file.file, file.content);
  };
  const inProcess = (task: Task) => {
    void Promise.all(task.files.map(parseInProcess)).then(task.resolve);
  };

  const retire = (entry: PoolWorker) => {
    const index = workers.indexOf(entry);
    if (index >= 0) workers.splice(index, 1);
    // Whatever it held is parsed again in-process: a crash must not lose or fail a version.
    for (const task of entry.inFlight.values()) inProcess(task);
    entry.inFlight.clear();
  };

  const spawn = (): PoolWorker => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { resolveFrom } });
    const entry: PoolWorker = { worker, inFlight: new Map() };
    worker.on("message", (message: { ready?: boolean; id?: number; results?: Array<{ ok: boolean; body?: HclBody }> }) => {
      if (message.ready !== undefined) {
        // hcl2json could not be loaded here: parse in-process from now on.
        if (!message.ready) {
          unavailable = true;
          retire(entry);
          void worker.terminate();
        }
        return;
      }
      const task = message.id === undefined ? undefined : entry.inFlight.get(message.id);
      if (!task) return;
      entry.inFlight.delete(task.id);
      // A syntax error is rare: parsing that file again in-process gives lib/hcl's errors with their lines.
      const results = message.results ?? [];
      void Promise.all(
        task.files.map((file, k): ParseHclResult | Promise<ParseHclResult> => {
          const result = results[k];
          if (!result?.ok) return parseInProcess(file);
          onWorkers += 1;
          return { ok: true, body: result.body ?? {} };
        }),
      ).then(task.resolve);
      pump();
    });
    worker.on("error", () => {
      // A worker that keeps crashing is not worth restarting: parse in-process from then on.
      if (++crashes >= MAX_CRASHES) unavailable = true;
      retire(entry);
    });
    worker.on("exit", () => {
      retire(entry);
      pump();
    });
    workers.push(entry);
    return entry;
  };

  const scheduleIdleStop = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (queue.length === 0 && workers.every((w) => w.inFlight.size === 0)) {
        for (const entry of workers.splice(0)) void entry.worker.terminate();
      }
    }, idleMs);
    idleTimer.unref();
  };

  function pump(): void {
    while (queue.length > 0) {
      if (unavailable) {
        for (const task of queue.splice(0)) inProcess(task);
        return;
      }
      let target = workers.reduce<PoolWorker | null>((best, w) => (w.inFlight.size < perWorker && (!best || w.inFlight.size < best.inFlight.size) ? w : best), null);
      if (!target || (target.inFlight.size > 0 && workers.length < size)) target = workers.length < size ? spawn() : target;
      if (!target) return;
      const task = queue.shift()!;
      target.inFlight.set(task.id, task);
      target.worker.postMessage({ id: task.id, files: task.files.map((f) => [f.file, f.content]) });
    }
    // Workers with nothing to do must not keep the process alive.
    for (const w of workers) {
      if (w.inFlight.size === 0) w.worker.unref();
      else w.worker.ref();
    }
    if (workers.every((w) => w.inFlight.size === 0)) scheduleIdleStop();
  }

  function parseFiles(files: Array<{ file: string; content: string }>): Promise<ParseHclResult[]> {
    if (files.length === 0) return Promise.resolve([]);
    return new Promise<ParseHclResult[]>((resolve) => {
      queue.push({ id: nextId++, files, resolve });
      pump();
    });
  }

  return {
    size,
    stats: () => ({ onWorkers, inProcess: parsedInProcess, threads: workers.length }),
    async parse(file, content) {
      const [result] = await parseFiles([{ file, content }]);
      return result!;
    },
    parseFiles,
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      const closing = workers.splice(0);
      await Promise.all(closing.map((w) => w.worker.terminate()));
    },
  };
}

let shared: HclParsePool | null = null;

/** The process's pool, created on first use; its threads stop when idle. */
export function getSharedHclParsePool(): HclParsePool {
  shared ??= createHclParsePool();
  return shared;
}
