import { z } from "zod";
import { IDP_TIMEOUT_MS, idpFailure as failure, type IdpReadFailure } from "./idp-read";

/** More teams than this for one user is treated as a fault rather than read forever. */
const MAX_TEAM_PAGES = 50;

export type GithubIdentityResult = { ok: true; teams: string[] } | IdpReadFailure;

export interface ReadGithubIdentityOptions {
  accessToken: string;
  /** GITHUB_API_URL, e.g. https://api.github.com or a GHES `/api/v3` base. */
  apiUrl: string;
  /** Only members of this org may sign in, and only its teams count. */
  org: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const teamsSchema = z.array(
  z.object({ slug: z.string().min(1), organization: z.object({ login: z.string() }).partial().nullish() }),
);

// Named githubApi with the path as a literal: emulators/github/contract.test.ts finds sign-in's routes by it.
function githubApi(apiUrl: string, path: string): URL {
  return new URL(path, apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`);
}

/** The `rel="next"` target of a Link header, if any. */
export function nextPageOf(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match?.[2]?.split(/\s+/).includes("next")) return match[1] ?? null;
  }
  return null;
}

/**
 * Reads what GitHub sign-in needs from the user's token: active membership of the org, and
 * every team of that org the user is in (`org/team`), following the Link header past the
 * first 100. Team memberships play the part of IdP groups; teams of other orgs never count,
 * or anyone could create an org with a `platform-admins` team. Never throws.
 */
export async function readGithubIdentity(options: ReadGithubIdentityOptions): Promise<GithubIdentityResult> {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? IDP_TIMEOUT_MS;
  const headers = { authorization: `Bearer ${options.accessToken}`, accept: "application/vnd.github+json" };
  const get = async (url: URL | string) => fetchImpl(url, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });

  try {
    const membership = await get(githubApi(options.apiUrl, `user/memberships/orgs/${encodeURIComponent(options.org)}`));
    if (membership.status === 401) return failure("denied", "GitHub no longer accepts the user's token");
    if (membership.status === 403 || membership.status === 404) return failure("denied", `not a member of the ${options.org} org`);
    if (!membership.ok) return failure("unavailable", `GET /user/memberships/orgs answered ${membership.status}`);
    const state = ((await membership.json()) as { state?: unknown }).state;
    if (state !== "active") return failure("denied", `membership of the ${options.org} org is ${String(state)}, not active`);

    const origin = new URL(options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`).href;
    const teams: string[] = [];
    let next: string | null = githubApi(options.apiUrl, "user/teams?per_page=100").href;
    for (let page = 0; next !== null; page += 1) {
      if (page === MAX_TEAM_PAGES) return failure("unavailable", `more than ${MAX_TEAM_PAGES * 100} teams`);
      // The token goes to GitHub's API only, whatever a Link header says.
      if (!next.startsWith(origin)) return failure("unavailable", "GET /user/teams linked outside the API");
      const response = await get(next);
      if (response.status === 401) return failure("denied", "GitHub no longer accepts the user's token");
      if (!response.ok) return failure("unavailable", `GET /user/teams answered ${response.status}`);
      const parsed = teamsSchema.safeParse(await response.json());
      if (!parsed.success) return failure("unavailable", "GET /user/teams answered an unexpected body");
      for (const team of parsed.data) {
        const login = team.organization?.login;
        if (login && login.toLowerCase() === options.org.toLowerCase()) teams.push(`${login}/${team.slug}`);
      }
      next = nextPageOf(response.headers.get("link"));
    }
    return { ok: true, teams: [...new Set(teams)].sort() };
  } catch (error) {
    return failure("unavailable", `GitHub could not be reached: ${(error as Error).message}`);
  }
}
