import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefUpdateError } from "./git-ref-updater.js";
import { commitFiles, createBareRepo, createTag, deleteTag, listRefs, packRepo } from "./git-store.js";

const execFileAsync = promisify(execFile);
let root: string;

async function git(repoDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync("git", ["--git-dir", repoDir, ...args]);
  return stdout;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "git-store-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("git-store", () => {
  it("writes objects git accepts, with trees in git's order and nested deletes pruning empty folders", async () => {
    const repoDir = path.join(root, "o", "order.git");
    await createBareRepo({ repoDir });
    // "a" (folder) sorts after "a.txt" and "a-b" in git's order; a wrong order fails fsck.
    await commitFiles({ repoDir, branch: "main", message: "one", files: { "a/x.tf": "x", "a.txt": "t", "a-b": "ab", "deep/er/file": "f" } });
    const second = await commitFiles({ repoDir, branch: "main", message: "two", files: { "deep/er/file": null, "a/y.tf": "y" } });
    await git(repoDir, "fsck", "--strict", "--no-dangling");
    expect((await git(repoDir, "ls-tree", "-r", "--name-only", "main")).trim().split("\n")).toEqual(["a-b", "a.txt", "a/x.tf", "a/y.tf"]);
    expect((await git(repoDir, "log", "--format=%s", "main")).trim().split("\n")).toEqual(["two", "one"]);
    expect((await git(repoDir, "rev-parse", "main")).trim()).toBe(second);
  });

  it("creates, lists, refuses duplicate, and deletes tags; annotated tags peel to their commit", async () => {
    const repoDir = path.join(root, "o", "tags.git");
    await createBareRepo({ repoDir });
    const sha = await commitFiles({ repoDir, branch: "main", message: "init", files: { "main.tf": "" } });
    await createTag({ repoDir, tag: "vpc/v1.0.0", ref: sha });
    await createTag({ repoDir, tag: "v2.0.0", message: "release" });
    await expect(createTag({ repoDir, tag: "vpc/v1.0.0", ref: sha })).rejects.toBeInstanceOf(RefUpdateError);
    const refs = await listRefs(repoDir, "refs/tags/");
    expect(refs.map((r) => [r.name, r.type, r.commitSha])).toEqual([
      ["refs/tags/v2.0.0", "tag", sha],
      ["refs/tags/vpc/v1.0.0", "commit", sha],
    ]);
    await deleteTag({ repoDir, tag: "vpc/v1.0.0" });
    await packRepo({ repoDir });
    expect((await listRefs(repoDir, "refs/tags/")).map((r) => r.name)).toEqual(["refs/tags/v2.0.0"]);
    await git(repoDir, "fsck", "--strict");
  });

  it("starts a new branch from the default branch", async () => {
    const repoDir = path.join(root, "o", "branch.git");
    await createBareRepo({ repoDir });
    const base = await commitFiles({ repoDir, branch: "main", message: "init", files: { "a.txt": "a" } });
    const feature = await commitFiles({ repoDir, branch: "feature", message: "more", files: { "b.txt": "b" } });
    expect((await git(repoDir, "rev-parse", `${feature}^`)).trim()).toBe(base);
  });
});
