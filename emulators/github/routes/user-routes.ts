import { accountJson, organizationJson, teamFullJson } from "../github-shapes.js";
import { notFound, paginate } from "../http-io.js";
import { json, type Route } from "../router.js";

// Routes a signed-in user's token reaches (GitHub sign-in reads the user's org membership and teams).
export const userRoutes: Route[] = [
  // GET /user/teams – every team the user is in, across orgs
  {
    method: "GET",
    pattern: "/user/teams",
    auth: "user",
    handle: async (req) => {
      const login = (req.viewer ?? "").toLowerCase();
      const teams = req.ctx.directory.ownersKnowing(login).flatMap((owner) =>
        req.ctx.directory
          .get(owner)
          .teams.filter((team) => Object.keys(team.members).some((member) => member.toLowerCase() === login))
          .map((team) => teamFullJson(req.ctx.config, owner, team)),
      );
      const page = paginate(teams, req.query, req.selfUrl);
      return json(200, page.items, page.headers);
    },
  },

  // GET /user/memberships/orgs/{org} – the user's membership; 404 when they are not a member
  {
    method: "GET",
    pattern: "/user/memberships/orgs/:org",
    auth: "user",
    handle: async (req) => {
      const viewer = req.viewer ?? "";
      const org = req.params.org ?? "";
      const owner = req.ctx.directory.owners().find((name) => name.toLowerCase() === org.toLowerCase());
      const members = owner ? req.ctx.directory.get(owner).members : {};
      const login = Object.keys(members).find((member) => member.toLowerCase() === viewer.toLowerCase());
      if (!owner || !login) throw notFound();
      const { config } = req.ctx;
      return json(200, {
        url: `${config.apiUrl}/orgs/${encodeURIComponent(owner)}/memberships/${encodeURIComponent(login)}`,
        state: "active",
        role: members[login],
        organization_url: `${config.apiUrl}/orgs/${encodeURIComponent(owner)}`,
        organization: organizationJson(config, owner),
        user: accountJson(config, login),
        permissions: { can_create_repository: members[login] === "admin" },
      });
    },
  },
];
