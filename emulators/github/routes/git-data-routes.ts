import { z } from "zod";
import type { EmulatorContext } from "../emulator-context.js";
import { runGit } from "../git-exec.js";
import { ZERO_SHA, isFullSha, parseCommit, parseTag, signatureDate, writeObject } from "../git-objects.js";
import { RefUpdateError } from "../git-ref-updater.js";
import { buildTree, listRefs, updateRef, writeCommit, type GitRef, type TreeChange } from "../git-store.js";
import { isPlainRefName, listTree, requireNonEmptyRepo, truncateTree } from "../git-read.js";
import { botSignature, gitCommitJson, githubBase64, refJson, repoApiUrl, signatureJson } from "../github-shapes.js";
import { ApiError, notFound, type ApiResponse } from "../http-io.js";
import type { RepoHandle } from "../repo-registry.js";
import { json, parseBody, requireRepo, type Route, type RouteRequest } from "../router.js";
import { emitRefChanges, type RefChange } from "../webhook-events.js";
import { blobTooLarge, rawResponse, wantsRaw } from "./repo-routes.js";

/** Raises webhooks for a REST write without holding up the response (GitHub delivers asynchronously too). */
function raiseRefWebhooks(ctx: EmulatorContext, repo: RepoHandle, changes: RefChange[], sender: string): void {
  ctx.webhooks.track(emitRefChanges(ctx, repo, changes, sender));
}

function appSender(ctx: EmulatorContext): string {
  return botSignature(ctx.config).name;
}

/** The repo a git data route addresses, which must have had a first push (GitHub answers 409 before). */
async function requireGitRepo(req: RouteRequest, access: "read" | "write" = "read"): Promise<RepoHandle> {
  const repo = requireRepo(req, access);
  await requireNonEmptyRepo(repo);
  return repo;
}

async function readRef(repo: RepoHandle, fullName: string): Promise<GitRef | null> {
  if (!isPlainRefName(fullName) || !/^refs\/(heads|tags)\//.test(fullName)) return null;
  const info = await repo.reader.info(fullName);
  if (!info) return null;
  const commit = info.type === "tag" ? ((await repo.reader.info(`${info.sha}^{commit}`))?.sha ?? info.sha) : info.sha;
  return { name: fullName, sha: info.sha, type: info.type, commitSha: commit };
}

/** A write may only point a ref at an object that exists, named by its full sha. */
async function requireObject(repo: RepoHandle, sha: string): Promise<void> {
  if (!isFullSha(sha) || !(await repo.reader.info(sha))) throw new ApiError(422, "Object does not exist");
}

async function readObjectOr404(repo: RepoHandle, sha: string, type: string): Promise<Buffer> {
  if (!/^[0-9a-f]{4,40}$/.test(sha)) throw notFound();
  const object = await repo.reader.read(sha);
  if (!object || object.type !== type) throw notFound();
  return object.content;
}

/** A tree as GitHub sends it; a recursive listing past GitHub's limits is cut and says `truncated: true`. */
async function treeResponse(req: RouteRequest, repo: RepoHandle, treeSha: string, recursive: boolean, status: number): Promise<ApiResponse> {
  const entries = await listTree(req.ctx.config, repo, treeSha, recursive);
  const { tree, truncated } = recursive ? truncateTree(entries, req.ctx.state.data.limits) : { tree: entries, truncated: false };
  return json(status, { sha: treeSha, url: `${repoApiUrl(req.ctx.config, repo)}/git/trees/${treeSha}`, tree, truncated });
}

async function isAncestor(repo: RepoHandle, ancestor: string, descendant: string): Promise<boolean> {
  const { exitCode } = await runGit({ gitDir: repo.dir, args: ["merge-base", "--is-ancestor", ancestor, descendant], okExitCodes: [1] });
  return exitCode === 0;
}

const signatureSchema = z.object({ name: z.string().min(1), email: z.string(), date: z.string().optional() });
const blobSchema = z.object({ content: z.string(), encoding: z.enum(["utf-8", "utf8", "base64"]).default("utf-8") });
const treeSchema = z.object({
  base_tree: z.string().optional(),
  tree: z.array(
    z.object({
      path: z.string().min(1),
      mode: z.enum(["100644", "100755", "040000", "160000", "120000"]),
      type: z.enum(["blob", "tree", "commit"]),
      sha: z.string().nullable().optional(),
      content: z.string().optional(),
    }),
  ),
});
const commitSchema = z.object({
  message: z.string(),
  tree: z.string(),
  parents: z.array(z.string()).default([]),
  author: signatureSchema.optional(),
  committer: signatureSchema.optional(),
});
const createRefSchema = z.object({ ref: z.string(), sha: z.string() });
const updateRefSchema = z.object({ sha: z.string(), force: z.boolean().default(false) });

function toAuthor(value: z.infer<typeof signatureSchema> | undefined, fallback: { name: string; email: string }): { name: string; email: string; date?: Date } {
  if (!value) return fallback;
  return { name: value.name, email: value.email, date: value.date ? new Date(value.date) : undefined };
}

// Git data API: refs, commits, trees, blobs and tag objects.
export const gitDataRoutes: Route[] = [
  // GET /repos/{owner}/{repo}/git/ref/{ref} – one ref; "heads%2Fmain" arrives encoded and is decoded by the router
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/ref/*ref",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req);
      const ref = await readRef(repo, `refs/${req.params.ref ?? ""}`);
      if (!ref) throw notFound();
      return json(200, refJson(req.ctx.config, repo, ref));
    },
  },

  // GET /repos/{owner}/{repo}/git/matching-refs/{ref} – every ref starting with refs/{ref}
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/matching-refs/*ref",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req);
      const prefix = `refs/${req.params.ref ?? ""}`;
      const refs = (await listRefs(repo.dir)).filter((ref) => ref.name.startsWith(prefix));
      return json(200, refs.map((ref) => refJson(req.ctx.config, repo, ref)));
    },
  },

  // GET /repos/{owner}/{repo}/git/refs/{ref} – legacy: the exact ref, else every ref under it
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/refs/*ref",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req);
      const name = req.params.ref ? `refs/${req.params.ref}` : "refs/";
      const refs = await listRefs(repo.dir);
      const exact = refs.find((ref) => ref.name === name);
      if (exact) return json(200, refJson(req.ctx.config, repo, exact));
      const under = refs.filter((ref) => ref.name.startsWith(name.endsWith("/") ? name : `${name}/`));
      if (under.length === 0) throw notFound();
      return json(200, under.map((ref) => refJson(req.ctx.config, repo, ref)));
    },
  },

  // POST /repos/{owner}/{repo}/git/refs – create a branch or tag; 422 if it exists
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/git/refs",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req, "write");
      const body = parseBody(req, createRefSchema);
      if (!/^refs\/[^/]+\/.+/.test(body.ref) || !isPlainRefName(body.ref)) {
        throw new ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.");
      }
      await requireObject(repo, body.sha);
      try {
        await updateRef({ repoDir: repo.dir, ref: body.ref, sha: body.sha, expectedSha: ZERO_SHA });
      } catch (error) {
        if (error instanceof RefUpdateError && /exists/.test(error.message)) throw new ApiError(422, "Reference already exists");
        if (error instanceof RefUpdateError) throw new ApiError(422, "Reference update failed");
        throw error;
      }
      const created = await readRef(repo, body.ref);
      if (!created) throw new ApiError(422, "Reference update failed");
      raiseRefWebhooks(req.ctx, repo, [{ ref: body.ref, before: ZERO_SHA, after: created.sha }], appSender(req.ctx));
      const payload = refJson(req.ctx.config, repo, created);
      return json(201, payload, { location: String(payload.url) });
    },
  },

  // PATCH /repos/{owner}/{repo}/git/refs/{ref} – move a ref; non-fast-forward needs force
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/git/refs/*ref",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req, "write");
      const body = parseBody(req, updateRefSchema);
      const name = `refs/${req.params.ref ?? ""}`;
      const current = await readRef(repo, name);
      if (!current) throw new ApiError(422, "Reference does not exist");
      await requireObject(repo, body.sha);
      if (!body.force && current.sha !== body.sha && !(await isAncestor(repo, current.sha, body.sha))) {
        throw new ApiError(422, "Update is not a fast forward");
      }
      try {
        await updateRef({ repoDir: repo.dir, ref: name, sha: body.sha, expectedSha: current.sha });
      } catch (error) {
        if (error instanceof RefUpdateError) throw new ApiError(422, "Reference cannot be updated");
        throw error;
      }
      const updated = await readRef(repo, name);
      if (!updated) throw new ApiError(422, "Reference cannot be updated");
      if (current.sha !== updated.sha) raiseRefWebhooks(req.ctx, repo, [{ ref: name, before: current.sha, after: updated.sha }], appSender(req.ctx));
      return json(200, refJson(req.ctx.config, repo, updated));
    },
  },

  // DELETE /repos/{owner}/{repo}/git/refs/{ref}
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/git/refs/*ref",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req, "write");
      const name = `refs/${req.params.ref ?? ""}`;
      const current = await readRef(repo, name);
      if (!current) throw new ApiError(422, "Reference does not exist");
      await updateRef({ repoDir: repo.dir, ref: name, sha: null, expectedSha: current.sha });
      raiseRefWebhooks(req.ctx, repo, [{ ref: name, before: current.sha, after: ZERO_SHA }], appSender(req.ctx));
      return { status: 204 };
    },
  },

  // GET /repos/{owner}/{repo}/git/commits/{sha}
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/commits/:sha",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req);
      const sha = req.params.sha ?? "";
      const content = await readObjectOr404(repo, sha, "commit");
      const full = (await repo.reader.info(sha))?.sha ?? sha;
      return json(200, gitCommitJson(req.ctx.config, repo, full, parseCommit(content)));
    },
  },

  // POST /repos/{owner}/{repo}/git/commits
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/git/commits",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req, "write");
      const body = parseBody(req, commitSchema);
      const tree = await repo.reader.info(body.tree);
      if (!isFullSha(body.tree) || tree?.type !== "tree") throw new ApiError(422, "Tree SHA does not exist");
      for (const parent of body.parents) {
        const info = isFullSha(parent) ? await repo.reader.info(parent) : null;
        if (info?.type !== "commit") throw new ApiError(422, "Parent SHA does not exist or is not a commit object");
      }
      const author = toAuthor(body.author, botSignature(req.ctx.config));
      const committer = body.committer ? toAuthor(body.committer, author) : { ...author, date: author.date };
      const sha = await writeCommit({ repoDir: repo.dir, tree: body.tree, parents: body.parents, message: body.message, author, committer });
      const content = await readObjectOr404(repo, sha, "commit");
      const payload = gitCommitJson(req.ctx.config, repo, sha, parseCommit(content));
      return json(201, payload, { location: String(payload.url) });
    },
  },

  // GET /repos/{owner}/{repo}/git/trees/{sha}?recursive=1 – accepts a tree sha, commit sha or ref name
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/trees/*sha",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req);
      // GitHub also takes "<ref>:<path>" here, which saves a monorepo reader from listing the whole repo.
      const [name = "", subPath] = (req.params.sha ?? "").split(/:(.*)/s);
      if (!isPlainRefName(name) || (subPath !== undefined && (subPath.includes("..") || /[\0\n]/.test(subPath)))) throw notFound();
      const tree = await repo.reader.info(subPath === undefined ? `${name}^{tree}` : `${name}:${subPath.replace(/^\/+|\/+$/g, "")}`);
      if (tree?.type !== "tree") throw notFound();
      const recursive = req.query.has("recursive") && !["0", "false"].includes(req.query.get("recursive") ?? "");
      return treeResponse(req, repo, tree.sha, recursive, 200);
    },
  },

  // POST /repos/{owner}/{repo}/git/trees – nested paths allowed; sha: null deletes
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/git/trees",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req, "write");
      const body = parseBody(req, treeSchema);
      let baseTree: string | null = null;
      if (body.base_tree) {
        const info = isPlainRefName(body.base_tree) ? await repo.reader.info(`${body.base_tree}^{tree}`) : null;
        if (!info) throw new ApiError(422, "base_tree is not a valid tree oid");
        baseTree = info.sha;
      }
      const changes: TreeChange[] = [];
      for (const item of body.tree) {
        const mode = item.mode.replace(/^0+/, "");
        if (item.content !== undefined) {
          if (item.type !== "blob") throw new ApiError(422, "content is only allowed for blobs");
          changes.push({ path: item.path, entry: { mode, sha: await writeObject(repo.dir, "blob", Buffer.from(item.content, "utf8")) } });
          continue;
        }
        if (item.sha === null) {
          changes.push({ path: item.path, entry: null });
          continue;
        }
        if (!item.sha) throw new ApiError(422, "Must supply tree.sha or tree.content");
        const info = item.type === "commit" ? { type: "commit" } : isFullSha(item.sha) ? await repo.reader.info(item.sha) : null;
        if (!info || info.type !== item.type) throw new ApiError(422, `tree.sha ${item.sha} is not a valid ${item.type}`);
        changes.push({ path: item.path, entry: { mode, sha: item.sha } });
      }
      const sha = await buildTree(repo.dir, baseTree, changes);
      return treeResponse(req, repo, sha, false, 201);
    },
  },

  // GET /repos/{owner}/{repo}/git/blobs/{sha}
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/blobs/:sha",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req);
      const info = /^[0-9a-f]{4,40}$/.test(req.params.sha ?? "") ? await repo.reader.info(req.params.sha ?? "") : null;
      if (info?.type === "blob" && info.size > req.ctx.state.data.limits.blobBytes) throw blobTooLarge(req.ctx.state.data.limits.blobBytes);
      const content = await readObjectOr404(repo, req.params.sha ?? "", "blob");
      if (wantsRaw(req)) return rawResponse(content);
      const sha = info?.sha ?? "";
      return json(200, {
        sha,
        node_id: Buffer.from(`Blob:${sha}`).toString("base64"),
        size: content.length,
        url: `${repoApiUrl(req.ctx.config, repo)}/git/blobs/${sha}`,
        content: githubBase64(content),
        encoding: "base64",
      });
    },
  },

  // POST /repos/{owner}/{repo}/git/blobs
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/git/blobs",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req, "write");
      const body = parseBody(req, blobSchema);
      const data = body.encoding === "base64" ? Buffer.from(body.content, "base64") : Buffer.from(body.content, "utf8");
      const sha = await writeObject(repo.dir, "blob", data);
      const url = `${repoApiUrl(req.ctx.config, repo)}/git/blobs/${sha}`;
      return json(201, { sha, url }, { location: url });
    },
  },

  // GET /repos/{owner}/{repo}/git/tags/{sha} – an annotated tag object
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/git/tags/:sha",
    auth: "installation",
    handle: async (req) => {
      const repo = await requireGitRepo(req);
      const content = await readObjectOr404(repo, req.params.sha ?? "", "tag");
      const tag = parseTag(content);
      const sha = (await repo.reader.info(req.params.sha ?? ""))?.sha ?? "";
      const api = repoApiUrl(req.ctx.config, repo);
      const tagger = tag.tagger ?? { name: "", email: "", timestamp: 0, timezone: "+0000" };
      return json(200, {
        node_id: Buffer.from(`Tag:${sha}`).toString("base64"),
        sha,
        url: `${api}/git/tags/${sha}`,
        tag: tag.tag,
        message: tag.message,
        tagger: { ...signatureJson(tagger), date: signatureDate(tagger) },
        object: { sha: tag.object, type: tag.type, url: `${api}/git/${tag.type === "commit" ? "commits" : `${tag.type}s`}/${tag.object}` },
        verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
      });
    },
  },
];
