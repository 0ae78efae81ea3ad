import { demoUsers } from "../../oidc/users";
import type { OwnerDirectory, RepoPermission, TeamRecord } from "../directory-store";
import { consumerRepos } from "./consumers/consumer-repos";
import { moduleOwnerTeams, singleModuleRepos } from "./modules/catalogue";
import { vendingRepoPlans } from "./vending/vending-repos";

const ADMIN_GROUP = "platform-admins";

/** Members of a workload's builder (`team-<w>`) and lead (`<w>-leads`) groups; leads maintain the team. */
function workloadMembers(workload: string): TeamRecord["members"] {
  const members: TeamRecord["members"] = {};
  for (const user of demoUsers) {
    if (user.groups.includes(`${workload}-leads`)) members[user.username] = "maintainer";
    else if (user.groups.includes(`team-${workload}`)) members[user.username] = "member";
  }
  return members;
}

/**
 * The demo org's people, matching the OIDC emulator's users: every demo user is a member (platform
 * admins are org owners); each workload's GitHub team (the reviewer team its scaffold PRs ask for)
 * may push to its consumer repo; `platform-admins` administers every seeded repo. Each OIDC group
 * is also a team, so that GitHub sign-in (`GET /user/teams`) maps to the same roles as OIDC.
 */
export function buildDemoDirectory(options: { monorepo: string }): OwnerDirectory {
  const seededRepos = [options.monorepo, ...singleModuleRepos.map((s) => s.repo), ...consumerRepos.map((c) => c.repo), ...vendingRepoPlans.map((p) => p.repo)];
  const adminRepos: Record<string, RepoPermission> = Object.fromEntries(seededRepos.map((repo) => [repo, "admin"]));
  const teams: TeamRecord[] = consumerRepos.map((consumer) => ({
    slug: consumer.team,
    name: `${consumer.workload[0]?.toUpperCase()}${consumer.workload.slice(1)} team`,
    description: `Builds and reviews the ${consumer.workload} workload's infrastructure.`,
    privacy: "closed",
    members: workloadMembers(consumer.workload),
    repos: { [consumer.repo]: "push" },
  }));
  // The teams the module repos' CODEOWNERS name: the platform admins maintain them, and they may push to the module repos.
  const moduleRepos: Record<string, RepoPermission> = Object.fromEntries([options.monorepo, ...singleModuleRepos.map((s) => s.repo)].map((repo) => [repo, "push"]));
  const maintainers = Object.fromEntries(demoUsers.filter((user) => user.groups.includes(ADMIN_GROUP)).map((user) => [user.username, "maintainer" as const]));
  for (const team of moduleOwnerTeams) {
    teams.push({ slug: team.slug, name: team.slug, description: team.description, privacy: "closed", members: maintainers, repos: moduleRepos });
  }
  const groups = [...new Set(demoUsers.flatMap((user) => user.groups))].sort();
  for (const group of groups) {
    const members = Object.fromEntries(demoUsers.filter((user) => user.groups.includes(group)).map((user) => [user.username, "member" as const]));
    teams.push({
      slug: group,
      name: group,
      description: group === ADMIN_GROUP ? "The platform team: administers every module and consumer repo." : `Sign-in group ${group}.`,
      privacy: "closed",
      members,
      repos: group === ADMIN_GROUP ? adminRepos : {},
    });
  }
  const members = Object.fromEntries(demoUsers.map((user) => [user.username, user.groups.includes(ADMIN_GROUP) ? ("admin" as const) : ("member" as const)]));
  return { basePermission: "read", members, teams, collaborators: {} };
}
