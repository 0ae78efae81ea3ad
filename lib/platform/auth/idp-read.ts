/** Every call to an identity provider (GitHub, OIDC) during sign-in or a re-check gives up after this long. */
export const IDP_TIMEOUT_MS = 10_000;

export type IdpReadFailure = {
  ok: false;
  /**
   * `denied`: the IdP says no (not an org member, token revoked, refresh refused): end the session now.
   * `unavailable`: the IdP could not answer (network, timeout, 5xx, malformed answer): try again later.
   */
  kind: "denied" | "unavailable";
  detail: string;
};

export function idpFailure(kind: IdpReadFailure["kind"], detail: string): IdpReadFailure {
  return { ok: false, kind, detail };
}
