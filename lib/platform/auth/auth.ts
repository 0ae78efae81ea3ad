import "server-only";
import { randomBytes } from "node:crypto";
import NextAuth, { customFetch, type NextAuthConfig } from "next-auth";
import { encode as encodeJwt } from "next-auth/jwt";
import GitHub from "next-auth/providers/github";
import type { Db } from "../create-prisma-client";
import { getDb } from "../db";
import { getEnv, type Env } from "../env";
import { logger } from "../logger";
import { recordAudit } from "../audit";
import { endUserSession } from "./end-user-sessions";
import { githubUserinfoRequest } from "./github-userinfo";
import { githubSignInOrg } from "./idp-groups-reader";
import { createTimeoutFetch } from "../http/fetch-with-timeout";
import { resolveTrustHost } from "./resolve-trust-host";
import { readGithubIdentity } from "./read-github-identity";
import { recordSignIn, type SignInIdentity } from "./record-sign-in";
import { readGroupsClaim } from "./refresh-oidc-groups";
import { parseRoleMapping } from "./role-mapping";
import { sealSecret } from "./seal-secret";
import { cappedJwtMaxAge, sessionExpiresAt, sessionPolicyFrom } from "./session-policy";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
    /** The server-side session (user_sessions.id) that getViewer checks on every request. */
    sessionId?: string;
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

/** What the config reaches outside itself for; tests pass their own database, clock and fetch. */
export interface AuthDeps {
  db?: () => Db;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** Error codes our sign-in callback sends to /signin (the page explains each). */
export const signInErrors = {
  githubTeamsUnavailable: "GithubTeamsUnavailable",
  githubNotMember: "GithubNotMember",
} as const;

/**
 * The Auth.js configuration. JWT sessions that carry only the user id and the id of a
 * server-side session (user_sessions), which getViewer checks on every request; the JWT never
 * outlives the session's absolute end, however often it is re-issued.
 */
export function buildConfig(env: Env, deps: AuthDeps = {}): NextAuthConfig {
  const rules = parseRoleMapping(env.BULKHEAD_ROLE_MAPPING);
  const db = deps.db ?? getDb;
  const now = deps.now ?? (() => new Date());
  const baseFetch = deps.fetch ?? fetch;
  // Sign-in calls (discovery, token, userinfo, GitHub org and teams) get the same deadline as
  // every other outbound call, so a hung provider cannot hold a sign-in open.
  const timedFetch = createTimeoutFetch(env.BULKHEAD_HTTP_TIMEOUT_MS, baseFetch);
  const policy = sessionPolicyFrom({
    maxHours: env.BULKHEAD_SESSION_MAX_HOURS,
    recheckMinutes: env.BULKHEAD_SESSION_RECHECK_MINUTES,
  });
  const providers: NextAuthConfig["providers"] = [];
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET) {
    // offline_access asks for a refresh token, with which the hourly re-check reads fresh groups.
    const offline = env.AUTH_OIDC_OFFLINE_ACCESS === "on" ? " offline_access" : "";
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_CLIENT_ID,
      clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: `openid profile email ${env.AUTH_OIDC_GROUPS_CLAIM}${offline}` } },
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
        // The built-in userinfo.request uses the global fetch, which [customFetch] does not reach.
        userinfo: { request: githubUserinfoRequest(timedFetch) },
        [customFetch]: timedFetch,
      }),
    );
  }

  const githubOrg = githubSignInOrg(env);
  // The teams read by the signIn callback, handed to the jwt callback of the same sign-in.
  const githubTeams = new WeakMap<object, string[]>();

  return {
    secret: env.AUTH_SECRET,
    trustHost: resolveTrustHost(env),
    providers,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    jwt: {
      async encode(params) {
        const end = typeof params.token?.sexp === "number" ? params.token.sexp : undefined;
        const maxAge = cappedJwtMaxAge(params.maxAge ?? 8 * 60 * 60, end, Math.floor(now().getTime() / 1000));
        return encodeJwt({ ...params, maxAge });
      },
    },
    callbacks: {
      async signIn({ account }) {
        if (account?.provider !== "github") return true;
        if (!account.access_token) return false;
        const identity = await readGithubIdentity({
          accessToken: account.access_token,
          apiUrl: env.GITHUB_API_URL,
          org: githubOrg,
          fetch: baseFetch,
          timeoutMs: env.BULKHEAD_HTTP_TIMEOUT_MS,
        });
        if (!identity.ok) {
          logger.warn("GitHub sign-in refused", { org: githubOrg, kind: identity.kind, detail: identity.detail });
          // Never sign someone in with the teams we could not read: that would strip their roles.
          return `/signin?error=${identity.kind === "denied" ? signInErrors.githubNotMember : signInErrors.githubTeamsUnavailable}`;
        }
        githubTeams.set(account, identity.teams);
        return true;
      },
      async jwt({ token, account, profile, trigger }) {
        if (trigger === "signIn" || trigger === "signUp") {
          if (!account || !profile) return null;
          const raw = profile as Record<string, unknown>;
          let groups = readGroupsClaim(raw, env.AUTH_OIDC_GROUPS_CLAIM);
          if (account.provider === "github") {
            const teams = githubTeams.get(account);
            if (!teams) throw new Error("GitHub teams were not read before the session was issued");
            groups = teams;
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
          const signedInAt = now();
          const expiresAt = sessionExpiresAt(signedInAt, policy);
          // What lets the re-check read the groups again: GitHub's user token, or the OIDC refresh token.
          const idpToken = account.provider === "github" ? account.access_token : account.refresh_token;
          const sessionId = randomBytes(32).toString("base64url");
          const { userId } = await recordSignIn(db(), identity, rules, {
            id: sessionId,
            signedInAt,
            expiresAt,
            sealedIdpToken: idpToken ? sealSecret(idpToken, env.AUTH_SECRET) : null,
          });
          return {
            name: token.name,
            email: token.email,
            sub: token.sub,
            uid: userId,
            username,
            sid: sessionId,
            sexp: Math.floor(expiresAt.getTime() / 1000),
          };
        }
        // Every later read of the cookie: no session id (a cookie from before server-side
        // sessions) or past the absolute end means no session. getViewer checks the rest.
        if (typeof token.sid !== "string" || typeof token.sexp !== "number") return null;
        if (token.sexp * 1000 <= now().getTime()) return null;
        return token;
      },
      session({ session, token }) {
        if (typeof token.uid === "string") session.user.id = token.uid;
        if (typeof token.sid === "string") session.sessionId = token.sid;
        return session;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (!token || typeof token.uid !== "string") return;
        const label = typeof token.username === "string" ? token.username : token.uid;
        const actor = { id: token.uid, label };
        if (typeof token.sid === "string") {
          // Ends the server-side session, so a copy of this cookie stops working too.
          await endUserSession(db(), { sessionId: token.sid, actor, reason: "sign_out", now: now() });
          return;
        }
        await recordAudit(db(), { actor, action: "auth.sign_out", subject: { type: "user", id: token.uid } });
      },
    },
    logger: {
      error: (error) => logger.error("auth error", { error }),
      warn: (code) => logger.warn("auth warning", { code }),
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig(getEnv()));
