import "server-only";
import NextAuth, { customFetch, type NextAuthConfig } from "next-auth";
import GitHub from "next-auth/providers/github";
import { getDb } from "../db";
import { getEnv, type Env } from "../env";
import { createTimeoutFetch } from "../http/fetch-with-timeout";
import { logger } from "../logger";
import { recordAudit } from "../audit";
import { recordSignIn, type SignInIdentity } from "./record-sign-in";
import { resolveTrustHost } from "./resolve-trust-host";
import { parseRoleMapping } from "./roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
  }
}

export interface ProviderSummary {
  id: string;
  name: string;
}

/** The sign-in providers this deployment offers, in the order the sign-in page lists them. */
export function configuredProviders(env: Env = getEnv()): ProviderSummary[] {
  const providers: ProviderSummary[] = [];
  if (env.AUTH_OIDC_ISSUER) providers.push({ id: "oidc", name: env.AUTH_OIDC_NAME });
  if (env.AUTH_GITHUB_ID) providers.push({ id: "github", name: "GitHub" });
  return providers;
}

function readGroups(profile: Record<string, unknown>, claim: string): string[] {
  const value = profile[claim];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  if (typeof value === "string") return value.split(/[,\s]+/).filter(Boolean);
  return [];
}

function githubApi(apiUrl: string, path: string): URL {
  return new URL(path, apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`);
}

/** True when the user is an active member of `org`; GitHub sign-in is limited to that org. */
async function isActiveOrgMember(fetch: typeof globalThis.fetch, accessToken: string, apiUrl: string, org: string): Promise<boolean> {
  const response = await fetch(githubApi(apiUrl, `user/memberships/orgs/${encodeURIComponent(org)}`), {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/vnd.github+json" },
  });
  if (!response.ok) return false;
  const membership = (await response.json()) as { state?: string };
  return membership.state === "active";
}

/**
 * GitHub has no groups claim: team memberships play that part, as `org/team`. Only teams of
 * the sign-in org count, or anyone could create an org with a `platform-admins` team.
 */
async function fetchGithubTeams(fetch: typeof globalThis.fetch, accessToken: string, apiUrl: string, org: string): Promise<string[]> {
  const response = await fetch(githubApi(apiUrl, "user/teams?per_page=100"), {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/vnd.github+json" },
  });
  if (!response.ok) throw new Error(`GET /user/teams answered ${response.status}`);
  const teams = (await response.json()) as Array<{ slug: string; organization?: { login?: string } }>;
  return teams
    .filter((t) => t.organization?.login?.toLowerCase() === org.toLowerCase())
    .map((t) => `${t.organization!.login}/${t.slug}`);
}

function buildConfig(env: Env): NextAuthConfig {
  const rules = parseRoleMapping(env.BULKHEAD_ROLE_MAPPING);
  // Sign-in calls (discovery, token, userinfo, GitHub org and teams) get the same deadline
  // as every other outbound call, so a hung provider cannot hold a sign-in open.
  const timedFetch = createTimeoutFetch(env.BULKHEAD_HTTP_TIMEOUT_MS);
  const providers: NextAuthConfig["providers"] = [];
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_CLIENT_ID,
      clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: `openid profile email ${env.AUTH_OIDC_GROUPS_CLAIM}` } },
      checks: ["pkce", "state", "nonce"],
      [customFetch]: timedFetch,
    });
  }
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(
      GitHub({
        clientId: env.AUTH_GITHUB_ID,
        clientSecret: env.AUTH_GITHUB_SECRET,
        authorization: { params: { scope: "read:user user:email read:org" } },
        [customFetch]: timedFetch,
      }),
    );
  }

  const githubOrg = env.AUTH_GITHUB_ORG ?? env.GITHUB_ORG ?? "";

  return {
    secret: env.AUTH_SECRET,
    trustHost: resolveTrustHost(env),
    providers,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      async signIn({ account }) {
        if (account?.provider !== "github") return true;
        if (!account.access_token || !(await isActiveOrgMember(timedFetch, account.access_token, env.GITHUB_API_URL, githubOrg))) {
          logger.warn("GitHub sign-in refused: not an active member of the org", { org: githubOrg });
          return false;
        }
        return true;
      },
      async jwt({ token, account, profile, trigger }) {
        if (trigger !== "signIn" || !account || !profile) return token;
        const raw = profile as Record<string, unknown>;
        let groups = readGroups(raw, env.AUTH_OIDC_GROUPS_CLAIM);
        if (account.provider === "github" && account.access_token) {
          try {
            groups = await fetchGithubTeams(timedFetch, account.access_token, env.GITHUB_API_URL, githubOrg);
          } catch (error) {
            logger.warn("could not read GitHub teams; signing in with no team roles", { error });
          }
        }
        const username =
          (raw.preferred_username as string | undefined) ??
          (raw.login as string | undefined) ??
          (raw.email as string | undefined) ??
          String(account.providerAccountId);
        const identity: SignInIdentity = {
          provider: account.provider,
          subject: String(raw.sub ?? raw.id ?? account.providerAccountId),
          username,
          name: (raw.name as string | undefined) ?? username,
          email: (raw.email as string | undefined) ?? null,
          groups,
        };
        const { userId } = await recordSignIn(getDb(), identity, rules);
        token.uid = userId;
        token.username = username;
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (!token || typeof token.uid !== "string") return;
        const label = typeof token.username === "string" ? token.username : token.uid;
        await recordAudit(getDb(), {
          actor: { id: token.uid, label },
          action: "auth.sign_out",
          subject: { type: "user", id: token.uid },
        });
      },
    },
    logger: {
      error: (error) => logger.error("auth error", { error }),
      warn: (code) => logger.warn("auth warning", { code }),
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig(getEnv()));
