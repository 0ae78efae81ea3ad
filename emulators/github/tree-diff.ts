import type { GitObjectReader } from "./git-object-reader.js";
import { EMPTY_TREE_SHA, type TreeEntry } from "./git-objects.js";

export interface FileChange {
  path: string;
  status: "added" | "removed" | "modified";
  sha: string;
  previousSha: string | null;
}

async function entriesOf(reader: GitObjectReader, sha: string | null): Promise<Map<string, TreeEntry>> {
  const map = new Map<string, TreeEntry>();
  if (!sha || sha === EMPTY_TREE_SHA) return map;
  const tree = await reader.readTree(sha);
  for (const entry of tree?.entries ?? []) map.set(entry.name, entry);
  return map;
}

/** Lists the files that differ between two trees, descending only into changed subtrees. */
export async function diffTrees(reader: GitObjectReader, before: string | null, after: string | null, prefix = ""): Promise<FileChange[]> {
  if (before === after) return [];
  const [a, b] = await Promise.all([entriesOf(reader, before), entriesOf(reader, after)]);
  const changes: FileChange[] = [];
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const name of names) {
    const left = a.get(name);
    const right = b.get(name);
    if (left?.sha === right?.sha && left?.mode === right?.mode) continue;
    const path = `${prefix}${name}`;
    const leftTree = left?.mode === "40000" ? left.sha : null;
    const rightTree = right?.mode === "40000" ? right.sha : null;
    if (leftTree || rightTree) changes.push(...(await diffTrees(reader, leftTree, rightTree, `${path}/`)));
    if (left && right && leftTree === null && rightTree === null) {
      changes.push({ path, status: "modified", sha: right.sha, previousSha: left.sha });
    } else {
      if (left && !leftTree) changes.push({ path, status: "removed", sha: left.sha, previousSha: left.sha });
      if (right && !rightTree) changes.push({ path, status: "added", sha: right.sha, previousSha: null });
    }
  }
  return changes;
}
