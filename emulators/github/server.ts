import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { AppAuthority, loadOrCreateAppKey } from "./app-auth.js";
import { DirectoryStore } from "./directory-store.js";
import type { EmulatorConfig, EmulatorContext } from "./emulator-context.js";
import { closeObjectReaders } from "./git-object-reader.js";
import { closeRefUpdaters } from "./git-ref-updater.js";
import { GIT_PATH, serveGitHttp } from "./git-http.js";
import { ApiError, parseJsonBody, readRawBody, writeResponse, type ApiResponse } from "./http-io.js";
import { renderPullPage } from "./pull-page.js";
import { readRawFile } from "./raw-file.js";
import { RepoRegistry } from "./repo-registry.js";
import { createRouter, type Route, type RouteMatch } from "./router.js";
import { appRoutes } from "./routes/app-routes.js";
import { controlRoutes } from "./routes/control-routes.js";
import { gitDataRoutes } from "./routes/git-data-routes.js";
import { issueRoutes } from "./routes/issue-routes.js";
import { pullRoutes } from "./routes/pull-routes.js";
import { repoRoutes } from "./routes/repo-routes.js";
import { templateRoutes } from "./routes/template-routes.js";
import { userRoutes } from "./routes/user-routes.js";
import { StateStore, type FaultRule } from "./state-store.js";
import { WebhookDispatcher } from "./webhook-dispatcher.js";

export { commitFiles, createBareRepo, createTag, deleteTag, listRefs, packRepo } from "./git-store.js";
export type { CommitFilesOptions, CreateBareRepoOptions, CreateTagOptions, GitAuthor, GitRef } from "./git-store.js";
export type { DeliveryRecord } from "./webhook-dispatcher.js";

export interface GithubEmulatorOptions {
  /** 0 = random; the dev default is 4020. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Repos (`repos/<owner>/<repo>.git`), state.json and the App key live here; created if missing. */
  stateDir: string;
  /** Default 1. */
  appId?: number;
  /** If omitted: `<stateDir>/app-private-key.pem`, generated on first start. */
  appPrivateKeyPem?: string;
  /** Default "bulkhead-dev-webhook-secret". */
  webhookSecret?: string;
  /** Where signed webhooks are POSTed; can be changed at runtime via POST /__emulator/webhook-url. */
  webhookUrl?: string;
  /** Default "acme-platform". */
  org?: string;
  /** Base URL clients should use when it differs from the listening address (e.g. behind a proxy). */
  publicUrl?: string;
}

export interface GithubEmulator {
  url: string;
  /** Octokit's `baseUrl` (GHES-style `/api/v3` prefix). */
  apiUrl: string;
  /** Base of clone URLs: `${gitUrl}/<owner>/<repo>.git`. */
  gitUrl: string;
  appId: number;
  appPrivateKeyPem: string;
  webhookSecret: string;
  close(): Promise<void>;
}

const API_PREFIX = "/api/v3";
const CONTROL_PREFIX = "/__emulator";
const RATE_LIMIT = 5000;

/** Counts API calls per hour window, for GitHub's x-ratelimit-* headers. */
class RateLimitWindow {
  private resetAt = 0;
  private used = 0;

  headers(exhausted = false): Record<string, string> {
    const now = Math.floor(Date.now() / 1000);
    if (now >= this.resetAt) {
      this.resetAt = now + 3600;
      this.used = 0;
    }
    this.used += 1;
    return {
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(exhausted ? 0 : Math.max(0, RATE_LIMIT - this.used)),
      "x-ratelimit-reset": String(this.resetAt),
      "x-ratelimit-used": String(exhausted ? RATE_LIMIT : this.used),
      "x-ratelimit-resource": "core",
    };
  }
}

function takeFault(ctx: EmulatorContext, method: string, faultPath: string): FaultRule | null {
  const faults = ctx.state.data.faults;
  const index = faults.findIndex((f) => (!f.method || f.method === method) && (!f.pathPattern || new RegExp(f.pathPattern).test(faultPath)));
  const fault = faults[index];
  if (!fault) return null;
  fault.remaining -= 1;
  if (fault.remaining <= 0) faults.splice(index, 1);
  void ctx.state.save();
  return fault;
}

/** A 429, or a 403 without a custom body, imitates GitHub's rate limit answer. */
function isRateLimitFault(fault: FaultRule): boolean {
  return fault.status === 429 || (fault.status === 403 && fault.body === null);
}

function faultResponse(fault: FaultRule): ApiResponse {
  const rateLimited = isRateLimitFault(fault);
  const body =
    fault.body ??
    (rateLimited
      ? { message: "API rate limit exceeded for installation ID 1.", documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting", status: String(fault.status) }
      : { message: fault.status >= 500 ? "Server Error" : "Emulated failure", status: String(fault.status) });
  return { status: fault.status, body };
}

async function dispatch(options: {
  ctx: EmulatorContext;
  match: RouteMatch;
  req: IncomingMessage;
  path: string;
  url: URL;
  selfUrl: string;
}): Promise<ApiResponse> {
  const { ctx, match, req } = options;
  // GitHub answers 404 (not 405) for a known path with the wrong method.
  if (!match.route) throw new ApiError(404, "Not Found");
  const route: Route = match.route;
  if (route.auth === "app") await ctx.auth.verifyAppJwt(req.headers.authorization);
  if (route.auth === "installation") ctx.auth.verifyInstallationToken(req.headers.authorization);
  const viewer = route.auth === "user" ? ctx.auth.verifyUserToken(req.headers.authorization).login : null;
  const rawBody = req.method === "GET" || req.method === "HEAD" ? Buffer.alloc(0) : await readRawBody(req);
  return route.handle({
    ctx,
    method: req.method ?? "GET",
    path: options.path,
    params: match.params,
    query: options.url.searchParams,
    headers: req.headers,
    body: parseJsonBody(rawBody),
    rawBody,
    selfUrl: options.selfUrl,
    viewer,
  });
}

/**
 * Starts the GitHub emulator: the REST subset @octokit/app uses (under `/api/v3`), git smart
 * HTTP for its bare repos, signed webhooks, and `/__emulator/*` control routes for tests.
 */
export async function startGithubEmulator(options: GithubEmulatorOptions): Promise<GithubEmulator> {
  const stateDir = path.resolve(options.stateDir);
  const reposDir = path.join(stateDir, "repos");
  await mkdir(reposDir, { recursive: true });
  const state = await StateStore.load(stateDir);
  if (options.webhookUrl) state.data.webhookUrl = options.webhookUrl;
  const appId = options.appId ?? 1;
  const appPrivateKeyPem = await loadOrCreateAppKey(stateDir, options.appPrivateKeyPem);
  const webhookSecret = options.webhookSecret ?? "bulkhead-dev-webhook-secret";
  const host = options.host ?? "127.0.0.1";

  const apiRouter = createRouter([...appRoutes, ...userRoutes, ...repoRoutes, ...templateRoutes, ...gitDataRoutes, ...pullRoutes, ...issueRoutes]);
  const controlRouter = createRouter(controlRoutes);
  const rateLimit = new RateLimitWindow();
  let ctx: EmulatorContext | null = null;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!ctx) throw new Error("emulator not ready");
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = req.method ?? "GET";
    const pathname = url.pathname;
    res.setHeader("x-github-request-id", randomUUID());
    if (pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      const sub = pathname.slice(CONTROL_PREFIX.length);
      const response = await dispatch({ ctx, match: controlRouter(method, sub), req, path: sub, url, selfUrl: `${ctx.config.gitUrl}${pathname}` });
      writeResponse(res, response);
      return;
    }
    const isApi = pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
    const apiPath = isApi ? pathname.slice(API_PREFIX.length) || "/" : pathname;
    const fault = takeFault(ctx, method, apiPath);
    if (isApi) {
      res.setHeader("x-github-media-type", "github.v3; format=json");
      const response = fault
        ? faultResponse(fault)
        : await dispatch({ ctx, match: apiRouter(method, apiPath), req, path: apiPath, url, selfUrl: `${ctx.config.apiUrl}${apiPath}` });
      const exhausted = fault !== null && isRateLimitFault(fault);
      writeResponse(res, { ...response, headers: { ...rateLimit.headers(exhausted), ...response.headers } });
      return;
    }
    if (fault) {
      writeResponse(res, faultResponse(fault));
      return;
    }
    const git = GIT_PATH.exec(pathname);
    if (git) {
      const repo = ctx.repos.find(git[1] ?? "", git[2] ?? "");
      if (!repo) {
        writeResponse(res, { status: 404, raw: Buffer.from("Repository not found\n"), headers: { "content-type": "text/plain" } });
        return;
      }
      await serveGitHttp(ctx, repo, git[3] ?? "", req, res);
      return;
    }
    const raw = method === "GET" ? await readRawFile(ctx, pathname) : null;
    if (raw) {
      writeResponse(res, raw);
      return;
    }
    const page = await renderPullPage(ctx, pathname);
    if (page) {
      writeResponse(res, { status: 200, raw: Buffer.from(page), headers: { "content-type": "text/html; charset=utf-8" } });
      return;
    }
    writeResponse(res, { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof ApiError) {
        writeResponse(res, { status: error.status, body: error.toBody(), headers: error.headers });
        return;
      }
      console.error("[github-emulator]", error);
      writeResponse(res, { status: 500, body: { message: "Server Error" } });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const baseUrl = (options.publicUrl ?? `http://${urlHost}:${address.port}`).replace(/\/+$/, "");
  const config: EmulatorConfig = {
    appId,
    appSlug: "bulkhead-dev",
    org: options.org ?? "acme-platform",
    apiUrl: `${baseUrl}${API_PREFIX}`,
    gitUrl: baseUrl,
  };
  ctx = {
    config,
    state,
    auth: new AppAuthority(appId, appPrivateKeyPem),
    repos: new RepoRegistry(reposDir, state),
    directory: new DirectoryStore(reposDir),
    webhooks: new WebhookDispatcher({ secret: webhookSecret, appId, getUrl: () => state.data.webhookUrl }),
  };
  const context = ctx;

  return {
    url: baseUrl,
    apiUrl: config.apiUrl,
    gitUrl: config.gitUrl,
    appId,
    appPrivateKeyPem,
    webhookSecret,
    async close() {
      await context.webhooks.idle();
      await state.save();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeObjectReaders(reposDir);
      closeRefUpdaters(reposDir);
    },
  };
}
