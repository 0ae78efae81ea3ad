import { z } from "zod";
import { ZERO_SHA } from "../git-objects.js";
import { RefUpdateError } from "../git-ref-updater.js";
import { commitFiles, createTag, deleteTag, readRepoSettings, writeRepoSettings } from "../git-store.js";
import { isPlainRefName } from "../git-read.js";
import { REPO_PERMISSIONS, findTeam, teamSchema, type OwnerDirectory } from "../directory-store.js";
import { ApiError, notFound } from "../http-io.js";
import { closePull, findPull, mergePull } from "../pull-requests.js";
import { isValidRepoSegment, type RepoHandle } from "../repo-registry.js";
import { json, parseBody, type Route, type RouteRequest } from "../router.js";
import { emitPullRequest, emitRefChanges } from "../webhook-events.js";

/** The org named by the route and its directory, for an edit that `saveDirectory` stores. */
function directoryOf(req: RouteRequest): { org: string; directory: OwnerDirectory } {
  const org = req.params.org ?? "";
  if (!isValidRepoSegment(org)) throw new ApiError(422, "invalid org name");
  return { org, directory: structuredClone(req.ctx.directory.get(org)) };
}

function saveDirectory(req: RouteRequest, org: string, directory: OwnerDirectory): void {
  req.ctx.directory.save(org, directory);
}

function loginParam(req: RouteRequest): string {
  const parsed = loginSchema.safeParse(req.params.login ?? "");
  if (!parsed.success) throw new ApiError(422, "invalid login");
  return parsed.data;
}

function repoOf(req: RouteRequest): RepoHandle {
  const repo = req.ctx.repos.find(req.params.owner ?? "", req.params.repo ?? "");
  if (!repo) throw notFound();
  return repo;
}

const authorSchema = z.object({ name: z.string(), email: z.string() }).optional();
const createRepoSchema = z.object({
  owner: z.string().optional(),
  name: z.string().min(1),
  files: z.record(z.string(), z.string()).optional(),
  private: z.boolean().optional(),
  description: z.string().nullable().optional(),
  topics: z.array(z.string()).optional(),
  isTemplate: z.boolean().optional(),
});
const commitSchema = z.object({
  branch: z.string().optional(),
  files: z.record(z.string(), z.string().nullable()),
  message: z.string().default("Update files"),
  author: authorSchema,
});
const tagSchema = z.object({ tag: z.string().min(1), ref: z.string().optional(), message: z.string().optional() });
const settingsSchema = z.object({ description: z.string().nullable().optional(), topics: z.array(z.string()).optional(), private: z.boolean().optional(), isTemplate: z.boolean().optional() });
const faultSchema = z.object({
  match: z.object({ method: z.string().optional(), pathPattern: z.string().optional() }).default({}),
  status: z.number().int().min(400).max(599),
  count: z.number().int().min(1).default(1),
  body: z.unknown().optional(),
});
const loginSchema = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "a GitHub login is letters, digits and dashes");
const limitsSchema = z
  .object({
    treeEntries: z.number().int().min(1),
    treeBytes: z.number().int().min(1),
    directoryEntries: z.number().int().min(1),
    contentsInlineBytes: z.number().int().min(0),
    blobBytes: z.number().int().min(1),
    mergeabilityDelayMs: z.number().int().min(0),
  })
  .partial()
  .strict();
const teamBodySchema = z.object({
  name: z.string().min(1).optional(),
  description: z.string().nullable().optional(),
  privacy: z.enum(["closed", "secret"]).optional(),
  /** Logins (all "member"), or login → "member" | "maintainer". */
  members: z.union([z.array(loginSchema), z.record(loginSchema, z.enum(["member", "maintainer"]))]).optional(),
  /** Repo name (of this org) → permission. */
  repos: z.record(z.string(), z.enum(REPO_PERMISSIONS)).optional(),
});
const accessSchema = z.object({ repo: z.string().default("*"), visible: z.boolean().optional(), writable: z.boolean().optional() });

// Test-only control routes under /__emulator (no auth). Routes that change refs or PRs answer after their webhooks were delivered.
export const controlRoutes: Route[] = [
  // GET /__emulator/health
  {
    method: "GET",
    pattern: "/health",
    auth: "none",
    handle: async ({ ctx }) => json(200, { ok: true, appId: ctx.config.appId, org: ctx.config.org, apiUrl: ctx.config.apiUrl, gitUrl: ctx.config.gitUrl }),
  },

  // POST /__emulator/webhook-url – where signed webhooks go
  {
    method: "POST",
    pattern: "/webhook-url",
    auth: "none",
    handle: async (req) => {
      const { url } = parseBody(req, z.object({ url: z.string().url().nullable() }));
      req.ctx.state.data.webhookUrl = url;
      await req.ctx.state.save();
      return json(200, { url });
    },
  },

  // POST /__emulator/repos – create a repo, with an initial commit on main when files are given
  {
    method: "POST",
    pattern: "/repos",
    auth: "none",
    handle: async (req) => {
      const body = parseBody(req, createRepoSchema);
      const owner = body.owner ?? req.ctx.config.org;
      if (req.ctx.repos.find(owner, body.name)) throw new ApiError(422, "Repository creation failed.", { errors: [{ resource: "Repository", code: "custom", field: "name", message: "name already exists on this account" }] });
      const repo = await req.ctx.repos.create({ owner, name: body.name, private: body.private, description: body.description, topics: body.topics, isTemplate: body.isTemplate });
      let sha: string | null = null;
      if (body.files && Object.keys(body.files).length > 0) {
        sha = await commitFiles({ repoDir: repo.dir, branch: "main", files: body.files, message: "Initial commit" });
      }
      return json(201, { full_name: repo.fullName, id: repo.id, clone_url: `${req.ctx.config.gitUrl}/${repo.fullName}.git`, sha });
    },
  },

  // PATCH /__emulator/repos/{owner}/{repo} – description, topics, private
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const body = parseBody(req, settingsSchema);
      const current = await readRepoSettings(repo.dir);
      await writeRepoSettings(repo.dir, { ...current, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) });
      return json(200, await readRepoSettings(repo.dir));
    },
  },

  // POST /__emulator/repos/{owner}/{repo}/commits – commit files to a branch, then push webhooks
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/commits",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const body = parseBody(req, commitSchema);
      const branch = body.branch ?? req.ctx.repos.defaultBranch(repo);
      if (!isPlainRefName(branch)) throw new ApiError(422, "invalid branch name");
      const before = (await repo.reader.info(`refs/heads/${branch}`))?.sha ?? ZERO_SHA;
      const sha = await commitFiles({ repoDir: repo.dir, branch, files: body.files, message: body.message, author: body.author });
      const deliveries = await emitRefChanges(req.ctx, repo, [{ ref: `refs/heads/${branch}`, before, after: sha }]);
      return json(201, { sha, deliveries: deliveries.map((d) => d.id) });
    },
  },

  // POST /__emulator/repos/{owner}/{repo}/tags – create a tag (create + push webhooks)
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/tags",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const body = parseBody(req, tagSchema);
      if (!isPlainRefName(body.tag)) throw new ApiError(422, "invalid tag name");
      try {
        await createTag({ repoDir: repo.dir, tag: body.tag, ref: body.ref ?? `refs/heads/${req.ctx.repos.defaultBranch(repo)}`, message: body.message });
      } catch (error) {
        if (error instanceof RefUpdateError) throw new ApiError(422, "Reference already exists", { detail: error.message });
        throw new ApiError(422, error instanceof Error ? error.message : "cannot create tag");
      }
      const ref = `refs/tags/${body.tag}`;
      const target = (await repo.reader.info(ref))?.sha ?? ZERO_SHA;
      const commit = (await repo.reader.info(`${ref}^{commit}`))?.sha ?? target;
      const deliveries = await emitRefChanges(req.ctx, repo, [{ ref, before: ZERO_SHA, after: target }]);
      return json(201, { tag: body.tag, sha: commit, deliveries: deliveries.map((d) => d.id) });
    },
  },

  // DELETE /__emulator/repos/{owner}/{repo}/tags/{tag} – tag names may contain "/"
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/tags/*tag",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const tag = req.params.tag ?? "";
      const ref = `refs/tags/${tag}`;
      const current = isPlainRefName(tag) ? await repo.reader.info(ref) : null;
      if (!current) throw notFound();
      await deleteTag({ repoDir: repo.dir, tag });
      const deliveries = await emitRefChanges(req.ctx, repo, [{ ref, before: current.sha, after: ZERO_SHA }]);
      return json(200, { tag, deleted: true, deliveries: deliveries.map((d) => d.id) });
    },
  },

  // POST /__emulator/repos/{owner}/{repo}/pulls/{number}/merge – real merge commit, push + pull_request closed (merged)
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/pulls/:number/merge",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const pull = findPull(req.ctx, repo, Number(req.params.number));
      const { mergeSha, baseBefore } = await mergePull(req.ctx, repo, pull);
      const sender = "emulator-merger";
      const pushes = await emitRefChanges(req.ctx, repo, [{ ref: `refs/heads/${pull.baseRef}`, before: baseBefore, after: mergeSha }], sender);
      const closed = await emitPullRequest(req.ctx, repo, pull, "closed", {}, sender);
      return json(200, { merged: true, sha: mergeSha, number: pull.number, deliveries: [...pushes, closed].map((d) => d.id) });
    },
  },

  // POST /__emulator/repos/{owner}/{repo}/pulls/{number}/close – closed without merging
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/pulls/:number/close",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const pull = findPull(req.ctx, repo, Number(req.params.number));
      if (pull.state !== "open") throw new ApiError(422, "Pull request is not open");
      await closePull(req.ctx, repo, pull);
      const delivery = await emitPullRequest(req.ctx, repo, pull, "closed", {}, "emulator");
      return json(200, { merged: false, number: pull.number, deliveries: [delivery.id] });
    },
  },

  // GET /__emulator/pulls?repo=owner/name – every PR with its state
  {
    method: "GET",
    pattern: "/pulls",
    auth: "none",
    handle: async ({ ctx, query }) => {
      const only = query.get("repo");
      const rows = Object.entries(ctx.state.data.pulls)
        .filter(([repo]) => !only || repo === only)
        .flatMap(([repo, pulls]) => pulls.map((pull) => ({ repo, ...pull })));
      return json(200, rows);
    },
  },

  // GET /__emulator/issues?repo=owner/name – every issue with its comments
  {
    method: "GET",
    pattern: "/issues",
    auth: "none",
    handle: async ({ ctx, query }) => {
      const only = query.get("repo");
      const rows = Object.entries(ctx.state.data.issues)
        .filter(([repo]) => !only || repo === only)
        .flatMap(([repo, issues]) => issues.map((issue) => ({ repo, ...issue })));
      return json(200, rows);
    },
  },

  // GET /__emulator/deliveries – webhook deliveries, after pending ones were attempted
  {
    method: "GET",
    pattern: "/deliveries",
    auth: "none",
    handle: async ({ ctx }) => {
      await ctx.webhooks.idle();
      return json(200, ctx.webhooks.list());
    },
  },

  // DELETE /__emulator/deliveries
  {
    method: "DELETE",
    pattern: "/deliveries",
    auth: "none",
    handle: async ({ ctx }) => {
      await ctx.webhooks.idle();
      ctx.webhooks.clear();
      return { status: 204 };
    },
  },

  // POST /__emulator/faults – fail the next `count` matching API or git requests with `status`
  {
    method: "POST",
    pattern: "/faults",
    auth: "none",
    handle: async (req) => {
      const body = parseBody(req, faultSchema);
      if (body.match.pathPattern) {
        try {
          new RegExp(body.match.pathPattern);
        } catch {
          throw new ApiError(422, "pathPattern is not a valid regular expression");
        }
      }
      const fault = {
        id: req.ctx.state.nextId(),
        method: body.match.method?.toUpperCase() ?? null,
        pathPattern: body.match.pathPattern ?? null,
        status: body.status,
        remaining: body.count,
        body: body.body ?? null,
      };
      req.ctx.state.data.faults.push(fault);
      await req.ctx.state.save();
      return json(201, fault);
    },
  },

  // GET /__emulator/faults
  { method: "GET", pattern: "/faults", auth: "none", handle: async ({ ctx }) => json(200, ctx.state.data.faults) },

  // DELETE /__emulator/faults
  {
    method: "DELETE",
    pattern: "/faults",
    auth: "none",
    handle: async ({ ctx }) => {
      ctx.state.data.faults = [];
      await ctx.state.save();
      return { status: 204 };
    },
  },

  // POST /__emulator/access – hide a repo from the App, or make it read-only ("repo" may be "*")
  {
    method: "POST",
    pattern: "/access",
    auth: "none",
    handle: async (req) => {
      const body = parseBody(req, accessSchema);
      const current = req.ctx.state.data.access[body.repo] ?? { visible: true, writable: true };
      const rule = { visible: body.visible ?? current.visible, writable: body.writable ?? current.writable };
      req.ctx.state.data.access[body.repo] = rule;
      await req.ctx.state.save();
      return json(200, { repo: body.repo, ...rule });
    },
  },

  // GET /__emulator/access
  { method: "GET", pattern: "/access", auth: "none", handle: async ({ ctx }) => json(200, ctx.state.data.access) },

  // GET /__emulator/limits – GitHub's size limits and mergeability delay in force
  { method: "GET", pattern: "/limits", auth: "none", handle: async ({ ctx }) => json(200, ctx.state.data.limits) },

  // POST /__emulator/limits – lower (or raise) some of them, e.g. {treeEntries: 3} to make a small repo's tree truncated
  {
    method: "POST",
    pattern: "/limits",
    auth: "none",
    handle: async (req) => {
      const body = parseBody(req, limitsSchema);
      Object.assign(req.ctx.state.data.limits, Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
      await req.ctx.state.save();
      return json(200, req.ctx.state.data.limits);
    },
  },

  // GET /__emulator/orgs/{org} – the org's members, teams and repo collaborators
  { method: "GET", pattern: "/orgs/:org", auth: "none", handle: async (req) => json(200, directoryOf(req).directory) },

  // PATCH /__emulator/orgs/{org} – {basePermission: none|read|write|admin}
  {
    method: "PATCH",
    pattern: "/orgs/:org",
    auth: "none",
    handle: async (req) => {
      const body = parseBody(req, z.object({ basePermission: z.enum(["none", "read", "write", "admin"]) }));
      const { org, directory } = directoryOf(req);
      directory.basePermission = body.basePermission;
      saveDirectory(req, org, directory);
      return json(200, directory);
    },
  },

  // PUT /__emulator/orgs/{org}/members/{login} – {role?: admin|member}
  {
    method: "PUT",
    pattern: "/orgs/:org/members/:login",
    auth: "none",
    handle: async (req) => {
      const body = parseBody(req, z.object({ role: z.enum(["admin", "member"]).default("member") }));
      const { org, directory } = directoryOf(req);
      directory.members[loginParam(req)] = body.role;
      saveDirectory(req, org, directory);
      return json(200, directory.members);
    },
  },

  // DELETE /__emulator/orgs/{org}/members/{login} – also leaves every team of the org
  {
    method: "DELETE",
    pattern: "/orgs/:org/members/:login",
    auth: "none",
    handle: async (req) => {
      const { org, directory } = directoryOf(req);
      const login = loginParam(req).toLowerCase();
      const keep = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).filter(([k]) => k.toLowerCase() !== login));
      directory.members = keep(directory.members);
      for (const team of directory.teams) team.members = keep(team.members);
      saveDirectory(req, org, directory);
      return { status: 204 };
    },
  },

  // PUT /__emulator/orgs/{org}/teams/{slug} – create or update a team: {name?, description?, privacy?, members?, repos?}
  {
    method: "PUT",
    pattern: "/orgs/:org/teams/:slug",
    auth: "none",
    handle: async (req) => {
      const body = parseBody(req, teamBodySchema);
      const { org, directory } = directoryOf(req);
      const slug = req.params.slug ?? "";
      const current = findTeam(directory, slug);
      const members = Array.isArray(body.members) ? Object.fromEntries(body.members.map((login) => [login, "member" as const])) : body.members;
      const parsed = teamSchema.safeParse({
        slug: current?.slug ?? slug,
        name: body.name ?? current?.name ?? slug,
        description: body.description !== undefined ? body.description : (current?.description ?? null),
        privacy: body.privacy ?? current?.privacy,
        members: members ?? current?.members,
        repos: body.repos ?? current?.repos,
      });
      if (!parsed.success) throw new ApiError(422, parsed.error.issues.map((issue) => issue.message).join("; "));
      directory.teams = [...directory.teams.filter((team) => team !== current && team.slug !== parsed.data.slug), parsed.data];
      saveDirectory(req, org, directory);
      return json(current ? 200 : 201, parsed.data);
    },
  },

  // DELETE /__emulator/orgs/{org}/teams/{slug}
  {
    method: "DELETE",
    pattern: "/orgs/:org/teams/:slug",
    auth: "none",
    handle: async (req) => {
      const { org, directory } = directoryOf(req);
      const team = findTeam(directory, req.params.slug ?? "");
      if (!team) throw notFound();
      directory.teams = directory.teams.filter((t) => t !== team);
      saveDirectory(req, org, directory);
      return { status: 204 };
    },
  },

  // PUT /__emulator/repos/{owner}/{repo}/collaborators/{login} – {permission?: pull|triage|push|maintain|admin}
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/collaborators/:login",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const body = parseBody(req, z.object({ permission: z.enum(REPO_PERMISSIONS).default("push") }));
      const directory = structuredClone(req.ctx.directory.get(repo.owner));
      directory.collaborators[repo.name] = { ...directory.collaborators[repo.name], [loginParam(req)]: body.permission };
      req.ctx.directory.save(repo.owner, directory);
      return json(200, directory.collaborators[repo.name]);
    },
  },

  // DELETE /__emulator/repos/{owner}/{repo}/collaborators/{login}
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/collaborators/:login",
    auth: "none",
    handle: async (req) => {
      const repo = repoOf(req);
      const login = loginParam(req).toLowerCase();
      const directory = structuredClone(req.ctx.directory.get(repo.owner));
      directory.collaborators[repo.name] = Object.fromEntries(Object.entries(directory.collaborators[repo.name] ?? {}).filter(([k]) => k.toLowerCase() !== login));
      req.ctx.directory.save(repo.owner, directory);
      return { status: 204 };
    },
  },

  // POST /__emulator/users/{login}/token – a user token, as GitHub sign-in (OAuth) would give the portal
  {
    method: "POST",
    pattern: "/users/:login/token",
    auth: "none",
    handle: async (req) => {
      const issued = req.ctx.auth.issueUserToken(loginParam(req));
      return json(201, { token: issued.token, login: issued.login, expires_at: issued.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z") });
    },
  },

  // POST /__emulator/reset – forget PRs, labels, faults, access rules, limits and deliveries (repos stay)
  {
    method: "POST",
    pattern: "/reset",
    auth: "none",
    handle: async ({ ctx }) => {
      await ctx.webhooks.idle();
      ctx.webhooks.clear();
      await ctx.state.reset();
      return json(200, { ok: true });
    },
  },
];
