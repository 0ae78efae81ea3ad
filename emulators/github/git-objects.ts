import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

export type GitObjectType = "blob" | "tree" | "commit" | "tag";

/** One entry of a git tree object. `mode` is git's own spelling ("40000" for trees). */
export interface TreeEntry {
  mode: string;
  name: string;
  sha: string;
}

export interface GitSignature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** e.g. "+0000" */
  timezone: string;
}

export interface CommitObject {
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
}

export interface TagObject {
  object: string;
  type: GitObjectType;
  tag: string;
  tagger: GitSignature | null;
  message: string;
}

export const EMPTY_TREE_SHA = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
export const ZERO_SHA = "0000000000000000000000000000000000000000";

export function isFullSha(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value);
}

/** Computes the object id git would give `content` stored as `type`. */
export function hashObject(type: GitObjectType, content: Buffer): string {
  return createHash("sha1").update(`${type} ${content.length}\0`).update(content).digest("hex");
}

/**
 * Writes a loose object straight into the object store. Doing this in-process instead of
 * spawning `git hash-object` per object keeps bulk seeding and API writes fast; the format
 * (zlib of "<type> <size>\0<content>") is git's stable on-disk format.
 */
export async function writeObject(repoDir: string, type: GitObjectType, content: Buffer): Promise<string> {
  const sha = hashObject(type, content);
  const dir = path.join(repoDir, "objects", sha.slice(0, 2));
  const file = path.join(dir, sha.slice(2));
  // Synchronous fs on purpose: four tiny syscalls are far cheaper inline than via the thread pool.
  if (existsSync(file)) return sha;
  const compressed = deflateSync(Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]));
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `tmp_obj_${randomBytes(6).toString("hex")}`);
  writeFileSync(tmp, compressed, { mode: 0o444 });
  renameSync(tmp, file);
  return sha;
}

/** Git orders tree entries by name, comparing directories as if their name ended with "/". */
function treeSortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.mode === "40000" ? `${entry.name}/` : entry.name, "utf8");
}

export function serializeTree(entries: readonly TreeEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(treeSortKey(a), treeSortKey(b)));
  const parts: Buffer[] = [];
  for (const entry of sorted) {
    parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, "utf8"), Buffer.from(entry.sha, "hex"));
  }
  return Buffer.concat(parts);
}

export function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let offset = 0;
  while (offset < content.length) {
    const space = content.indexOf(0x20, offset);
    const nul = content.indexOf(0, space);
    const mode = content.toString("utf8", offset, space);
    const name = content.toString("utf8", space + 1, nul);
    const sha = content.toString("hex", nul + 1, nul + 21);
    entries.push({ mode, name, sha });
    offset = nul + 21;
  }
  return entries;
}

export function formatSignature(signature: GitSignature): string {
  return `${signature.name} <${signature.email}> ${signature.timestamp} ${signature.timezone}`;
}

export function parseSignature(line: string): GitSignature {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!match) return { name: line, email: "", timestamp: 0, timezone: "+0000" };
  return { name: match[1] ?? "", email: match[2] ?? "", timestamp: Number(match[3]), timezone: match[4] ?? "+0000" };
}

/** Renders a signature's time as GitHub does (ISO 8601 in UTC, no milliseconds). */
export function signatureDate(signature: GitSignature): string {
  return new Date(signature.timestamp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function serializeCommit(commit: CommitObject): Buffer {
  const lines = [`tree ${commit.tree}`, ...commit.parents.map((p) => `parent ${p}`)];
  lines.push(`author ${formatSignature(commit.author)}`, `committer ${formatSignature(commit.committer)}`);
  const message = commit.message.endsWith("\n") ? commit.message : `${commit.message}\n`;
  return Buffer.from(`${lines.join("\n")}\n\n${message}`, "utf8");
}

/** Splits "header\nheader\n continuation\n\nmessage" into headers and message. */
function splitHeaders(text: string): { headers: Array<[string, string]>; message: string } {
  const end = text.indexOf("\n\n");
  const head = end === -1 ? text : text.slice(0, end);
  const message = end === -1 ? "" : text.slice(end + 2);
  const headers: Array<[string, string]> = [];
  for (const line of head.split("\n")) {
    const last = headers[headers.length - 1];
    if (line.startsWith(" ") && last) last[1] += `\n${line.slice(1)}`;
    else {
      const space = line.indexOf(" ");
      headers.push([line.slice(0, space), line.slice(space + 1)]);
    }
  }
  return { headers, message };
}

export function parseCommit(content: Buffer): CommitObject {
  const { headers, message } = splitHeaders(content.toString("utf8"));
  const commit: CommitObject = {
    tree: "",
    parents: [],
    author: parseSignature(""),
    committer: parseSignature(""),
    message,
  };
  for (const [key, value] of headers) {
    if (key === "tree") commit.tree = value;
    else if (key === "parent") commit.parents.push(value);
    else if (key === "author") commit.author = parseSignature(value);
    else if (key === "committer") commit.committer = parseSignature(value);
  }
  return commit;
}

export function serializeTag(tag: TagObject): Buffer {
  const lines = [`object ${tag.object}`, `type ${tag.type}`, `tag ${tag.tag}`];
  if (tag.tagger) lines.push(`tagger ${formatSignature(tag.tagger)}`);
  const message = tag.message.endsWith("\n") ? tag.message : `${tag.message}\n`;
  return Buffer.from(`${lines.join("\n")}\n\n${message}`, "utf8");
}

export function parseTag(content: Buffer): TagObject {
  const { headers, message } = splitHeaders(content.toString("utf8"));
  const tag: TagObject = { object: "", type: "commit", tag: "", tagger: null, message };
  for (const [key, value] of headers) {
    if (key === "object") tag.object = value;
    else if (key === "type") tag.type = value as GitObjectType;
    else if (key === "tag") tag.tag = value;
    else if (key === "tagger") tag.tagger = parseSignature(value);
  }
  return tag;
}
