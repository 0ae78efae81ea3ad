import type { Env } from "../env";
import type { IdpReadFailure } from "./idp-read";
import { readGithubIdentity } from "./read-github-identity";
import { refreshOidcGroups } from "./refresh-oidc-groups";

export type IdpRereadResult = { ok: true; groups: string[]; token: string } | IdpReadFailure;

/** Reads a signed-in user's current groups again, without a browser, for the hourly re-check. */
export interface IdpGroupsReader {
  /**
   * `token` is what the sign-in kept (OIDC refresh token, GitHub user token); the answer
   * carries the token to keep from now on (rotated refresh tokens differ).
   */
  reread(input: { provider: string; subject: string; token: string }): Promise<IdpRereadResult>;
}

/** The org whose members may sign in with GitHub, and whose teams count as groups. */
export function githubSignInOrg(env: Env): string {
  return env.AUTH_GITHUB_ORG ?? env.GITHUB_ORG ?? "";
}

/** The reader for the providers configured in `env`. */
export function createIdpGroupsReader(env: Env, fetchImpl: typeof fetch = fetch): IdpGroupsReader {
  return {
    async reread({ provider, subject, token }) {
      if (provider === "oidc" && env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET) {
        const result = await refreshOidcGroups({
          issuer: env.AUTH_OIDC_ISSUER,
          clientId: env.AUTH_OIDC_CLIENT_ID,
          clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
          refreshToken: token,
          subject,
          groupsClaim: env.AUTH_OIDC_GROUPS_CLAIM,
          fetch: fetchImpl,
        });
        return result.ok ? { ok: true, groups: result.groups, token: result.refreshToken } : result;
      }
      if (provider === "github" && env.AUTH_GITHUB_ID) {
        const result = await readGithubIdentity({ accessToken: token, apiUrl: env.GITHUB_API_URL, org: githubSignInOrg(env), fetch: fetchImpl });
        return result.ok ? { ok: true, groups: result.teams, token } : result;
      }
      return { ok: false, kind: "denied", detail: `sign-in provider "${provider}" is no longer configured` };
    },
  };
}
