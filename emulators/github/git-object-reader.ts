import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { gitEnv } from "./git-exec.js";
import { parseTree, type GitObjectType, type TreeEntry } from "./git-objects.js";

export interface ObjectInfo {
  sha: string;
  type: GitObjectType;
  size: number;
}

export interface ObjectContent extends ObjectInfo {
  content: Buffer;
}

interface Pending {
  kind: "info" | "contents";
  resolve: (value: ObjectContent | ObjectInfo | null) => void;
  reject: (error: Error) => void;
}

const CACHE_LIMIT_BYTES = 64 * 1024 * 1024;
const INFO_CACHE_LIMIT = 500_000;

/**
 * Reads objects through one long-lived `git cat-file --batch-command` per repository,
 * so a catalogue sync that reads thousands of trees and blobs never pays a process spawn
 * per object. Objects addressed by full sha are immutable and cached.
 */
export class GitObjectReader {
  private child: ChildProcessWithoutNullStreams | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly queue: Pending[] = [];
  private readonly cache = new Map<string, ObjectContent>();
  private readonly infoCache = new Map<string, ObjectInfo>();
  private cacheBytes = 0;

  constructor(readonly repoDir: string) {}

  /** Resolves any revision expression (sha, ref, `tag^{tree}`, `main:path`) to its object header. */
  async info(name: string): Promise<ObjectInfo | null> {
    const cached = this.infoCache.get(name) ?? this.cache.get(name);
    if (cached) return { sha: cached.sha, type: cached.type, size: cached.size };
    const result = (await this.send("info", name)) as ObjectInfo | null;
    if (result && name === result.sha) {
      if (this.infoCache.size >= INFO_CACHE_LIMIT) this.infoCache.delete(this.infoCache.keys().next().value ?? "");
      this.infoCache.set(name, result);
    }
    return result;
  }

  async read(name: string): Promise<ObjectContent | null> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const result = (await this.send("contents", name)) as ObjectContent | null;
    if (result && name === result.sha) this.remember(result);
    return result;
  }

  async readTree(name: string): Promise<{ sha: string; entries: TreeEntry[] } | null> {
    const object = await this.read(name);
    if (!object || object.type !== "tree") return null;
    return { sha: object.sha, entries: parseTree(object.content) };
  }

  close(): void {
    const child = this.child;
    this.child = null;
    if (child) child.stdin.end();
    this.failAll(new Error("object reader closed"));
  }

  private remember(object: ObjectContent): void {
    if (object.size > 4 * 1024 * 1024) return;
    this.cache.set(object.sha, object);
    this.cacheBytes += object.size;
    while (this.cacheBytes > CACHE_LIMIT_BYTES) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cacheBytes -= this.cache.get(oldest)?.size ?? 0;
      this.cache.delete(oldest);
    }
  }

  private send(kind: Pending["kind"], name: string): Promise<ObjectContent | ObjectInfo | null> {
    if (name.length === 0 || /[\r\n\0]/.test(name)) return Promise.resolve(null);
    const child = this.ensureChild();
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) this.setActive(child, true);
      this.queue.push({ kind, resolve, reject });
      child.stdin.write(`${kind} ${name}\n`);
    });
  }

  private ensureChild(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn("git", ["--git-dir", this.repoDir, "cat-file", "--batch-command"], {
      env: gitEnv(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.stderr.on("data", () => undefined);
    child.stdin.on("error", () => undefined);
    const onExit = (): void => {
      if (this.child === child) this.child = null;
      this.buffer = Buffer.alloc(0);
      this.failAll(new Error(`git cat-file exited for ${this.repoDir}`));
    };
    child.on("error", onExit);
    child.on("exit", onExit);
    this.child = child;
    this.setActive(child, false);
    return child;
  }

  /** Keeps the event loop alive only while a read is pending, so idle readers never block exit. */
  private setActive(child: ChildProcessWithoutNullStreams, active: boolean): void {
    const handles = [child, child.stdout, child.stdin, child.stderr] as Array<{ ref?: () => void; unref?: () => void }>;
    for (const handle of handles) {
      if (active) handle.ref?.();
      else handle.unref?.();
    }
  }

  private drain(): void {
    for (;;) {
      const pending = this.queue[0];
      if (!pending) return;
      const newline = this.buffer.indexOf(0x0a);
      if (newline === -1) return;
      const header = this.buffer.toString("utf8", 0, newline);
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        this.consume(newline + 1, pending, null);
        continue;
      }
      const [sha = "", type = "", sizeText = "0"] = header.split(" ");
      const size = Number(sizeText);
      if (pending.kind === "info") {
        this.consume(newline + 1, pending, { sha, type: type as GitObjectType, size });
        continue;
      }
      const end = newline + 1 + size;
      if (this.buffer.length < end + 1) return;
      const content = Buffer.from(this.buffer.subarray(newline + 1, end));
      this.consume(end + 1, pending, { sha, type: type as GitObjectType, size, content });
    }
  }

  private consume(length: number, pending: Pending, value: ObjectContent | ObjectInfo | null): void {
    this.buffer = this.buffer.subarray(length);
    this.queue.shift();
    if (this.queue.length === 0 && this.child) this.setActive(this.child, false);
    pending.resolve(value);
  }

  private failAll(error: Error): void {
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}

const readers = new Map<string, GitObjectReader>();

/** Returns the shared reader for a bare repository, starting it on first use. */
export function getObjectReader(repoDir: string): GitObjectReader {
  let reader = readers.get(repoDir);
  if (!reader) {
    reader = new GitObjectReader(repoDir);
    readers.set(repoDir, reader);
  }
  return reader;
}

/** Stops every reader (server shutdown, repo deletion). */
export function closeObjectReaders(repoDirPrefix?: string): void {
  for (const [dir, reader] of readers) {
    if (repoDirPrefix && !dir.startsWith(repoDirPrefix)) continue;
    reader.close();
    readers.delete(dir);
  }
}
