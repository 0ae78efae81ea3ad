import { runGit } from "../git-exec.js";
import { changedFileJson, githubBase64, commitJson, repoApiUrl, repoHtmlUrl, repoJson } from "../github-shapes.js";
import { listRefs } from "../git-store.js";
import { entryAtPath, entryType, isEmptyRepo, isPlainRefName, listTree, requireNonEmptyRepo, resolveCommitOr404 } from "../git-read.js";
import { ApiError, notFound, paginate, type ApiResponse } from "../http-io.js";
import type { RepoHandle } from "../repo-registry.js";
import { json, requireRepo, type Route, type RouteRequest } from "../router.js";
import { diffTrees } from "../tree-diff.js";

function visibleRepos(req: RouteRequest): RepoHandle[] {
  return req.ctx.repos.list().filter((repo) => req.ctx.repos.access(repo).visible);
}

export function wantsRaw(req: RouteRequest): boolean {
  return /application\/vnd\.github(?:\.v3)?\.raw/.test(req.headers.accept ?? "");
}

/** `application/vnd.github.object(+json)`: directories come as an object with `entries`. */
function wantsObject(req: RouteRequest): boolean {
  return /application\/vnd\.github(?:\.v3)?\.object/.test(req.headers.accept ?? "");
}

/** GitHub's 403 for blobs past what its APIs serve. */
export function blobTooLarge(limitBytes: number): ApiError {
  const mb = Math.round(limitBytes / (1024 * 1024));
  return new ApiError(403, `This API returns blobs up to ${mb} MB in size. The requested blob is too large to fetch via the API.`, {
    errors: [{ resource: "Blob", field: "data", code: "too_large" }],
  });
}

interface ContentItem {
  name: string;
  path: string;
  /** git's mode spelling ("40000" for directories) */
  mode: string;
  sha: string;
  size: number;
  /** In a directory listing GitHub calls submodules "file" (kept for backwards compatibility). */
  listed: boolean;
}

function contentJson(req: RouteRequest, repo: RepoHandle, ref: string, item: ContentItem): Record<string, unknown> {
  const api = repoApiUrl(req.ctx.config, repo);
  const html = repoHtmlUrl(req.ctx.config, repo);
  const kind = entryType(item.mode);
  const type = kind === "tree" ? "dir" : kind === "commit" ? (item.listed ? "file" : "submodule") : item.mode === "120000" ? "symlink" : "file";
  const self = `${api}/contents/${item.path}?ref=${encodeURIComponent(ref)}`;
  const git = `${api}/git/${kind === "tree" ? "trees" : "blobs"}/${item.sha}`;
  const htmlUrl = `${html}/${kind === "tree" ? "tree" : "blob"}/${ref}/${item.path}`;
  return {
    name: item.name,
    path: item.path,
    sha: item.sha,
    size: item.size,
    url: self,
    html_url: htmlUrl,
    git_url: git,
    download_url: type === "file" && kind === "blob" ? `${html}/raw/${ref}/${item.path}` : null,
    type,
    _links: { self, git, html: htmlUrl },
  };
}

export function rawResponse(content: Buffer): ApiResponse {
  return { status: 200, raw: content, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
}

/** Sorts tags newest-version first, comparing numbers numerically ("v1.10.0" after "v1.9.0"). */
function compareTagsDescending(a: string, b: string): number {
  return b.localeCompare(a, "en", { numeric: true });
}

async function fileChanges(req: RouteRequest, repo: RepoHandle, before: string | null, after: string): Promise<unknown[]> {
  const changes = await diffTrees(repo.reader, before, after);
  return changes.map((change) => changedFileJson(req.ctx.config, repo, change, change.sha));
}

async function archive(req: RouteRequest, format: "tar.gz" | "zip"): Promise<ApiResponse> {
  const repo = requireRepo(req);
  const ref = req.params.ref || req.ctx.repos.defaultBranch(repo);
  const { sha } = await resolveCommitOr404(repo, ref);
  const prefix = `${repo.owner}-${repo.name}-${sha.slice(0, 7)}/`;
  const { stdout } = await runGit({ gitDir: repo.dir, args: ["archive", `--format=${format}`, `--prefix=${prefix}`, sha] });
  const type = format === "zip" ? "application/zip" : "application/x-gzip";
  const file = `${repo.owner}-${repo.name}-${sha.slice(0, 7)}.${format}`;
  return { status: 200, raw: stdout, headers: { "content-type": type, "content-disposition": `attachment; filename=${file}` } };
}

// Repository read routes, authenticated with an installation token.
export const repoRoutes: Route[] = [
  // GET /installation/repositories – repos the installation can see
  {
    method: "GET",
    pattern: "/installation/repositories",
    auth: "installation",
    handle: async (req) => {
      const all = visibleRepos(req);
      const page = paginate(all, req.query, req.selfUrl);
      const repositories = await Promise.all(page.items.map((repo) => repoJson(req.ctx, repo)));
      return json(200, { total_count: all.length, repository_selection: "all", repositories }, page.headers);
    },
  },

  // GET /orgs/{org}/repos
  {
    method: "GET",
    pattern: "/orgs/:org/repos",
    auth: "installation",
    handle: async (req) => {
      const owner = (req.params.org ?? "").toLowerCase();
      const repos = visibleRepos(req).filter((repo) => repo.owner.toLowerCase() === owner);
      if (repos.length === 0 && owner !== req.ctx.config.org.toLowerCase()) throw notFound();
      const page = paginate(repos, req.query, req.selfUrl);
      return json(200, await Promise.all(page.items.map((repo) => repoJson(req.ctx, repo))), page.headers);
    },
  },

  // GET /repos/{owner}/{repo}
  { method: "GET", pattern: "/repos/:owner/:repo", auth: "installation", handle: async (req) => json(200, await repoJson(req.ctx, requireRepo(req), { full: true })) },

  // GET /repos/{owner}/{repo}/tags
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/tags",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      const api = repoApiUrl(req.ctx.config, repo);
      const tags = (await listRefs(repo.dir, "refs/tags/"))
        .map((ref) => ({ name: ref.name.slice("refs/tags/".length), sha: ref.commitSha }))
        .sort((a, b) => compareTagsDescending(a.name, b.name));
      const page = paginate(tags, req.query, req.selfUrl);
      const body = page.items.map((tag) => ({
        name: tag.name,
        zipball_url: `${api}/zipball/refs/tags/${tag.name}`,
        tarball_url: `${api}/tarball/refs/tags/${tag.name}`,
        commit: { sha: tag.sha, url: `${api}/commits/${tag.sha}` },
        node_id: Buffer.from(`Tag:${repo.id}:${tag.name}`).toString("base64"),
      }));
      return json(200, body, page.headers);
    },
  },

  // GET /repos/{owner}/{repo}/branches
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      const api = repoApiUrl(req.ctx.config, repo);
      const branches = (await listRefs(repo.dir, "refs/heads/")).map((ref) => ({
        name: ref.name.slice("refs/heads/".length),
        commit: { sha: ref.commitSha, url: `${api}/commits/${ref.commitSha}` },
        protected: false,
      }));
      const page = paginate(branches, req.query, req.selfUrl);
      return json(200, page.items, page.headers);
    },
  },

  // GET /repos/{owner}/{repo}/branches/{branch}
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/*branch",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      const branch = req.params.branch ?? "";
      if (!isPlainRefName(branch)) throw new ApiError(404, "Branch not found");
      const { sha, commit } = await resolveCommitOr404(repo, `refs/heads/${branch}`).catch(() => {
        throw new ApiError(404, "Branch not found");
      });
      return json(200, { name: branch, commit: commitJson(req.ctx.config, repo, sha, commit), protected: false });
    },
  },

  // GET /repos/{owner}/{repo}/commits/{ref}
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits/*ref",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      await requireNonEmptyRepo(repo);
      const { sha, commit } = await resolveCommitOr404(repo, req.params.ref ?? "");
      const parentTree = commit.parents[0] ? ((await repo.reader.info(`${commit.parents[0]}^{tree}`))?.sha ?? null) : null;
      const files = await fileChanges(req, repo, parentTree, commit.tree);
      return json(200, commitJson(req.ctx.config, repo, sha, commit, files));
    },
  },

  // GET /repos/{owner}/{repo}/contents/{path}?ref= – a file, or a directory listing (at most limits.directoryEntries)
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/contents/*path",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      if (await isEmptyRepo(repo)) throw new ApiError(404, "This repository is empty.");
      const ref = req.query.get("ref") || req.ctx.repos.defaultBranch(repo);
      const path = (req.params.path ?? "").replace(/^\/+|\/+$/g, "");
      const { sha: commitSha } = await resolveCommitOr404(repo, ref);
      const { entry, rootTree } = await entryAtPath(repo, commitSha, path);
      const limits = req.ctx.state.data.limits;
      const describe = (item: ContentItem): Record<string, unknown> => contentJson(req, repo, ref, item);
      const treeSha = entry === null ? rootTree : entry.mode === "40000" ? entry.sha : null;
      if (treeSha) {
        // GitHub lists the first 1,000 entries of a directory and says nothing about the rest.
        const listing = (await listTree(req.ctx.config, repo, treeSha, false)).slice(0, limits.directoryEntries);
        const prefix = path ? `${path}/` : "";
        const entries = listing.map((item) =>
          describe({ name: item.path, path: `${prefix}${item.path}`, mode: item.mode.replace(/^0/, ""), sha: item.sha, size: item.size ?? 0, listed: true }),
        );
        if (!wantsObject(req)) return json(200, entries);
        return json(200, { ...describe({ name: path.split("/").pop() ?? "", path, mode: "40000", sha: treeSha, size: 0, listed: false }), entries });
      }
      if (!entry) throw notFound();
      const info = await repo.reader.info(entry.sha);
      if (!info) throw notFound();
      if (info.size > limits.blobBytes) throw blobTooLarge(limits.blobBytes);
      const blob = await repo.reader.read(entry.sha);
      if (!blob) throw notFound();
      if (wantsRaw(req)) return rawResponse(blob.content);
      const name = path.split("/").pop() ?? path;
      const file = describe({ name, path, mode: entry.mode, sha: entry.sha, size: blob.size, listed: false });
      // Files over 1 MB come only through the raw media type; the JSON ones carry no content.
      if (blob.size > limits.contentsInlineBytes) return json(200, { ...file, content: "", encoding: "none" });
      return json(200, { ...file, content: githubBase64(blob.content), encoding: "base64" });
    },
  },

  // GET /repos/{owner}/{repo}/tarball/{ref}
  { method: "GET", pattern: "/repos/:owner/:repo/tarball/*ref", auth: "installation", handle: (req) => archive(req, "tar.gz") },
  // GET /repos/{owner}/{repo}/zipball/{ref}
  { method: "GET", pattern: "/repos/:owner/:repo/zipball/*ref", auth: "installation", handle: (req) => archive(req, "zip") },
];
