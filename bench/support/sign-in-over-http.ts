// Signs a demo user in over plain HTTP, as a browser would, through Auth.js and the OIDC
// emulator: CSRF token, POST /api/auth/signin/oidc, the emulator's account picker, the
// consent step it grants on its own, and the callback that sets the session cookie.

/** Cookies for one host, as a browser keeps them (ports share cookies; paths are ignored). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq < 1) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val] = a.split("=").map((s) => s.trim());
        if (key?.toLowerCase() === "max-age") return Number(val) <= 0;
        if (key?.toLowerCase() === "expires") return Date.parse(val ?? "") < Date.now();
        return false;
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(filter: (name: string) => boolean = () => true): string {
    return [...this.cookies].filter(([name]) => filter(name)).map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)$/;
const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/**
 * Returns a `cookie` header value carrying the session of `username` (alice, bob, carol, dave)
 * on the portal at `appUrl`. Fails with the step that went wrong.
 */
export async function signInOverHttp(appUrl: string, username: string): Promise<string> {
  const jar = new CookieJar();
  const request = async (url: string | URL, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: jar.header() },
      signal: AbortSignal.timeout(15_000),
    });
    jar.store(response);
    return response;
  };

  const csrf = await request(new URL("/api/auth/csrf", appUrl));
  if (!csrf.ok) throw new Error(`sign-in: GET /api/auth/csrf answered ${csrf.status}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error("sign-in: no csrfToken from /api/auth/csrf");

  let response = await request(new URL("/api/auth/signin/oidc", appUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/" }).toString(),
  });
  let url = new URL("/api/auth/signin/oidc", appUrl);
  for (let hop = 0; hop < 20; hop++) {
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      if (!location) throw new Error(`sign-in: ${response.status} without a location at ${url}`);
      url = new URL(location, url);
      await response.arrayBuffer();
      response = await request(url);
      continue;
    }
    const interaction = INTERACTION.exec(url.pathname);
    if (response.status === 200 && interaction) {
      await response.arrayBuffer();
      url = new URL(`/interaction/${interaction[1]}/login`, url);
      response = await request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username }).toString(),
      });
      continue;
    }
    break;
  }
  await response.arrayBuffer().catch(() => undefined);
  const cookie = jar.header((name) => SESSION_COOKIE.test(name));
  if (!cookie) throw new Error(`sign-in as ${username}: no session cookie; the flow ended at ${url} with ${response.status}`);

  const session = await fetch(new URL("/api/auth/session", appUrl), { headers: { cookie }, signal: AbortSignal.timeout(15_000) });
  const body = (await session.json().catch(() => null)) as { user?: { name?: string } } | null;
  if (!body?.user) throw new Error(`sign-in as ${username}: /api/auth/session has no user`);
  return cookie;
}
