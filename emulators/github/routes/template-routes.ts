import { z } from "zod";
import { runGit } from "../git-exec.js";
import { ZERO_SHA } from "../git-objects.js";
import { resolveCommit, updateRef, writeCommit } from "../git-store.js";
import { repoApiUrl, repoJson } from "../github-shapes.js";
import { ApiError } from "../http-io.js";
import { isValidRepoSegment } from "../repo-registry.js";
import { json, parseBody, requireRepo, type Route } from "../router.js";

// https://docs.github.com/rest/repos/repos#create-a-repository-using-a-template
const generateSchema = z.object({
  owner: z.string().optional(),
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  include_all_branches: z.boolean().optional(),
  private: z.boolean().optional(),
});

// Template repositories, authenticated with an installation token.
export const templateRoutes: Route[] = [
  // POST /repos/{template_owner}/{template_repo}/generate – a new repo with the template's files in one fresh commit
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/generate",
    auth: "installation",
    handle: async (req) => {
      // The template must be visible to the installation (404 otherwise, as GitHub hides it).
      const template = requireRepo(req);
      const body = parseBody(req, generateSchema);
      const settings = await req.ctx.repos.settings(template);
      if (!settings.isTemplate) throw new ApiError(422, `${template.fullName} is not a template repository.`);
      const owner = body.owner ?? template.owner;
      if (!isValidRepoSegment(owner) || !isValidRepoSegment(body.name) || body.name.length > 100) {
        throw new ApiError(422, "Repository creation failed.", { errors: [{ resource: "Repository", code: "custom", field: "name", message: "name is invalid" }] });
      }
      // The App is installed on the org alone: other owners are out of its reach.
      if (owner.toLowerCase() !== req.ctx.config.org.toLowerCase()) throw new ApiError(403, "Resource not accessible by integration");
      if (req.ctx.repos.find(owner, body.name)) throw new ApiError(422, "Could not clone: Name already exists on this account");

      const repo = await req.ctx.repos.create({ owner, name: body.name, description: body.description ?? null, private: body.private ?? false });
      // GitHub starts the new repo's history afresh: one commit holding the default branch's files.
      const branch = req.ctx.repos.defaultBranch(template);
      const head = await resolveCommit(template.dir, `refs/heads/${branch}`);
      if (head) {
        await runGit({ gitDir: repo.dir, args: ["fetch", "--quiet", "--no-tags", template.dir, `refs/heads/${branch}`] });
        const { stdout } = await runGit({ gitDir: repo.dir, args: ["rev-parse", `${head}^{tree}`] });
        const sha = await writeCommit({ repoDir: repo.dir, tree: stdout.toString("utf8").trim(), parents: [], message: "Initial commit" });
        await updateRef({ repoDir: repo.dir, ref: `refs/heads/${branch}`, sha, expectedSha: ZERO_SHA });
        if (branch !== "main") await runGit({ gitDir: repo.dir, args: ["symbolic-ref", "HEAD", `refs/heads/${branch}`] });
        req.ctx.repos.touch(repo);
      }
      return json(201, await repoJson(req.ctx, repo, { full: true }), { location: repoApiUrl(req.ctx.config, repo) });
    },
  },
];
