import "server-only";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { InstallationOctokit } from "../../platform/github/github-app";
import { CODEOWNERS_PATHS } from "../core/codeowners";
import type { ModuleFile } from "@/lib/modules/module-docs";
import type { ModuleSnapshot, ModuleSource, RepoInfo, RepoRef, SkippedFile, SourceTag } from "../ports";

export interface CreateGithubModuleSourceOptions {
  /** An installation Octokit for the repo, e.g. `(o, r) => getRepoOctokit(getGithubApp(), o, r)`. */
  getOctokit: (owner: string, repo: string) => Promise<InstallationOctokit>;
  /** Files larger than this are skipped (docs never need them). Default 512 KiB. */
  maxFileBytes?: number;
  /** Blob downloads in flight at once, per module read. Default 8. */
  blobConcurrency?: number;
}

// Provider shapes, parsed at the edge; only the fields we read.
const repoSchema = z.object({
  name: z.string(),
  owner: z.object({ login: z.string() }),
  default_branch: z.string(),
  description: z.string().nullable().optional(),
  private: z.boolean(),
});
const refSchema = z.object({ ref: z.string(), object: z.object({ sha: z.string(), type: z.string() }) });
const tagObjectSchema = z.object({ object: z.object({ sha: z.string(), type: z.string() }) });
const commitSchema = z.object({ sha: z.string(), committer: z.object({ date: z.string() }).nullable().optional() });
const treeSchema = z.object({
  truncated: z.boolean().optional(),
  tree: z.array(z.object({ path: z.string(), type: z.string(), sha: z.string(), size: z.number().optional() })),
});
const blobSchema = z.object({ content: z.string(), encoding: z.string() });
/** CODEOWNERS is a small text file; anything larger is not one GitHub would use (it stops at 3 MB). */
const MAX_CODEOWNERS_BYTES = 3 * 1024 * 1024;

interface TreeFile {
  path: string;
  sha: string;
  size: number;
}

/** Trees read one folder at a time when GitHub cut a recursive listing short; a module folder never needs more. */
const MAX_TREE_WALK_CALLS = 200;

const BINARY_EXTENSIONS = /\.(png|jpe?g|gif|webp|ico|bmp|pdf|zip|gz|tgz|tar|bz2|xz|7z|jar|exe|dll|so|dylib|woff2?|ttf|otf|eot|mp[34]|mov|wasm|bin)$/i;
const MAX_CACHED_BLOB_BYTES = 64 * 1024 * 1024;

/**
 * The production ModuleSource, on the GitHub App installation. Per tag it reads the commit
 * (for its date), lists the module folder with one recursive `git/trees/<commit>:<path>` call
 * (a truncated listing is walked folder by folder), and downloads only blobs it has not seen,
 * a few at a time. An empty repo (GitHub's 409) has no tags. GitHub data becomes app types
 * here and nowhere else.
 */
export function createGithubModuleSource(options: CreateGithubModuleSourceOptions): ModuleSource {
  const maxFileBytes = options.maxFileBytes ?? 512 * 1024;
  const blobConcurrency = options.blobConcurrency ?? 8;
  const octokits = new Map<string, Promise<InstallationOctokit>>();
  const trees = new Map<string, Promise<TreeFile[]>>();
  const blobs = new Map<string, Promise<Buffer>>();
  const commits = new Map<string, Promise<{ sha: string; committedAt: Date | null }>>();
  let cachedBlobBytes = 0;

  const octokitFor = (ref: RepoRef): Promise<InstallationOctokit> => {
    const key = `${ref.owner}/${ref.repo}`.toLowerCase();
    let pending = octokits.get(key);
    if (!pending) {
      pending = options.getOctokit(ref.owner, ref.repo);
      pending.catch(() => octokits.delete(key));
      octokits.set(key, pending);
    }
    return pending;
  };

  const call = async <T>(ref: RepoRef, what: string, schema: z.ZodType<T>, fn: (o: InstallationOctokit) => Promise<unknown>): Promise<T> => {
    const octokit = await octokitFor(ref);
    try {
      return schema.parse(await fn(octokit));
    } catch (error) {
      throw toAppError(error, ref, what);
    }
  };

  const memo = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let pending = cache.get(key);
    if (!pending) {
      pending = load();
      pending.catch(() => cache.delete(key));
      cache.set(key, pending);
    }
    return pending;
  };

  const getTree = (ref: RepoRef, treeSha: string, recursive: boolean) =>
    call(ref, `the tree ${treeSha}`, treeSchema, async (o) =>
      (await o.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", { ...ref, tree_sha: treeSha, ...(recursive ? { recursive: "1" } : {}) })).data,
    );

  /**
   * Every file under a tree. One recursive call when GitHub lists it whole; when it answers
   * `truncated` (past 100,000 entries or 7 MB), the folder is walked one level per call instead,
   * as GitHub advises, so no file is silently missing.
   */
  const readTree = (ref: RepoRef, treeSha: string): Promise<TreeFile[]> =>
    memo(trees, `${ref.owner}/${ref.repo}@${treeSha}`, async () => {
      const whole = await getTree(ref, treeSha, true);
      if (!whole.truncated) return whole.tree.filter((e) => e.type === "blob").map((e) => ({ path: e.path, sha: e.sha, size: e.size ?? 0 }));
      const files: TreeFile[] = [];
      const pending: Array<{ sha: string; prefix: string }> = [{ sha: treeSha, prefix: "" }];
      let calls = 0;
      while (pending.length > 0) {
        const next = pending.shift()!;
        if (++calls > MAX_TREE_WALK_CALLS) {
          throw new AppError("UPSTREAM_FAILED", `The module folder in ${ref.owner}/${ref.repo} has more than ${MAX_TREE_WALK_CALLS} sub-folders; point the source at a smaller folder.`);
        }
        const level = await getTree(ref, next.sha, false);
        if (level.truncated) {
          throw new AppError("UPSTREAM_FAILED", `A folder in ${ref.owner}/${ref.repo} has too many entries for GitHub to list; point the source at a smaller folder.`);
        }
        for (const entry of level.tree) {
          const path = `${next.prefix}${entry.path}`;
          if (entry.type === "blob") files.push({ path, sha: entry.sha, size: entry.size ?? 0 });
          else if (entry.type === "tree") pending.push({ sha: entry.sha, prefix: `${path}/` });
        }
      }
      return files;
    });

  const readBlob = (ref: RepoRef, sha: string): Promise<Buffer> =>
    memo(blobs, sha, async () => {
      const data = await call(ref, `the blob ${sha}`, blobSchema, async (o) =>
        (await o.request("GET /repos/{owner}/{repo}/git/blobs/{file_sha}", { ...ref, file_sha: sha })).data,
      );
      const content = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8");
      cachedBlobBytes += content.length;
      // A crude bound: when the cache is full, start over rather than track recency.
      if (cachedBlobBytes > MAX_CACHED_BLOB_BYTES) {
        blobs.clear();
        cachedBlobBytes = 0;
      }
      return content;
    });

  const resolveCommit = (ref: RepoRef, tag: SourceTag): Promise<{ sha: string; committedAt: Date | null }> =>
    memo(commits, `${ref.owner}/${ref.repo}@${tag.targetSha}`, async () => {
      let sha = tag.targetSha;
      let type = tag.targetType;
      // Annotated tags point at a tag object; follow it (tags of tags too) to the commit.
      for (let hops = 0; type === "tag" && hops < 5; hops++) {
        const target = await call(ref, `the tag ${tag.name}`, tagObjectSchema, async (o) =>
          (await o.request("GET /repos/{owner}/{repo}/git/tags/{tag_sha}", { ...ref, tag_sha: sha })).data,
        );
        sha = target.object.sha;
        type = target.object.type === "tag" ? "tag" : "commit";
      }
      const commit = await call(ref, `the commit of ${tag.name}`, commitSchema, async (o) =>
        (await o.request("GET /repos/{owner}/{repo}/git/commits/{commit_sha}", { ...ref, commit_sha: sha })).data,
      );
      return { sha: commit.sha, committedAt: commit.committer?.date ? new Date(commit.committer.date) : null };
    });

  /**
   * The files of a folder at a commit: GitHub resolves `<commit>:<path>` to the folder's tree,
   * so a monorepo module costs one call however large the repo is (the contents API would also
   * stop at 1,000 entries without saying so).
   */
  const listFolder = async (ref: RepoRef, commitSha: string, path: string): Promise<TreeFile[]> => {
    try {
      return await readTree(ref, path === "" ? commitSha : `${commitSha}:${path}`);
    } catch (error) {
      if (isAppError(error) && error.code === "NOT_FOUND") {
        throw new AppError("NOT_FOUND", `${ref.owner}/${ref.repo} has no module folder ${path || "(root)"} at ${commitSha.slice(0, 12)}.`, { cause: error });
      }
      throw error;
    }
  };

  return {
    async describeRepo(ref: RepoRef): Promise<RepoInfo> {
      const data = await call(ref, "the repository", repoSchema, async (o) =>
        (await o.request("GET /repos/{owner}/{repo}", { ...ref })).data,
      );
      return {
        owner: data.owner.login,
        repo: data.name,
        defaultBranch: data.default_branch,
        description: data.description ?? null,
        private: data.private,
      };
    },

    async listTags(ref: RepoRef): Promise<SourceTag[]> {
      const octokit = await octokitFor(ref);
      let refs: unknown[];
      try {
        // One call on a repo with thousands of tags (matching-refs is not paged per 100 like /tags).
        refs = await octokit.paginate("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { ...ref, ref: "tags/", per_page: 100 });
      } catch (error) {
        // GitHub answers 409 "Git Repository is empty." for a repo nothing was pushed to yet: no tags.
        if (statusOf(error) === 409) return [];
        throw toAppError(error, ref, "the tags");
      }
      return z
        .array(refSchema)
        .parse(refs)
        .filter((r) => r.ref.startsWith("refs/tags/"))
        .map((r) => ({
          name: r.ref.slice("refs/tags/".length),
          targetSha: r.object.sha,
          targetType: r.object.type === "tag" ? ("tag" as const) : ("commit" as const),
        }));
    },

    async readModuleAtTag({ ref, tag, path }): Promise<ModuleSnapshot> {
      const folder = path.replace(/^\/+|\/+$/g, "");
      // A lightweight tag names its commit already, so the listing need not wait for the commit read.
      const pendingCommit = resolveCommit(ref, tag);
      const [commit, entries] = await Promise.all([
        pendingCommit,
        tag.targetType === "commit" ? listFolder(ref, tag.targetSha, folder) : pendingCommit.then((c) => listFolder(ref, c.sha, folder)),
      ]);
      const skipped: SkippedFile[] = [];
      const wanted: TreeFile[] = [];
      for (const entry of entries) {
        if (BINARY_EXTENSIONS.test(entry.path)) skipped.push({ path: entry.path, reason: "binary" });
        else if (entry.size > maxFileBytes) skipped.push({ path: entry.path, reason: "too-large" });
        else wanted.push(entry);
      }
      const files: ModuleFile[] = [];
      await forEachLimited(wanted, blobConcurrency, async (entry) => {
        const content = await readBlob(ref, entry.sha);
        if (content.subarray(0, 8000).includes(0)) skipped.push({ path: entry.path, reason: "binary" });
        else files.push({ path: entry.path, content: content.toString("utf8") });
      });
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { commitSha: commit.sha, committedAt: commit.committedAt, files, skipped };
    },

    async readTagCommit({ ref, tag }) {
      const commit = await resolveCommit(ref, tag);
      return { commitSha: commit.sha, committedAt: commit.committedAt };
    },

    async readCodeOwners(ref: RepoRef) {
      const octokit = await octokitFor(ref);
      // GitHub's order: the first of these that exists is the one it uses.
      for (const path of CODEOWNERS_PATHS) {
        let data: unknown;
        try {
          ({ data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...ref, path, mediaType: { format: "raw" } }));
        } catch (error) {
          // 404: no such file, or "This repository is empty."; 409 would be an empty repo on older hosts.
          if (statusOf(error) === 404 || statusOf(error) === 409) continue;
          throw toAppError(error, ref, path);
        }
        const content = typeof data === "string" ? data : data instanceof ArrayBuffer ? Buffer.from(data).toString("utf8") : null;
        if (content === null) {
          throw new AppError("UPSTREAM_FAILED", `GitHub answered with an unexpected shape for ${path} of ${ref.owner}/${ref.repo}.`);
        }
        if (Buffer.byteLength(content) > MAX_CODEOWNERS_BYTES) return null;
        return { path, content };
      }
      return null;
    },
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/** GitHub's failures, as errors an admin can act on. */
function toAppError(error: unknown, ref: RepoRef, what: string): AppError {
  if (isAppError(error)) return error;
  if (error instanceof z.ZodError) {
    return new AppError("UPSTREAM_FAILED", `GitHub answered with an unexpected shape for ${what} of ${ref.owner}/${ref.repo}.`, { cause: error });
  }
  const status = (error as { status?: number }).status;
  const name = `${ref.owner}/${ref.repo}`;
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  if (status === 404) {
    return new AppError("NOT_FOUND", `GitHub has no ${what} in ${name}, or the Bulkhead App cannot see the repo: check the App is installed on it.`, { cause: error });
  }
  if (status === 401) {
    return new AppError("UPSTREAM_FAILED", "GitHub refused the App's credentials: check GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY.", { cause: error });
  }
  if (status === 429 || (status === 403 && headers["x-ratelimit-remaining"] === "0")) {
    const reset = Number(headers["x-ratelimit-reset"]);
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : "";
    return new AppError("UPSTREAM_FAILED", `GitHub rate-limited the App${when}; the sync will retry later.`, { cause: error });
  }
  if (status === 403) {
    return new AppError("UPSTREAM_FAILED", `The Bulkhead App may not read ${name}: grant it contents:read on the repo.`, { cause: error });
  }
  return new AppError("UPSTREAM_FAILED", `GitHub failed while reading ${what} of ${name} (${status ?? "network error"}); the sync will retry.`, { cause: error });
}
