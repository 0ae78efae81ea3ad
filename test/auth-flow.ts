// Drives a real Auth.js sign-in against the OIDC emulator without a browser or a Next server:
// the app's route handlers are called directly with requests that carry a cookie jar.
import { NextRequest } from "next/server";

type Handler = (request: NextRequest) => Promise<Response>;

export interface AuthHandlers {
  GET: Handler;
  POST: Handler;
}

/** Cookies by name for one origin; expired or emptied cookies are dropped. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  store(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = cookie.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (value === "" || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  copy(): CookieJar {
    const jar = new CookieJar();
    for (const [name, value] of this.cookies) jar.cookies.set(name, value);
    return jar;
  }

  /** The session cookie's value (Auth.js's encrypted JWT). */
  sessionToken(): string | undefined {
    return this.cookies.get("authjs.session-token");
  }
}

/** The app's side: calls the route handlers with this jar's cookies. */
export class AppClient {
  constructor(
    readonly appUrl: string,
    readonly handlers: AuthHandlers,
    readonly jar = new CookieJar(),
  ) {}

  async request(path: string, init: { method?: "GET" | "POST"; form?: Record<string, string> } = {}): Promise<Response> {
    const method = init.method ?? "GET";
    const headers = new Headers({ cookie: this.jar.header() });
    let body: string | undefined;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const request = new NextRequest(new URL(path, this.appUrl), { method, headers, body });
    const response = await (method === "GET" ? this.handlers.GET : this.handlers.POST)(request);
    this.jar.store(response);
    return response;
  }

  async csrfToken(): Promise<string> {
    return ((await (await this.request("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  }

  /** What `/api/auth/session` answers for this jar (null without a session). */
  async session(): Promise<{ user: { id: string }; sessionId?: string; expires: string } | null> {
    return (await (await this.request("/api/auth/session")).json()) as { user: { id: string }; sessionId?: string; expires: string } | null;
  }

  async signOut(): Promise<Response> {
    return this.request("/api/auth/signout", { method: "POST", form: { csrfToken: await this.csrfToken() } });
  }
}

/** Signs `username` in through the OIDC emulator's account picker; the session cookie ends up in `app.jar`. */
export async function signInWithOidc(app: AppClient, username: string): Promise<void> {
  const start = await app.request("/api/auth/signin/oidc", { method: "POST", form: { csrfToken: await app.csrfToken(), callbackUrl: "/" } });
  let location = start.headers.get("location");
  if (start.status !== 302 || !location) throw new Error(`sign-in did not redirect to the IdP (${start.status})`);

  const idp = new CookieJar();
  const idpFetch = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: idp.header() }, redirect: "manual" });
    idp.store(response);
    return response;
  };
  const callbackPrefix = new URL("/api/auth/callback/oidc", app.appUrl).href;
  let response = await idpFetch(location);
  for (let hops = 0; hops < 10 && !location.startsWith(callbackPrefix); hops += 1) {
    if (response.status === 200) {
      const html = await response.text();
      const action = /action="(\/interaction\/[^"]+\/login)"/.exec(html)?.[1];
      if (!action) throw new Error("the IdP showed no login form");
      response = await idpFetch(new URL(action, location).href, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username }).toString(),
      });
      location = new URL(action, location).href;
      continue;
    }
    const next = response.headers.get("location");
    if (!next) throw new Error(`the IdP answered ${response.status} without a redirect`);
    location = new URL(next, location).href;
    if (!location.startsWith(callbackPrefix)) response = await idpFetch(location);
  }
  const callback = new URL(location);
  const done = await app.request(`${callback.pathname}${callback.search}`);
  if (done.status !== 302 || !app.jar.sessionToken()) {
    throw new Error(`the callback did not sign in (${done.status} → ${done.headers.get("location")})`);
  }
}
