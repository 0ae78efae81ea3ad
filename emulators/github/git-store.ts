import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { runGit } from "./git-exec.js";
import {
  EMPTY_TREE_SHA,
  ZERO_SHA,
  serializeCommit,
  serializeTag,
  serializeTree,
  writeObject,
  type GitObjectType,
  type GitSignature,
  type TreeEntry,
} from "./git-objects.js";
import { getObjectReader } from "./git-object-reader.js";
import { applyRefCommands } from "./git-ref-updater.js";

/** Emulator-only repository metadata kept beside the bare repo (GitHub keeps it outside git too). */
export interface RepoSettings {
  description: string | null;
  topics: string[];
  private: boolean;
  /** A template repository, from which `POST /repos/{o}/{r}/generate` creates new repos. */
  isTemplate: boolean;
  createdAt: string;
}

export interface GitAuthor {
  name: string;
  email: string;
  /** Defaults to now. */
  date?: Date;
}

export interface GitRef {
  /** Full name, e.g. refs/tags/vpc/v1.2.0 */
  name: string;
  /** What the ref points at (the tag object for annotated tags). */
  sha: string;
  type: GitObjectType;
  /** The commit an annotated tag points at; equals `sha` for lightweight refs. */
  commitSha: string;
}

/** A change to one path of a tree: a blob or subtree entry, or null to delete the path. */
export interface TreeChange {
  path: string;
  entry: { mode: string; sha: string } | null;
}

const SETTINGS_FILE = "emulator.json";
const DEFAULT_AUTHOR: GitAuthor = { name: "Bulkhead Emulator", email: "emulator@bulkhead.invalid" };

export function toSignature(author: GitAuthor | undefined): GitSignature {
  const who = author ?? DEFAULT_AUTHOR;
  const date = who.date ?? new Date();
  return { name: who.name, email: who.email, timestamp: Math.floor(date.getTime() / 1000), timezone: "+0000" };
}

export interface CreateBareRepoOptions {
  /** e.g. <reposDir>/acme-platform/iac-modules.git */
  repoDir: string;
  defaultBranch?: string;
  description?: string | null;
  topics?: string[];
  private?: boolean;
  isTemplate?: boolean;
}

/** Creates an empty bare repository that accepts pushes over smart HTTP. Idempotent. */
export async function createBareRepo(options: CreateBareRepoOptions): Promise<void> {
  await mkdir(path.dirname(options.repoDir), { recursive: true });
  const branch = options.defaultBranch ?? "main";
  await runGit({ args: ["init", "--quiet", "--bare", `--initial-branch=${branch}`, options.repoDir] });
  await runGit({ gitDir: options.repoDir, args: ["config", "http.receivepack", "true"] });
  await runGit({ gitDir: options.repoDir, args: ["config", "core.logAllRefUpdates", "false"] });
  const existing = await readRepoSettings(options.repoDir);
  await writeRepoSettings(options.repoDir, {
    description: options.description !== undefined ? options.description : existing.description,
    topics: options.topics ?? existing.topics,
    private: options.private ?? existing.private,
    isTemplate: options.isTemplate ?? existing.isTemplate,
    createdAt: existing.createdAt,
  });
}

/**
 * Reads `emulator.json`; repos made by other tools (e.g. `git init` + fast-import) fall back to
 * git's own `description` file and the directory's timestamps.
 */
export async function readRepoSettings(repoDir: string): Promise<RepoSettings> {
  try {
    const parsed = JSON.parse(await readFile(path.join(repoDir, SETTINGS_FILE), "utf8")) as Partial<RepoSettings>;
    return {
      description: parsed.description ?? null,
      topics: parsed.topics ?? [],
      private: parsed.private ?? true,
      isTemplate: parsed.isTemplate ?? false,
      createdAt: parsed.createdAt ?? new Date(0).toISOString(),
    };
  } catch {
    let description: string | null = null;
    try {
      const text = (await readFile(path.join(repoDir, "description"), "utf8")).trim();
      if (text && !text.startsWith("Unnamed repository;")) description = text;
    } catch {
      // no description file
    }
    let createdAt = new Date().toISOString();
    try {
      createdAt = (await stat(repoDir)).mtime.toISOString();
    } catch {
      // repo not created yet
    }
    return { description, topics: [], private: true, isTemplate: false, createdAt };
  }
}

export async function writeRepoSettings(repoDir: string, settings: RepoSettings): Promise<void> {
  await writeFile(path.join(repoDir, SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Lists refs/heads and refs/tags, with annotated tags peeled to their commit. */
export async function listRefs(repoDir: string, prefix = "refs/"): Promise<GitRef[]> {
  const format = "%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)";
  const { stdout } = await runGit({ gitDir: repoDir, args: ["for-each-ref", `--format=${format}`, prefix] });
  const refs: GitRef[] = [];
  for (const line of stdout.toString("utf8").split("\n")) {
    if (!line) continue;
    const [name = "", sha = "", type = "commit", peeled = ""] = line.split("\0");
    if (!name.startsWith("refs/heads/") && !name.startsWith("refs/tags/")) continue;
    refs.push({ name, sha, type: type as GitObjectType, commitSha: peeled || sha });
  }
  return refs;
}

/** Resolves a ref or sha to a commit sha, or null. */
export async function resolveCommit(repoDir: string, rev: string): Promise<string | null> {
  const info = await getObjectReader(repoDir).info(`${rev}^{commit}`);
  return info?.sha ?? null;
}

export interface UpdateRefOptions {
  repoDir: string;
  ref: string;
  /** The new value, or null to delete. */
  sha: string | null;
  /** Compare-and-swap: the value the ref must have now (ZERO_SHA = must not exist). */
  expectedSha?: string;
}

/** Updates, creates or deletes one ref atomically; throws RefUpdateError when git refuses. */
export async function updateRef(options: UpdateRefOptions): Promise<void> {
  const { ref, sha, expectedSha } = options;
  if (sha === null) await applyRefCommands(options.repoDir, [{ op: "delete", ref, oldSha: expectedSha }]);
  else if (expectedSha === ZERO_SHA) await applyRefCommands(options.repoDir, [{ op: "create", ref, sha }]);
  else await applyRefCommands(options.repoDir, [{ op: "update", ref, sha, oldSha: expectedSha }]);
}

/**
 * Applies path changes to a base tree and writes the resulting trees, returning the new
 * root tree sha. Nested paths create or prune intermediate directories as needed.
 */
export async function buildTree(repoDir: string, baseTree: string | null, changes: readonly TreeChange[]): Promise<string> {
  const sha = await applyChanges(repoDir, baseTree, changes);
  return sha ?? (await writeObject(repoDir, "tree", Buffer.alloc(0)));
}

async function applyChanges(repoDir: string, treeSha: string | null, changes: readonly TreeChange[]): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  if (treeSha && treeSha !== EMPTY_TREE_SHA) {
    const tree = await getObjectReader(repoDir).readTree(treeSha);
    if (!tree) throw new Error(`tree ${treeSha} not found`);
    for (const entry of tree.entries) entries.set(entry.name, entry);
  }
  const nested = new Map<string, TreeChange[]>();
  for (const change of changes) {
    const clean = change.path.replace(/^\/+|\/+$/g, "");
    const slash = clean.indexOf("/");
    if (slash === -1) {
      if (change.entry) entries.set(clean, { name: clean, mode: change.entry.mode, sha: change.entry.sha });
      else entries.delete(clean);
      continue;
    }
    const head = clean.slice(0, slash);
    const list = nested.get(head) ?? [];
    list.push({ path: clean.slice(slash + 1), entry: change.entry });
    nested.set(head, list);
  }
  for (const [name, subChanges] of nested) {
    const current = entries.get(name);
    const subSha = await applyChanges(repoDir, current?.mode === "40000" ? current.sha : null, subChanges);
    if (subSha) entries.set(name, { name, mode: "40000", sha: subSha });
    else entries.delete(name);
  }
  if (entries.size === 0) return null;
  return writeObject(repoDir, "tree", serializeTree([...entries.values()]));
}

export interface WriteCommitOptions {
  repoDir: string;
  tree: string;
  parents: string[];
  message: string;
  author?: GitAuthor;
  committer?: GitAuthor;
}

export function writeCommit(options: WriteCommitOptions): Promise<string> {
  const author = toSignature(options.author);
  const committer = options.committer ? toSignature(options.committer) : author;
  const body = serializeCommit({ tree: options.tree, parents: options.parents, author, committer, message: options.message });
  return writeObject(options.repoDir, "commit", body);
}

export interface CommitFilesOptions {
  repoDir: string;
  branch: string;
  /** Path -> new content; null deletes the path. */
  files: Record<string, string | Buffer | null>;
  message: string;
  author?: GitAuthor;
  /** Where a branch that does not exist yet starts; defaults to the repo's default branch. */
  from?: string;
}

/** Commits file changes on top of a branch (creating it if needed) and returns the commit sha. */
export async function commitFiles(options: CommitFilesOptions): Promise<string> {
  const { repoDir } = options;
  const ref = `refs/heads/${options.branch}`;
  const reader = getObjectReader(repoDir);
  const current = await reader.info(`${ref}^{commit}`);
  const parent = current?.sha ?? (await resolveCommit(repoDir, options.from ?? "HEAD"));
  const baseTree = parent ? ((await reader.info(`${parent}^{tree}`))?.sha ?? null) : null;
  const changes: TreeChange[] = [];
  for (const [filePath, content] of Object.entries(options.files)) {
    if (content === null) changes.push({ path: filePath, entry: null });
    else {
      const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      changes.push({ path: filePath, entry: { mode: "100644", sha: await writeObject(repoDir, "blob", data) } });
    }
  }
  const tree = await buildTree(repoDir, baseTree, changes);
  const sha = await writeCommit({ repoDir, tree, parents: parent ? [parent] : [], message: options.message, author: options.author });
  await updateRef({ repoDir, ref, sha, expectedSha: current?.sha ?? ZERO_SHA });
  return sha;
}

export interface CreateTagOptions {
  repoDir: string;
  /** Short name, e.g. "v1.2.0" or "vpc/v1.2.0". */
  tag: string;
  /** Commit sha or any revision; defaults to HEAD. */
  ref?: string;
  /** When set, an annotated tag object is written with this message. */
  message?: string;
  tagger?: GitAuthor;
}

/** Creates a tag (fails if it exists) and returns the commit it points at. */
export async function createTag(options: CreateTagOptions): Promise<string> {
  const commit = await resolveCommit(options.repoDir, options.ref ?? "HEAD");
  if (!commit) throw new Error(`cannot tag ${options.ref ?? "HEAD"}: no such commit`);
  let target = commit;
  if (options.message !== undefined) {
    const body = serializeTag({ object: commit, type: "commit", tag: options.tag, tagger: toSignature(options.tagger), message: options.message });
    target = await writeObject(options.repoDir, "tag", body);
  }
  await updateRef({ repoDir: options.repoDir, ref: `refs/tags/${options.tag}`, sha: target, expectedSha: ZERO_SHA });
  return commit;
}

export async function deleteTag(options: { repoDir: string; tag: string }): Promise<void> {
  await updateRef({ repoDir: options.repoDir, ref: `refs/tags/${options.tag}`, sha: null });
}

/** Packs loose objects and refs; call after bulk seeding so reads stay fast. */
export async function packRepo(options: { repoDir: string }): Promise<void> {
  await runGit({ gitDir: options.repoDir, args: ["repack", "-a", "-d", "-q"] });
  await runGit({ gitDir: options.repoDir, args: ["pack-refs", "--all", "--prune"] });
}
