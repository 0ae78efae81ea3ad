import { z } from "zod";
import { IDP_TIMEOUT_MS, idpFailure as failure, type IdpReadFailure } from "./idp-read";

export type OidcGroupsResult = { ok: true; groups: string[]; refreshToken: string } | IdpReadFailure;

export interface RefreshOidcGroupsOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** The `sub` the session signed in as: fresh claims for anyone else are refused. */
  subject: string;
  groupsClaim: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const discoverySchema = z.object({ token_endpoint: z.url(), userinfo_endpoint: z.url() });
const tokenSchema = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1).optional() });
const claimsSchema = z.looseObject({ sub: z.string() });

/** Groups from a claim: an array of strings, or one string of comma- or space-separated names. */
export function readGroupsClaim(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  if (typeof value === "string") return value.split(/[,\s]+/).filter(Boolean);
  return [];
}

const discoveryCache = new Map<string, { at: number; value: z.infer<typeof discoverySchema> }>();

/**
 * Re-reads a signed-in user's groups from the OIDC provider without a browser: the refresh
 * token buys a fresh access token (client_secret_basic, as Auth.js signs in), and the
 * userinfo endpoint answers the current claims. A refused refresh token (`invalid_grant`:
 * revoked, expired, user disabled) is `denied`; anything else the IdP fails at is `unavailable`.
 * Providers that rotate refresh tokens send a new one, which the caller must keep. Never throws.
 */
export async function refreshOidcGroups(options: RefreshOidcGroupsOptions): Promise<OidcGroupsResult> {
  const fetchImpl = options.fetch ?? fetch;
  const signal = () => AbortSignal.timeout(options.timeoutMs ?? IDP_TIMEOUT_MS);
  try {
    let discovery = discoveryCache.get(options.issuer);
    if (!discovery || Date.now() - discovery.at > 3_600_000) {
      const base = options.issuer.endsWith("/") ? options.issuer : `${options.issuer}/`;
      const response = await fetchImpl(new URL(".well-known/openid-configuration", base), { signal: signal() });
      if (!response.ok) return failure("unavailable", `OIDC discovery answered ${response.status}`);
      const parsed = discoverySchema.safeParse(await response.json());
      if (!parsed.success) return failure("unavailable", "OIDC discovery lacks a token or userinfo endpoint");
      discovery = { at: Date.now(), value: parsed.data };
      discoveryCache.set(options.issuer, discovery);
    }

    const basic = Buffer.from(
      `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`,
    ).toString("base64");
    const tokenResponse = await fetchImpl(discovery.value.token_endpoint, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: options.refreshToken }).toString(),
      signal: signal(),
      redirect: "error",
    });
    if (!tokenResponse.ok) {
      const error = ((await tokenResponse.json().catch(() => ({}))) as { error?: unknown }).error;
      if (error === "invalid_grant") return failure("denied", "the OIDC provider refused the refresh token (invalid_grant)");
      return failure("unavailable", `OIDC token endpoint answered ${tokenResponse.status}${typeof error === "string" ? ` (${error})` : ""}`);
    }
    const tokens = tokenSchema.safeParse(await tokenResponse.json());
    if (!tokens.success) return failure("unavailable", "OIDC token endpoint answered without an access token");

    const userinfo = await fetchImpl(discovery.value.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.data.access_token}`, accept: "application/json" },
      signal: signal(),
      redirect: "error",
    });
    if (!userinfo.ok) return failure("unavailable", `OIDC userinfo answered ${userinfo.status}`);
    const claims = claimsSchema.safeParse(await userinfo.json());
    if (!claims.success) return failure("unavailable", "OIDC userinfo answered without a subject");
    if (claims.data.sub !== options.subject) return failure("denied", "OIDC userinfo answered for another subject");

    return {
      ok: true,
      groups: readGroupsClaim(claims.data, options.groupsClaim),
      refreshToken: tokens.data.refresh_token ?? options.refreshToken,
    };
  } catch (error) {
    return failure("unavailable", `the OIDC provider could not be reached: ${(error as Error).message}`);
  }
}
