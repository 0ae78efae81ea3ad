import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOidcClient, startOidcEmulator, type OidcEmulator } from "./server.js";

const callbackUri = defaultOidcClient.redirectUris[0] ?? "";

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
  code_challenge_methods_supported: string[];
  token_endpoint_auth_methods_supported: string[];
  scopes_supported: string[];
}

/** A minimal browser: keeps cookies by name and never follows redirects on its own. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    }
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === "") {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    return response;
  }

  /** Follows redirects until one points at `stopAt` (the RP callback) or a page is returned. */
  async follow(url: string, stopAt: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 10; hops += 1) {
      const location = response.headers.get("location");
      if (![302, 303].includes(response.status) || location === null) {
        return { response, url: current };
      }
      current = new URL(location, current).href;
      if (current.startsWith(stopAt)) {
        return { response, url: current };
      }
      response = await this.request(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }

  async postForm(url: string, fields: Record<string, string>, stopAt: string): Promise<{ response: Response; url: string }> {
    return this.follow(url, stopAt, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

function base64url(bytes: Buffer): string {
  return bytes.toString("base64url");
}

function authorizationRequest(discovery: Discovery, overrides: Record<string, string> = {}) {
  const codeVerifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(16));
  const nonce = base64url(randomBytes(16));
  const params = new URLSearchParams({
    client_id: defaultOidcClient.clientId,
    redirect_uri: callbackUri,
    response_type: "code",
    scope: "openid profile email groups",
    state,
    nonce,
    code_challenge: base64url(createHash("sha256").update(codeVerifier).digest()),
    code_challenge_method: "S256",
    ...overrides,
  });
  return { url: `${discovery.authorization_endpoint}?${params}`, codeVerifier, state, nonce, params };
}

function loginActionOf(html: string): string {
  const match = /action="(\/interaction\/[^"]+\/login)"/.exec(html);
  if (!match?.[1]) {
    throw new Error("login form not found");
  }
  return match[1];
}

async function signIn(options: {
  emulator: OidcEmulator;
  discovery: Discovery;
  username: string;
  browser?: Browser;
  overrides?: Record<string, string>;
}) {
  const browser = options.browser ?? new Browser();
  const request = authorizationRequest(options.discovery, options.overrides);
  const redirectUri = request.params.get("redirect_uri") ?? "";
  const loginPage = await browser.follow(request.url, redirectUri);
  expect(loginPage.response.status).toBe(200);
  const html = await loginPage.response.text();
  const callback = await browser.postForm(
    new URL(loginActionOf(html), options.emulator.url).href,
    { username: options.username },
    redirectUri,
  );
  expect(callback.url.startsWith(redirectUri)).toBe(true);
  const callbackUrl = new URL(callback.url);
  return { browser, request, callbackUrl, code: callbackUrl.searchParams.get("code") ?? "" };
}

/** Token request as Auth.js sends it with `client_secret_post`. */
async function exchangeCode(discovery: Discovery, code: string, codeVerifier: string): Promise<{ id_token: string }> {
  const response = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: callbackUri,
      code_verifier: codeVerifier,
      client_id: defaultOidcClient.clientId,
      client_secret: defaultOidcClient.clientSecret,
    }).toString(),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id_token: string };
}

describe("OIDC emulator", () => {
  let emulator: OidcEmulator;
  let discovery: Discovery;

  beforeAll(async () => {
    emulator = await startOidcEmulator({ port: 0 });
    discovery = (await (await fetch(`${emulator.url}/.well-known/openid-configuration`)).json()) as Discovery;
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("serves a discovery document whose issuer is exactly the emulator's issuer on the bound port", () => {
    expect(emulator.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(emulator.url).not.toBe("http://localhost:0");
    expect(discovery.issuer).toBe(emulator.issuer);
    expect(discovery.authorization_endpoint).toBe(`${emulator.url}/auth`);
    expect(discovery.end_session_endpoint).toBe(`${emulator.url}/session/end`);
    expect(discovery.code_challenge_methods_supported).toContain("S256");
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    );
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "groups"]));
  });

  it("answers the control routes", async () => {
    const health = await fetch(`${emulator.url}/__emulator/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const users = (await (await fetch(`${emulator.url}/__emulator/users`)).json()) as Array<{ username: string }>;
    expect(users.map((user) => user.username)).toEqual(["alice", "bob", "carol", "dave"]);
  });

  it("signs bob in with code + PKCE and issues a signed ID token carrying name, email and groups", async () => {
    const { request, callbackUrl, code } = await signIn({ emulator, discovery, username: "bob" });
    expect(callbackUrl.searchParams.get("state")).toBe(request.state);
    expect(callbackUrl.searchParams.get("iss")).toBe(emulator.issuer);
    expect(code).not.toBe("");

    const tokenResponse = await fetch(discovery.token_endpoint, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${defaultOidcClient.clientId}:${defaultOidcClient.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: callbackUri,
        code_verifier: request.codeVerifier,
      }).toString(),
    });
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as { id_token: string; access_token: string; token_type: string };

    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer: emulator.issuer,
      audience: defaultOidcClient.clientId,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      sub: "bob",
      name: "Bob Baker",
      preferred_username: "bob",
      email: "bob@acme.example",
      email_verified: true,
      groups: ["payments-leads", "ledger-leads"],
      nonce: request.nonce,
    });

    const userinfo = await fetch(discovery.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await userinfo.json()).toMatchObject({ sub: "bob", groups: ["payments-leads", "ledger-leads"] });
  });

  it("issues a refresh token whose userinfo follows group changes, until the user is disabled", async () => {
    const basic = `Basic ${Buffer.from(`${defaultOidcClient.clientId}:${defaultOidcClient.clientSecret}`).toString("base64")}`;
    const token = async (body: Record<string, string>) =>
      fetch(discovery.token_endpoint, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(body).toString(),
      });
    const patchUser = (body: unknown) =>
      fetch(`${emulator.url}/__emulator/users/alice`, { method: "PATCH", body: JSON.stringify(body) });
    const { request, code } = await signIn({
      emulator,
      discovery,
      username: "alice",
      overrides: { scope: "openid profile email groups offline_access" },
    });
    const first = (await (await token({ grant_type: "authorization_code", code, redirect_uri: callbackUri, code_verifier: request.codeVerifier })).json()) as {
      refresh_token?: string;
    };
    expect(first.refresh_token).toEqual(expect.any(String));

    expect((await patchUser({ groups: ["team-ledger"] })).status).toBe(200);
    try {
      const refreshed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "" });
      expect(refreshed.status).toBe(200);
      const { access_token: accessToken } = (await refreshed.json()) as { access_token: string };
      const userinfo = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(await userinfo.json()).toMatchObject({ sub: "alice", groups: ["team-ledger"] });

      expect((await patchUser({ disabled: true })).status).toBe(200);
      const refused = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token ?? "" });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: "invalid_grant" });
      expect((await patchUser({ nickname: "x" })).status).toBe(400);
    } finally {
      await patchUser({ groups: null, disabled: false });
    }
    const users = (await (await fetch(`${emulator.url}/__emulator/users`)).json()) as Array<{ username: string; groups: string[]; disabled: boolean }>;
    expect(users.find((user) => user.username === "alice")).toMatchObject({ groups: ["team-payments"], disabled: false });
  });

  it("accepts client_secret_post and rejects a wrong PKCE verifier", async () => {
    const first = await signIn({ emulator, discovery, username: "dave" });
    const exchange = (code: string, verifier: string) =>
      fetch(discovery.token_endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: callbackUri,
          code_verifier: verifier,
          client_id: defaultOidcClient.clientId,
          client_secret: defaultOidcClient.clientSecret,
        }).toString(),
      });

    const wrong = await exchange(first.code, base64url(randomBytes(32)));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });

    const second = await signIn({ emulator, discovery, username: "dave" });
    const right = await exchange(second.code, second.request.codeVerifier);
    expect(right.status).toBe(200);
    const tokens = (await right.json()) as { id_token: string };
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(discovery.jwks_uri)));
    expect(payload).toMatchObject({ sub: "dave", name: "Dave Diaz", groups: [] });
  });

  it("refuses an unregistered redirect_uri without redirecting to it", async () => {
    for (const redirectUri of [
      "http://evil.example/api/auth/callback/oidc",
      "http://localhost:3000/api/auth/callback/other",
      "https://localhost:3000/api/auth/callback/oidc",
    ]) {
      const request = authorizationRequest(discovery, { redirect_uri: redirectUri });
      const response = await fetch(request.url, { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("invalid_redirect_uri");
    }
  });

  it("accepts the callback path on any localhost port", async () => {
    const redirectUri = "http://127.0.0.1:43117/api/auth/callback/oidc";
    const { callbackUrl } = await signIn({
      emulator,
      discovery,
      username: "alice",
      overrides: { redirect_uri: redirectUri },
    });
    expect(callbackUrl.origin).toBe("http://127.0.0.1:43117");
    expect(callbackUrl.searchParams.get("code")).toBeTruthy();
  });

  it("renders an accessible picker and reports an unknown username on the page", async () => {
    const browser = new Browser();
    const request = authorizationRequest(discovery);
    const page = await browser.follow(request.url, callbackUri);
    const html = await page.response.text();
    expect(html).toContain("<title>Bulkhead dev sign-in</title>");
    for (const username of ["alice", "bob", "carol", "dave"]) {
      expect(html).toContain(`>Sign in as ${username}</button>`);
    }
    expect(html).toContain("carol@acme.example");
    expect(html).toContain("payments-leads, ledger-leads");
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);

    const action = new URL(loginActionOf(html), emulator.url).href;
    const rejected = await browser.postForm(action, { username: "<mallory>" }, callbackUri);
    expect(rejected.response.status).toBe(422);
    const errorHtml = await rejected.response.text();
    expect(errorHtml).toContain('role="alert"');
    expect(errorHtml).toContain("No demo user is called &quot;&lt;mallory&gt;&quot;");
    expect(errorHtml).not.toContain("<mallory>");

    // The interaction survives the mistake: the next attempt still completes.
    const accepted = await browser.postForm(action, { username: " Carol " }, callbackUri);
    expect(new URL(accepted.url).searchParams.get("code")).toBeTruthy();
  });

  it("returns access_denied to the app when the sign-in is cancelled", async () => {
    const browser = new Browser();
    const request = authorizationRequest(discovery);
    const page = await browser.follow(request.url, callbackUri);
    const abortAction = loginActionOf(await page.response.text()).replace(/\/login$/, "/abort");
    const cancelled = await browser.postForm(new URL(abortAction, emulator.url).href, {}, callbackUri);
    const callbackUrl = new URL(cancelled.url);
    expect(callbackUrl.searchParams.get("error")).toBe("access_denied");
    expect(callbackUrl.searchParams.get("state")).toBe(request.state);
    expect(callbackUrl.searchParams.get("code")).toBeNull();
  });

  it("shows the picker again on the next sign-in so demo users can be switched", async () => {
    const { browser } = await signIn({ emulator, discovery, username: "alice" });
    const again = await browser.follow(authorizationRequest(discovery).url, callbackUri);
    expect(again.response.status).toBe(200);
    expect(await again.response.text()).toContain("Sign in as bob");
  });

  it("lets the same browser switch from alice to bob", async () => {
    const { browser } = await signIn({ emulator, discovery, username: "alice" });
    const request = authorizationRequest(discovery);
    const picker = await browser.follow(request.url, callbackUri);
    const action = new URL(loginActionOf(await picker.response.text()), emulator.url).href;
    // oidc-provider ends alice's session first, through a self-submitting form (a browser runs its script).
    const logoutForm = await browser.postForm(action, { username: "bob" }, callbackUri);
    expect(logoutForm.response.status).toBe(200);
    const html = await logoutForm.response.text();
    const formAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? "";
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]),
    );
    expect(fields).toMatchObject({ logout: "yes" });
    const callback = await browser.postForm(formAction, fields, callbackUri);
    const code = new URL(callback.url).searchParams.get("code") ?? "";
    const tokens = await exchangeCode(discovery, code, request.codeVerifier);
    const { payload } = await jwtVerify(tokens.id_token, createRemoteJWKSet(new URL(discovery.jwks_uri)));
    expect(payload).toMatchObject({ sub: "bob", name: "Bob Baker" });
  });

  it("ends the IdP session on RP-initiated logout and returns to the app", async () => {
    const remembering = await startOidcEmulator({ port: 0, rememberSession: true });
    try {
      const metadata = (await (
        await fetch(`${remembering.url}/.well-known/openid-configuration`)
      ).json()) as Discovery;
      const { browser, code, request } = await signIn({ emulator: remembering, discovery: metadata, username: "carol" });
      const tokens = await exchangeCode(metadata, code, request.codeVerifier);

      // With a remembered session the IdP signs carol in again without showing the picker.
      const silent = await browser.follow(authorizationRequest(metadata).url, callbackUri);
      expect(silent.url.startsWith(callbackUri)).toBe(true);

      const postLogout = "http://localhost:3123/";
      const logoutPage = await browser.request(
        `${metadata.end_session_endpoint}?${new URLSearchParams({
          id_token_hint: tokens.id_token,
          post_logout_redirect_uri: postLogout,
          state: "bye",
        })}`,
      );
      expect(logoutPage.status).toBe(200);
      const html = await logoutPage.text();
      expect(html).toContain('document.getElementById("op.logoutForm").submit()');
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
      const formAction = /id="op.logoutForm" method="post" action="([^"]+)"/.exec(html)?.[1] ?? "";
      expect(html).toContain('name="logout" value="yes"');

      const confirmed = await browser.postForm(formAction, { xsrf, logout: "yes" }, postLogout);
      expect(confirmed.url).toBe(`${postLogout}?state=bye`);

      const afterLogout = await browser.follow(authorizationRequest(metadata).url, callbackUri);
      expect(afterLogout.response.status).toBe(200);
      expect(await afterLogout.response.text()).toContain("Sign in as carol");
    } finally {
      await remembering.close();
    }
  });

  it("refuses other localhost ports when allowAnyLocalhostRedirect is off", async () => {
    const strict = await startOidcEmulator({ port: 0, allowAnyLocalhostRedirect: false });
    try {
      const metadata = (await (await fetch(`${strict.url}/.well-known/openid-configuration`)).json()) as Discovery;
      const request = authorizationRequest(metadata, { redirect_uri: "http://localhost:3999/api/auth/callback/oidc" });
      const response = await fetch(request.url, { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("invalid_redirect_uri");
    } finally {
      await strict.close();
    }
  });
});
