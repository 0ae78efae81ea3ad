import { INSTALLATION_ID } from "../app-auth.js";
import { appJson, installationJson } from "../github-shapes.js";
import { notFound, paginate } from "../http-io.js";
import { json, requireRepo, type Route } from "../router.js";

// App-level routes, authenticated with the App's JWT (and the installation token ones after them).
export const appRoutes: Route[] = [
  // GET /app – the authenticated app
  { method: "GET", pattern: "/app", auth: "app", handle: async ({ ctx }) => json(200, appJson(ctx.config)) },

  // GET /app/installations – the one installation, on the org
  {
    method: "GET",
    pattern: "/app/installations",
    auth: "app",
    handle: async ({ ctx, query, selfUrl }) => {
      const page = paginate([installationJson(ctx.config, INSTALLATION_ID)], query, selfUrl);
      return json(200, page.items, page.headers);
    },
  },

  // GET /app/installations/{id}
  {
    method: "GET",
    pattern: "/app/installations/:id",
    auth: "app",
    handle: async ({ ctx, params }) => {
      if (Number(params.id) !== INSTALLATION_ID) throw notFound();
      return json(200, installationJson(ctx.config, INSTALLATION_ID));
    },
  },

  // POST /app/installations/{id}/access_tokens – an installation token valid for one hour
  {
    method: "POST",
    pattern: "/app/installations/:id/access_tokens",
    auth: "app",
    handle: async ({ ctx, params }) => {
      if (Number(params.id) !== INSTALLATION_ID) throw notFound();
      const issued = ctx.auth.issueInstallationToken(INSTALLATION_ID);
      return json(201, {
        token: issued.token,
        expires_at: issued.expiresAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: { contents: "write", pull_requests: "write", metadata: "read" },
        repository_selection: "all",
      });
    },
  },

  // GET /orgs/{org}/installation
  {
    method: "GET",
    pattern: "/orgs/:org/installation",
    auth: "app",
    handle: async ({ ctx, params }) => {
      if (params.org?.toLowerCase() !== ctx.config.org.toLowerCase()) throw notFound();
      return json(200, installationJson(ctx.config, INSTALLATION_ID));
    },
  },

  // GET /repos/{owner}/{repo}/installation – 404 when the App cannot see the repo
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/installation",
    auth: "app",
    handle: async (req) => {
      requireRepo(req);
      return json(200, installationJson(req.ctx.config, INSTALLATION_ID));
    },
  },

  // DELETE /installation/token – revoke the calling token
  {
    method: "DELETE",
    pattern: "/installation/token",
    auth: "installation",
    handle: async ({ ctx, headers }) => {
      const token = /^(?:token|bearer)\s+(.+)$/i.exec(headers.authorization ?? "")?.[1];
      if (token) ctx.auth.revoke(token);
      return { status: 204 };
    },
  },
];
