import type { EmulatorConfig } from "./emulator-context.js";
import { parseCommit, type CommitObject, type TreeEntry } from "./git-objects.js";
import { repoApiUrl } from "./github-shapes.js";
import { listRefs } from "./git-store.js";
import { ApiError, notFound } from "./http-io.js";
import type { RepoHandle } from "./repo-registry.js";

/** Characters that would turn a ref or path into a revision expression (`^{}`, `~`, `@{}`, `..`). */
const REVISION_SYNTAX = /[\s~^:?*[\\\0]|@\{|\.\./;

export function isPlainRefName(ref: string): boolean {
  return ref.length > 0 && !REVISION_SYNTAX.test(ref) && !ref.startsWith("-");
}

/** True when nothing was ever pushed: no branch and no tag (what GitHub calls an empty repository). */
export async function isEmptyRepo(repo: RepoHandle): Promise<boolean> {
  if (await repo.reader.info("HEAD")) return false;
  return (await listRefs(repo.dir)).length === 0;
}

/** GitHub's git data API answers 409 "Git Repository is empty." until the first push. */
export async function requireNonEmptyRepo(repo: RepoHandle): Promise<void> {
  if (await isEmptyRepo(repo)) throw new ApiError(409, "Git Repository is empty.");
}

/** Resolves a branch, tag or sha to a commit; 404 when nothing matches. */
export async function resolveCommitOr404(repo: RepoHandle, ref: string): Promise<{ sha: string; commit: CommitObject }> {
  if (!isPlainRefName(ref)) throw notFound();
  const object = await repo.reader.read(`${ref}^{commit}`);
  if (!object) throw notFound();
  return { sha: object.sha, commit: parseCommit(object.content) };
}

/** GitHub spells tree modes with six digits ("040000"). */
export function apiMode(mode: string): string {
  return mode.padStart(6, "0");
}

export function entryType(mode: string): "blob" | "tree" | "commit" {
  if (mode === "40000") return "tree";
  if (mode === "160000") return "commit";
  return "blob";
}

/**
 * Cuts a recursive tree listing where GitHub does (`limits.treeEntries` entries or
 * `limits.treeBytes` of JSON), reporting whether anything was left out.
 */
export function truncateTree(entries: readonly ApiTreeEntry[], limits: { treeEntries: number; treeBytes: number }): { tree: ApiTreeEntry[]; truncated: boolean } {
  let bytes = 2;
  for (const [index, entry] of entries.entries()) {
    bytes += JSON.stringify(entry).length + 1;
    if (index >= limits.treeEntries || bytes > limits.treeBytes) return { tree: entries.slice(0, index), truncated: true };
  }
  return { tree: [...entries], truncated: false };
}

export interface ApiTreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  size?: number;
  url?: string;
}

const treeCache = new Map<string, ApiTreeEntry[]>();
const TREE_CACHE_LIMIT = 20_000;

/**
 * Lists a tree (optionally recursively) with blob sizes. Trees are immutable, so each
 * (sub)tree listing is cached by sha: successive tags of a monorepo share almost every
 * subtree, and listing a new tag costs only the folders that changed.
 */
export async function listTree(config: EmulatorConfig, repo: RepoHandle, treeSha: string, recursive: boolean): Promise<ApiTreeEntry[]> {
  const key = `${repo.dir}\0${treeSha}\0${recursive ? 1 : 0}`;
  const cached = treeCache.get(key);
  if (cached) return cached;
  const api = repoApiUrl(config, repo);
  const tree = await repo.reader.readTree(treeSha);
  const entries: TreeEntry[] = tree?.entries ?? [];
  const sizes = await Promise.all(entries.map((e) => (entryType(e.mode) === "blob" ? repo.reader.info(e.sha) : Promise.resolve(null))));
  const children = await Promise.all(
    entries.map((e) => (recursive && entryType(e.mode) === "tree" ? listTree(config, repo, e.sha, true) : Promise.resolve(null))),
  );
  const out: ApiTreeEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    const type = entryType(entry.mode);
    const item: ApiTreeEntry = { path: entry.name, mode: apiMode(entry.mode), type, sha: entry.sha };
    if (type === "blob") item.size = sizes[index]?.size ?? 0;
    if (type !== "commit") item.url = `${api}/git/${type === "tree" ? "trees" : "blobs"}/${entry.sha}`;
    out.push(item);
    for (const child of children[index] ?? []) out.push({ ...child, path: `${entry.name}/${child.path}` });
  }
  if (treeCache.size >= TREE_CACHE_LIMIT) treeCache.delete(treeCache.keys().next().value ?? "");
  treeCache.set(key, out);
  return out;
}

/** The entry at `path` below a commit's root tree (null for the root itself), or 404. */
export async function entryAtPath(repo: RepoHandle, commitSha: string, path: string): Promise<{ entry: TreeEntry | null; rootTree: string }> {
  const root = await repo.reader.info(`${commitSha}^{tree}`);
  if (!root) throw notFound();
  const parts = path.split("/").filter(Boolean);
  if (parts.length === 0) return { entry: null, rootTree: root.sha };
  let treeSha = root.sha;
  let found: TreeEntry | null = null;
  for (const [index, part] of parts.entries()) {
    const tree = await repo.reader.readTree(treeSha);
    found = tree?.entries.find((e) => e.name === part) ?? null;
    if (!found) throw notFound();
    if (index < parts.length - 1) {
      if (found.mode !== "40000") throw notFound();
      treeSha = found.sha;
    }
  }
  return { entry: found, rootTree: root.sha };
}
