import type { Env } from "../env";

/**
 * Auth.js's `trustHost`: whether the request's Host / X-Forwarded-Host may decide the URLs
 * sign-in builds (callback and redirect URLs). An explicit AUTH_TRUST_HOST wins. Otherwise
 * the host is trusted only where it cannot be forged to effect: when AUTH_URL is set
 * (next-auth then rewrites every request to AUTH_URL's origin, so the header is ignored),
 * or outside production. Production without AUTH_URL never starts (env.ts refuses it).
 */
export function resolveTrustHost(env: Pick<Env, "AUTH_TRUST_HOST" | "AUTH_URL" | "NODE_ENV">): boolean {
  if (env.AUTH_TRUST_HOST !== undefined) return env.AUTH_TRUST_HOST;
  return env.AUTH_URL !== undefined || env.NODE_ENV !== "production";
}
