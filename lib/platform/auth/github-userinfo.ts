import type { Profile } from "next-auth";

/** What Auth.js hands a provider's `userinfo.request`: the token set and the normalised provider. */
interface UserinfoContext {
  tokens: { access_token?: string };
  provider: { userinfo?: { url?: URL | string } };
}

/**
 * The GitHub provider's `userinfo.request`, through the portal's timed fetch. The built-in one
 * calls the global `fetch`, which the provider's `[customFetch]` does not reach, so a hung
 * GitHub would hold a sign-in open. Same reads as the built-in one: `GET /user`, and the
 * primary address from `GET /user/emails` when the profile's email is private.
 */
export function githubUserinfoRequest(timedFetch: typeof fetch) {
  return async ({ tokens, provider }: UserinfoContext): Promise<Profile> => {
    const url = provider.userinfo?.url;
    if (!url) throw new Error("The GitHub provider has no userinfo URL");
    const headers = { authorization: `Bearer ${tokens.access_token ?? ""}`, accept: "application/vnd.github+json", "user-agent": "bulkhead" };
    const response = await timedFetch(url, { headers, redirect: "error" });
    if (!response.ok) throw new Error(`GET ${String(url)} answered ${response.status}`);
    const profile = (await response.json()) as Profile;
    if (!profile.email) {
      const emails = await timedFetch(`${String(url).replace(/\/$/, "")}/emails`, { headers, redirect: "error" });
      if (emails.ok) {
        const list = (await emails.json()) as Array<{ email: string; primary?: boolean }>;
        const chosen = list.find((e) => e.primary) ?? list[0];
        if (chosen) profile.email = chosen.email;
      }
    }
    return profile;
  };
}
