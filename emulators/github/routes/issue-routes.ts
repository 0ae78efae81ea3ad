import { z } from "zod";
import { botLogin } from "../github-shapes.js";
import { ApiError, paginate } from "../http-io.js";
import { findIssue, issueCommentJson, issueJson, issuesOf, issueTimestamp } from "../issues.js";
import { nextIssueNumber, pullsOf } from "../pull-requests.js";
import { json, parseBody, requireRepo, type Route, type RouteRequest } from "../router.js";
import type { IssueRecord } from "../state-store.js";
import { ensureLabels } from "./pull-routes.js";

// GitHub caps an issue's title and body (the body at 65,536 characters).
const BODY_LIMIT = 65_536;

const labelList = z.array(z.union([z.string(), z.object({ name: z.string() })])).optional();
const createIssueSchema = z.object({
  title: z.union([z.string().min(1), z.number()]),
  body: z.string().max(BODY_LIMIT, `body is too long (maximum is ${BODY_LIMIT} characters)`).nullable().optional(),
  labels: labelList,
});
const updateIssueSchema = z.object({
  title: z.union([z.string().min(1), z.number()]).optional(),
  body: z.string().max(BODY_LIMIT, `body is too long (maximum is ${BODY_LIMIT} characters)`).nullable().optional(),
  state: z.enum(["open", "closed"]).optional(),
  state_reason: z.enum(["completed", "not_planned", "reopened"]).nullable().optional(),
  labels: labelList,
});
const commentSchema = z.object({ body: z.string().min(1).max(BODY_LIMIT) });

function issueNumber(req: RouteRequest): number {
  const number = Number(req.params.number);
  if (!Number.isInteger(number) || number < 1) throw new ApiError(404, "Not Found");
  return number;
}

function setLabels(req: RouteRequest, issue: IssueRecord, list: z.infer<typeof labelList>): void {
  if (list === undefined) return;
  const names = list.map((l) => (typeof l === "string" ? l : l.name)).filter((n) => n.length > 0);
  const labels = ensureLabels(req.ctx, requireRepo(req), names);
  issue.labels = names.map((name) => labels.find((l) => l.name.toLowerCase() === name.toLowerCase())?.name ?? name);
}

// Issues: create, read, edit (title, body, labels, open/close), list with GitHub's filters, and comments.
// No `issues` webhooks are sent: the portal handles none.
export const issueRoutes: Route[] = [
  // GET /repos/{owner}/{repo}/issues?state=&labels=a,b&creator=&sort=&direction= – pull requests included, as on GitHub
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      const state = req.query.get("state") ?? "open";
      if (!["open", "closed", "all"].includes(state)) throw new ApiError(422, "Validation Failed", { errors: [{ resource: "Issue", field: "state", code: "invalid" }] });
      const wanted = (req.query.get("labels") ?? "").split(",").map((l) => l.trim().toLowerCase()).filter(Boolean);
      const creator = req.query.get("creator")?.toLowerCase() ?? null;
      const items = [...issuesOf(req.ctx, repo), ...pullsOf(req.ctx, repo).map((p) => ({ ...p, kind: "pull" as const }))]
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => wanted.every((name) => i.labels.some((l) => l.toLowerCase() === name)))
        .filter((i) => !creator || i.user.toLowerCase() === creator)
        .sort((a, b) => {
          const key = req.query.get("sort") === "updated" ? "updatedAt" : "createdAt";
          const order = a[key].localeCompare(b[key]) || a.number - b.number;
          return req.query.get("direction") === "asc" ? order : -order;
        });
      const page = paginate(items, req.query, req.selfUrl);
      return json(200, page.items.map((i) => issueJson(req.ctx, repo, i)), page.headers);
    },
  },

  // POST /repos/{owner}/{repo}/issues
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req, "write");
      const body = parseBody(req, createIssueSchema);
      const at = issueTimestamp();
      const issue: IssueRecord = {
        id: req.ctx.state.nextId(),
        number: nextIssueNumber(req.ctx, repo),
        title: String(body.title),
        body: body.body ?? null,
        state: "open",
        stateReason: null,
        user: botLogin(req.ctx.config),
        labels: [],
        comments: [],
        closedAt: null,
        createdAt: at,
        updatedAt: at,
      };
      setLabels(req, issue, body.labels);
      issuesOf(req.ctx, repo).push(issue);
      await req.ctx.state.save();
      const payload = issueJson(req.ctx, repo, issue);
      return json(201, payload, { location: String(payload.url) });
    },
  },

  // GET /repos/{owner}/{repo}/issues/{number}
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      return json(200, issueJson(req.ctx, repo, findIssue(req.ctx, repo, issueNumber(req))));
    },
  },

  // PATCH /repos/{owner}/{repo}/issues/{number} – title, body, labels, state and state_reason
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/:number",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req, "write");
      const issue = findIssue(req.ctx, repo, issueNumber(req));
      const body = parseBody(req, updateIssueSchema);
      if (body.title !== undefined) issue.title = String(body.title);
      if (body.body !== undefined) issue.body = body.body;
      setLabels(req, issue, body.labels);
      if (body.state === "closed" && issue.state === "open") {
        Object.assign(issue, { state: "closed", stateReason: body.state_reason ?? "completed", closedAt: issueTimestamp() } satisfies Partial<IssueRecord>);
      } else if (body.state === "open" && issue.state === "closed") {
        Object.assign(issue, { state: "open", stateReason: "reopened", closedAt: null } satisfies Partial<IssueRecord>);
      } else if (body.state_reason !== undefined && issue.state === "closed") {
        issue.stateReason = body.state_reason;
      }
      issue.updatedAt = issueTimestamp();
      await req.ctx.state.save();
      return json(200, issueJson(req.ctx, repo, issue));
    },
  },

  // GET /repos/{owner}/{repo}/issues/{number}/comments
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req);
      const issue = findIssue(req.ctx, repo, issueNumber(req));
      const page = paginate(issue.comments, req.query, req.selfUrl);
      return json(200, page.items.map((c) => issueCommentJson(req.ctx, repo, issue, c)), page.headers);
    },
  },

  // POST /repos/{owner}/{repo}/issues/{number}/comments
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    auth: "installation",
    handle: async (req) => {
      const repo = requireRepo(req, "write");
      const issue = findIssue(req.ctx, repo, issueNumber(req));
      const body = parseBody(req, commentSchema);
      const comment = { id: req.ctx.state.nextId(), body: body.body, user: botLogin(req.ctx.config), createdAt: issueTimestamp() };
      issue.comments.push(comment);
      issue.updatedAt = comment.createdAt;
      await req.ctx.state.save();
      const payload = issueCommentJson(req.ctx, repo, issue, comment);
      return json(201, payload, { location: String(payload.url) });
    },
  },
];
