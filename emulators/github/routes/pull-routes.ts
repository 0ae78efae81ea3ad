import { createHash } from "node:crypto";
import { z } from "zod";
import { findTeam, teamPermission, userPermission } from "../directory-store.js";
import type { EmulatorContext } from "../emulator-context.js";
import { botLogin, changedFileJson, labelJson, repoJson } from "../github-shapes.js";
import { ApiError, paginate } from "../http-io.js";
import { closePull, createPull, findPull, mergePull, parseHeadFilter, pullLiveShas, pullsOf, renderPullJson } from "../pull-requests.js";
import type { RepoHandle } from "../repo-registry.js";
import { json, parseBody, requireRepo, type Route, type RouteRequest } from "../router.js";
import type { LabelRecord, PullRecord } from "../state-store.js";
import { diffTrees } from "../tree-diff.js";
import { emitPullRequest, emitRefChanges } from "../webhook-events.js";

function renderPull(ctx: EmulatorContext, repo: RepoHandle, pull: PullRecord): Promise<Record<string, unknown>> {
  return renderPullJson(ctx, repo, pull, { detail: true });
}

function pullNumber(req: RouteRequest): number {
  const number = Number(req.params.number);
  if (!Number.isInteger(number) || number < 1) throw new ApiError(404, "Not Found");
  return number;
}

/** The repo (checked for `access`) and the pull request named by the route. */
function requirePull(req: RouteRequest, access: "read" | "write" = "read"): { repo: RepoHandle; pull: PullRecord } {
  const repo = requireRepo(req, access);
  return { repo, pull: findPull(req.ctx, repo, pullNumber(req)) };
}

function raise(ctx: EmulatorContext, work: Promise<unknown>): void {
  ctx.webhooks.track(work);
}

export function ensureLabels(ctx: EmulatorContext, repo: RepoHandle, names: readonly string[]): LabelRecord[] {
  const labels = (ctx.state.data.labels[repo.fullName] ??= []);
  for (const name of names) {
    if (labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) continue;
    const color = createHash("sha1").update(name).digest("hex").slice(0, 6);
    labels.push({ id: ctx.state.nextId(), name, color, description: null });
  }
  return labels;
}

function issueLabels(ctx: EmulatorContext, repo: RepoHandle, pull: PullRecord): Record<string, unknown>[] {
  const labels = ctx.state.data.labels[repo.fullName] ?? [];
  return labels.filter((l) => pull.labels.includes(l.name)).map((l) => labelJson(ctx.config, repo, l));
}

/** GitHub accepts `{labels: [...]}`, `[...]`, or `[{name}]`. */
const labelsSchema = z.union([
  z.object({ labels: z.array(z.union([z.string(), z.object({ name: z.string() })])) }),
  z.array(z.union([z.string(), z.object({ name: z.string() })])),
]);

function labelNames(body: z.infer<typeof labelsSchema>): string[] {
  const list = Array.isArray(body) ? body : body.labels;
  return list.map((item) => (typeof item === "string" ? item : item.name)).filter((name) => name.length > 0);
}

const createPullSchema = z.object({
  title: z.string().min(1),
  head: z.string().min(1),
  base: z.string().min(1),
  body: z.string().nullable().optional(),
  draft: z.boolean().optional(),
});
const updatePullSchema = z.object({
  title: z.string().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(["open", "closed"]).optional(),
  base: z.string().optional(),
});
const REVIEW_REQUEST_DOCS = "https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request";

/**
 * GitHub's checks before a review request: never the PR's author, and only people and teams with
 * access to the repo (a direct grant, org membership under the base permission, or a team's grant).
 * Returns the reviewers as the directory spells them.
 */
function checkReviewers(ctx: EmulatorContext, repo: RepoHandle, pull: PullRecord, logins: string[], slugs: string[]): { users: string[]; teams: string[] } {
  if (logins.some((login) => login.toLowerCase() === pull.user.toLowerCase())) {
    throw new ApiError(422, "Review cannot be requested from pull request author.", { documentation_url: REVIEW_REQUEST_DOCS });
  }
  const directory = ctx.directory.get(repo.owner);
  const teams = slugs.map((slug) => findTeam(directory, slug));
  const strangers = logins.filter((login) => userPermission(directory, repo.name, login) === null);
  const outsiders = teams.filter((team) => !team || teamPermission(team, repo.name) === null);
  if (strangers.length > 0 || outsiders.length > 0) {
    const who = logins.length === 0 ? "teams" : "users or teams";
    throw new ApiError(422, `Reviews may only be requested from collaborators. One or more of the ${who} you specified is not a collaborator of the ${repo.fullName} repository.`, {
      documentation_url: REVIEW_REQUEST_DOCS,
    });
  }
  return { users: logins, teams: teams.map((team) => team?.slug ?? "") };
}

const reviewersSchema = z.object({ reviewers: z.array(z.string()).optional(), team_reviewers: z.array(z.string()).optional() });

// Pull requests, their labels (issues API) and requested reviewers.
export const pullRoutes: Route[] = [
  // GET /repos/{owner}/{repo}/pulls?state=&head=owner:branch&base=
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      const state = req.query.get("state") ?? "open";
      const head = req.query.get("head");
      const base = req.query.get("base");
      const wantedHead = parseHeadFilter(head);
      const matches = pullsOf(req.ctx, repo)
        .filter((p) => state === "all" || p.state === state)
        .filter((p) => !wantedHead || (p.headRef === wantedHead.ref && wantedHead.owner.toLowerCase() === repo.owner.toLowerCase()))
        .filter((p) => !base || p.baseRef === base)
        .sort((a, b) => (req.query.get("direction") === "asc" ? a.number - b.number : b.number - a.number));
      const page = paginate(matches, req.query, req.selfUrl);
      const repoValue = await repoJson(req.ctx, repo);
      return json(200, await Promise.all(page.items.map((p) => renderPullJson(req.ctx, repo, p, { detail: false, repoValue }))), page.headers);
    },
  },

  // POST /repos/{owner}/{repo}/pulls
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/pulls",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req, "write");
      const body = parseBody(req, createPullSchema);
      const pull = await createPull(req.ctx, repo, {
        title: body.title,
        body: body.body ?? null,
        head: body.head,
        base: body.base,
        draft: body.draft ?? false,
        user: botLogin(req.ctx.config),
      });
      raise(req.ctx, emitPullRequest(req.ctx, repo, pull, "opened", {}, botLogin(req.ctx.config)));
      const payload = await renderPull(req.ctx, repo, pull);
      return json(201, payload, { location: String(payload.url) });
    },
  },

  // GET /repos/{owner}/{repo}/pulls/{number}
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req);
      return json(200, await renderPull(req.ctx, repo, pull));
    },
  },

  // PATCH /repos/{owner}/{repo}/pulls/{number} – title, body, base, open/close
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/pulls/:number",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req, "write");
      const body = parseBody(req, updatePullSchema);
      // The `edited` webhook tells what each changed field was before.
      const changes: Record<string, unknown> = {};
      if (body.title !== undefined && body.title !== pull.title) changes.title = { from: pull.title };
      if (body.body !== undefined && body.body !== pull.body) changes.body = { from: pull.body ?? "" };
      if (body.base !== undefined && body.base !== pull.baseRef) changes.base = { ref: { from: pull.baseRef }, sha: { from: pull.baseSha } };
      if (body.title !== undefined) pull.title = body.title;
      if (body.body !== undefined) pull.body = body.body;
      if (body.base !== undefined) {
        if (!(await repo.reader.info(`refs/heads/${body.base}`))) throw new ApiError(422, "Validation Failed", { errors: [{ resource: "PullRequest", field: "base", code: "invalid" }] });
        pull.baseRef = body.base;
      }
      pull.updatedAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      let action: string | null = Object.keys(changes).length > 0 ? "edited" : null;
      if (body.state === "closed" && pull.state === "open") {
        await closePull(req.ctx, repo, pull);
        action = "closed";
      } else if (body.state === "open" && pull.state === "closed") {
        if (pull.merged) throw new ApiError(422, "Validation Failed", { errors: [{ resource: "PullRequest", code: "custom", message: "state cannot be changed. The pull request has been merged." }] });
        Object.assign(pull, { state: "open", closedAt: null } satisfies Partial<PullRecord>);
        action = "reopened";
      }
      await req.ctx.state.save();
      if (action) raise(req.ctx, emitPullRequest(req.ctx, repo, pull, action, action === "edited" ? { changes } : {}, botLogin(req.ctx.config)));
      return json(200, await renderPull(req.ctx, repo, pull));
    },
  },

  // PUT /repos/{owner}/{repo}/pulls/{number}/merge – merge commit into the base branch
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/pulls/:number/merge",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req, "write");
      const { mergeSha, baseBefore } = await mergePull(req.ctx, repo, pull);
      const sender = botLogin(req.ctx.config);
      raise(
        req.ctx,
        emitRefChanges(req.ctx, repo, [{ ref: `refs/heads/${pull.baseRef}`, before: baseBefore, after: mergeSha }], sender).then(() =>
          emitPullRequest(req.ctx, repo, pull, "closed", {}, sender),
        ),
      );
      return json(200, { sha: mergeSha, merged: true, message: "Pull Request successfully merged" });
    },
  },

  // GET /repos/{owner}/{repo}/pulls/{number}/files
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/files",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req);
      const { headSha, baseSha } = await pullLiveShas(repo, pull);
      const [headTree, baseTree] = await Promise.all([repo.reader.info(`${headSha}^{tree}`), repo.reader.info(`${baseSha}^{tree}`)]);
      const changes = await diffTrees(repo.reader, baseTree?.sha ?? null, headTree?.sha ?? null);
      const files = changes.map((change) => changedFileJson(req.ctx.config, repo, change, headSha, headSha));
      const page = paginate(files, req.query, req.selfUrl);
      return json(200, page.items, page.headers);
    },
  },

  // GET /repos/{owner}/{repo}/issues/{number}/labels
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req);
      return json(200, issueLabels(req.ctx, repo, pull));
    },
  },

  // POST /repos/{owner}/{repo}/issues/{number}/labels – add labels (created on the repo when new)
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req, "write");
      const names = labelNames(parseBody(req, labelsSchema));
      const labels = ensureLabels(req.ctx, repo, names);
      for (const name of names) {
        const label = labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
        if (label && !pull.labels.includes(label.name)) pull.labels.push(label.name);
      }
      await req.ctx.state.save();
      return json(200, issueLabels(req.ctx, repo, pull));
    },
  },

  // PUT /repos/{owner}/{repo}/issues/{number}/labels – replace all labels
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/issues/:number/labels",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req, "write");
      const names = labelNames(parseBody(req, labelsSchema));
      const labels = ensureLabels(req.ctx, repo, names);
      pull.labels = names.map((name) => labels.find((l) => l.name.toLowerCase() === name.toLowerCase())?.name ?? name);
      await req.ctx.state.save();
      return json(200, issueLabels(req.ctx, repo, pull));
    },
  },

  // GET /repos/{owner}/{repo}/pulls/{number}/requested_reviewers
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/requested_reviewers",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req);
      const payload = await renderPullJson(req.ctx, repo, pull, { detail: false });
      return json(200, { users: payload.requested_reviewers, teams: payload.requested_teams });
    },
  },

  // POST /repos/{owner}/{repo}/pulls/{number}/requested_reviewers – 201 with the pull request; 422 unless every reviewer is a collaborator
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/pulls/:number/requested_reviewers",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req, "write");
      const body = parseBody(req, reviewersSchema);
      const { users, teams } = checkReviewers(req.ctx, repo, pull, body.reviewers ?? [], body.team_reviewers ?? []);
      for (const login of users) if (!pull.requestedReviewers.some((l) => l.toLowerCase() === login.toLowerCase())) pull.requestedReviewers.push(login);
      for (const slug of teams) if (!pull.requestedTeams.includes(slug)) pull.requestedTeams.push(slug);
      await req.ctx.state.save();
      return json(201, await renderPullJson(req.ctx, repo, pull, { detail: false }));
    },
  },

  // DELETE /repos/{owner}/{repo}/pulls/{number}/requested_reviewers
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/pulls/:number/requested_reviewers",
    auth: "installation",
    handle: async (req) => {
      const { repo, pull } = requirePull(req, "write");
      const body = parseBody(req, reviewersSchema);
      const users = (body.reviewers ?? []).map((l) => l.toLowerCase());
      const teams = (body.team_reviewers ?? []).map((t) => t.toLowerCase());
      pull.requestedReviewers = pull.requestedReviewers.filter((login) => !users.includes(login.toLowerCase()));
      pull.requestedTeams = pull.requestedTeams.filter((slug) => !teams.includes(slug.toLowerCase()));
      await req.ctx.state.save();
      return json(200, await renderPullJson(req.ctx, repo, pull, { detail: false }));
    },
  },
];
