import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  Provider,
  errors,
  interactionPolicy,
  type Account,
  type Configuration,
  type ErrorOut,
  type GrantInstance,
  type Interaction,
  type KoaContextWithOIDC,
} from "oidc-provider";
import { createMemoryAdapter } from "oidc-provider/lib/adapters/memory_adapter.js";
import { z } from "zod";
import { isLoopbackHttpUrl, matchLoopbackRedirect } from "./match-loopback-redirect.js";
import { renderMessagePage } from "./render-html-document.js";
import { renderLoginPage } from "./render-login-page.js";
import { renderLogoutPage } from "./render-logout-page.js";
import { demoUsers, findDemoUser, type DemoUser } from "./users.js";

const clientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUris: z.array(z.url()).min(1),
  postLogoutRedirectUris: z.array(z.url()).optional(),
});

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(4010),
  /** Interface to bind; defaults to 127.0.0.1 so the emulator is never reachable from the network. */
  host: z.string().min(1).optional(),
  /** Issuer identifier, used verbatim; defaults to `http://localhost:<bound port>`. */
  issuer: z
    .url()
    .refine((value) => {
      const url = new URL(value);
      return url.pathname === "/" && url.search === "" && url.hash === "" && !value.endsWith("/");
    }, "issuer must be an origin without path, query, fragment or trailing slash: the provider is mounted at /")
    .optional(),
  clients: z.array(clientSchema).min(1).optional(),
  /**
   * Accept redirect URIs on any localhost/127.0.0.1 port whose path and query match a registered
   * redirect URI (tests run the app on random ports), and any loopback post-logout redirect URI.
   */
  allowAnyLocalhostRedirect: z.boolean().default(true),
  /**
   * When false, every authorization request shows the account picker, even with a live IdP
   * session, so switching demo users never needs an IdP sign-out. True behaves like a real IdP (SSO).
   */
  rememberSession: z.boolean().default(false),
});

export type OidcEmulatorClient = z.infer<typeof clientSchema>;
export type StartOidcEmulatorOptions = z.input<typeof optionsSchema>;

export interface OidcEmulator {
  /** Base URL the emulator answers on, without trailing slash. */
  url: string;
  /** Issuer identifier, exactly as discovery and ID tokens carry it. */
  issuer: string;
  close(): Promise<void>;
}

/** The client that `npm run dev` configures the app with. */
export const defaultOidcClient: OidcEmulatorClient = {
  clientId: "bulkhead",
  clientSecret: "bulkhead-dev-secret",
  redirectUris: ["http://localhost:3000/api/auth/callback/oidc"],
  postLogoutRedirectUris: ["http://localhost:3000/"],
};

/** Scopes every demo sign-in grants without a consent screen: the emulator plays a first-party IdP. */
const autoGrantedScopes = ["openid", "profile", "email", "groups"];

const claimsByScope = {
  openid: ["sub"],
  profile: ["name", "preferred_username"],
  email: ["email", "email_verified"],
  groups: ["groups"],
};

const htmlSecurityHeaders = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  // No form-action: Chromium applies it to the redirect chain after a POST, which leaves this origin.
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const maxFormBytes = 16 * 1024;

const userPatchSchema = z
  .object({
    /** Replaces the user's groups; null goes back to the demo default. */
    groups: z.array(z.string().min(1)).nullable().optional(),
    /** A disabled user can neither sign in nor refresh tokens (as an IdP does for someone who left). */
    disabled: z.boolean().optional(),
  })
  .strict();

/** Per-instance changes to the demo users, made through the control route, so tests can change a user's groups. */
class UserOverrides {
  private readonly groups = new Map<string, string[]>();
  private readonly disabled = new Set<string>();

  groupsOf(user: DemoUser): string[] {
    return [...(this.groups.get(user.username) ?? user.groups)];
  }

  isDisabled(user: DemoUser): boolean {
    return this.disabled.has(user.username);
  }

  apply(user: DemoUser, patch: z.infer<typeof userPatchSchema>): void {
    if (patch.groups === null) this.groups.delete(user.username);
    else if (patch.groups !== undefined) this.groups.set(user.username, [...patch.groups]);
    if (patch.disabled === true) this.disabled.add(user.username);
    if (patch.disabled === false) this.disabled.delete(user.username);
  }

  view(user: DemoUser): DemoUser & { disabled: boolean } {
    return { ...user, groups: this.groupsOf(user), disabled: this.isDisabled(user) };
  }
}

function toAccount(user: DemoUser, overrides: UserOverrides): Account {
  return {
    accountId: user.username,
    // Read at each call, so userinfo after a refresh answers the groups as they are now.
    claims: () => ({
      sub: user.username,
      name: user.name,
      preferred_username: user.username,
      email: user.email,
      email_verified: true,
      groups: overrides.groupsOf(user),
    }),
  };
}

function generateSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, htmlSecurityHeaders);
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxFormBytes) {
      throw new Error("form body too large");
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      server.off("listening", onListening);
      reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("OIDC emulator did not bind to a TCP port");
  }
  return address;
}

function buildConfiguration(options: {
  clients: OidcEmulatorClient[];
  rememberSession: boolean;
  overrides: UserOverrides;
}): Configuration {
  const policy = interactionPolicy.base();
  if (!options.rememberSession) {
    // Asks for the login prompt until this very authorization request has a login result;
    // checking the result (not the session) is what stops the prompt from looping on resume.
    policy
      .get("login")
      ?.checks.add(
        new interactionPolicy.Check(
          "dev_account_picker",
          "the dev identity provider lets people pick a demo user on every sign-in",
          (ctx) => ctx.oidc.result?.login === undefined,
        ),
      );
  }

  return {
    // A store per emulator instance: tests run several in one process and must not share sessions.
    // Passing it explicitly also silences the "in-memory adapter" production warning.
    adapter: createMemoryAdapter(),
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
      token_endpoint_auth_method: "client_secret_basic",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
    })),
    // oidc-provider checks the method family, not the exact registered method:
    // a client_secret_basic client may also send client_secret_post.
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    clientBasedCORS: () => false,
    claims: claimsByScope,
    scopes: autoGrantedScopes,
    // Without this, 9.x keeps scope-derived claims (name, groups, ...) out of the ID token
    // whenever an access token is issued, and Auth.js reads the profile from the ID token.
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = "html";
          ctx.body = renderLogoutPage(form);
        },
        postLogoutSuccessSource: (ctx: KoaContextWithOIDC) => {
          ctx.type = "html";
          ctx.body = renderMessagePage({
            title: "Signed out",
            message: "You are signed out of the Bulkhead dev identity provider.",
          });
        },
      },
    },
    findAccount: async (_ctx, sub) => {
      const user = demoUsers.find((candidate) => candidate.username === sub);
      // A disabled user is unknown: their refresh tokens answer invalid_grant from then on.
      return user && !options.overrides.isDisabled(user) ? toAccount(user, options.overrides) : undefined;
    },
    // Plays an IdP such as Okta, Entra ID or Keycloak, which hands a refresh token to a confidential
    // client that asks for offline_access without prompt=consent (oidc-provider itself drops
    // offline_access unless prompt=consent). The token outlives the IdP browser session, so the
    // portal can re-read a user's groups after the account picker moved on to someone else.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,
    interactions: {
      policy,
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    jwks: { keys: [generateSigningKey()] },
    loadExistingGrant: loadOrCreateGrant,
    renderError: async (ctx: KoaContextWithOIDC, out: ErrorOut) => {
      ctx.type = "html";
      ctx.body = renderMessagePage({
        title: "Sign-in error",
        message: out.error_description ?? out.error,
        details: `error: ${out.error}`,
      });
    },
    responseTypes: ["code"],
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 24 * 60 * 60,
      Grant: 24 * 60 * 60,
      RefreshToken: 24 * 60 * 60,
    },
  };
}

/**
 * Plays a first-party IdP: every signed-in demo user has consented to the Bulkhead scopes.
 * An existing grant of another account (the browser switched users) is replaced, since
 * oidc-provider rejects a grant whose account differs from the session's.
 */
async function loadOrCreateGrant(ctx: KoaContextWithOIDC): Promise<GrantInstance | undefined> {
  const { client, account, session, result, provider } = ctx.oidc;
  if (client === undefined || account === undefined) {
    return undefined;
  }
  const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  let grant = grantId === undefined ? undefined : await provider.Grant.find(grantId);
  if (grant !== undefined && grant.accountId !== account.accountId) {
    grant = undefined;
  }
  grant ??= new provider.Grant({ accountId: account.accountId, clientId: client.clientId });
  grant.addOIDCScope(autoGrantedScopes.join(" "));
  await grant.save();
  return grant;
}

function patchRedirectChecks(provider: Provider): void {
  // Client is a per-provider class, so patching its prototype affects this emulator instance only.
  const prototype = provider.Client.prototype;
  const redirectUriAllowed = prototype.redirectUriAllowed;
  const postLogoutRedirectUriAllowed = prototype.postLogoutRedirectUriAllowed;
  prototype.redirectUriAllowed = function allowLoopbackRedirect(value) {
    return redirectUriAllowed.call(this, value) || matchLoopbackRedirect(value, this.redirectUris);
  };
  prototype.postLogoutRedirectUriAllowed = function allowLoopbackPostLogout(value) {
    return postLogoutRedirectUriAllowed.call(this, value) || isLoopbackHttpUrl(value);
  };
}

/**
 * Grants whatever the consent prompt found missing. The emulator normally never reaches consent
 * (loadOrCreateGrant covers the usual scopes); this covers unusual requests such as extra claims.
 */
async function grantMissingConsent(provider: Provider, interaction: Interaction): Promise<string> {
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (accountId === undefined || typeof clientId !== "string") {
    throw new Error("consent prompt without a signed-in account or client");
  }
  const existing = interaction.grantId === undefined ? undefined : await provider.Grant.find(interaction.grantId);
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = interaction.prompt.details;
  if (missingOIDCScope !== undefined) {
    grant.addOIDCScope(missingOIDCScope.join(" "));
  }
  if (missingOIDCClaims !== undefined) {
    grant.addOIDCClaims(missingOIDCClaims);
  }
  for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  return grant.save();
}

async function handleInteraction(options: {
  provider: Provider;
  req: IncomingMessage;
  res: ServerResponse;
  uid: string;
  action: string | undefined;
  overrides: UserOverrides;
}): Promise<void> {
  const { provider, req, res, uid, action, overrides } = options;
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound) {
      sendHtml(
        res,
        400,
        renderMessagePage({
          title: "Sign-in expired",
          message: "This sign-in attempt has expired or was already completed. Go back to Bulkhead and sign in again.",
        }),
      );
      return;
    }
    throw error;
  }
  if (interaction.uid !== uid) {
    sendHtml(
      res,
      400,
      renderMessagePage({
        title: "Sign-in expired",
        message: "This page belongs to another sign-in attempt. Go back to Bulkhead and sign in again.",
      }),
    );
    return;
  }

  const clientId = typeof interaction.params.client_id === "string" ? interaction.params.client_id : undefined;

  if (req.method === "GET" && action === undefined) {
    if (interaction.prompt.name === "consent") {
      const grantId = await grantMissingConsent(provider, interaction);
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    sendHtml(res, 200, renderLoginPage({ uid, users: demoUsers, clientId }));
    return;
  }

  if (req.method === "POST" && action === "login") {
    const form = await readForm(req);
    const username = form.get("username") ?? "";
    const user = findDemoUser(username);
    if (user === undefined || overrides.isDisabled(user)) {
      sendHtml(res, 422, renderLoginPage({ uid, users: demoUsers, clientId, error: { username } }));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.username } },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  if (req.method === "POST" && action === "abort") {
    await provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user cancelled the sign-in." },
      { mergeWithLastSubmission: false },
    );
    return;
  }

  res.writeHead(405, { allow: action === undefined ? "GET" : "POST" });
  res.end();
}

const interactionPath = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/;

/**
 * Starts the local OpenID Connect identity provider used in dev and tests.
 *
 * It listens first and builds the provider afterwards, so that with `port: 0` the issuer names
 * the port actually bound. Sign-in goes through a demo-user picker at `/interaction/<uid>`;
 * `/__emulator/health` and `/__emulator/users` are test-only control routes.
 */
export async function startOidcEmulator(options: StartOidcEmulatorOptions = {}): Promise<OidcEmulator> {
  const settings = optionsSchema.parse(options);
  const clients = settings.clients ?? [defaultOidcClient];
  const overrides = new UserOverrides();

  let provider: Provider | undefined;
  let providerCallback: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://emulator.invalid");

    if (req.method === "GET" && pathname === "/__emulator/health") {
      sendJson(res, 200, { ok: true });
      return;
    }
    if (req.method === "GET" && pathname === "/__emulator/users") {
      sendJson(res, 200, demoUsers.map((user) => overrides.view(user)));
      return;
    }
    const userRoute = /^\/__emulator\/users\/([^/]+)$/.exec(pathname);
    if (req.method === "PATCH" && userRoute?.[1] !== undefined) {
      const user = findDemoUser(decodeURIComponent(userRoute[1]));
      if (user === undefined) {
        sendJson(res, 404, { error: "no such demo user" });
        return;
      }
      let patch: z.infer<typeof userPatchSchema>;
      try {
        const body = await readBody(req);
        patch = userPatchSchema.parse(JSON.parse(body === "" ? "{}" : body));
      } catch (error) {
        sendJson(res, 400, { error: (error as Error).message });
        return;
      }
      overrides.apply(user, patch);
      sendJson(res, 200, overrides.view(user));
      return;
    }
    if (provider === undefined || providerCallback === undefined) {
      sendJson(res, 503, { error: "starting" });
      return;
    }
    const match = interactionPath.exec(pathname);
    if (match?.[1] !== undefined) {
      await handleInteraction({ provider, req, res, uid: match[1], action: match[2], overrides });
      return;
    }
    await providerCallback(req, res);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error("[oidc-emulator] request failed:", error);
      if (!res.headersSent) {
        sendHtml(
          res,
          500,
          renderMessagePage({ title: "Emulator error", message: "The OIDC emulator failed; see its log." }),
        );
      } else {
        res.end();
      }
    });
  });

  const bindHost = settings.host ?? "127.0.0.1";
  const address = await listen(server, settings.port, bindHost);
  const urlHost = ["127.0.0.1", "::1", "0.0.0.0", "::", "localhost"].includes(bindHost)
    ? "localhost"
    : bindHost.includes(":")
      ? `[${bindHost}]`
      : bindHost;
  const url = `http://${urlHost}:${address.port}`;
  const issuer = settings.issuer ?? url;

  try {
    provider = new Provider(issuer, buildConfiguration({ clients, rememberSession: settings.rememberSession, overrides }));
    if (settings.allowAnyLocalhostRedirect) {
      patchRedirectChecks(provider);
    }
    provider.on("server_error", (_ctx: unknown, error: unknown) => {
      console.error("[oidc-emulator] server error:", error);
    });
    providerCallback = provider.callback();
  } catch (error) {
    server.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    issuer,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Browsers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
