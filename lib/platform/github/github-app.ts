import "server-only";
import { App } from "@octokit/app";
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { AppError } from "@/lib/errors/app-error";
import { isGithubOwner, isGithubRepoName } from "@/lib/patterns";
import { getEnv, type Env } from "../env";
import { OutboundTimeoutError } from "../http/fetch-with-timeout";
import { createNodeHttpFetch } from "../http/node-http-fetch";

const PortalOctokit = Octokit.plugin(paginateRest);

export type InstallationOctokit = InstanceType<typeof PortalOctokit>;

export interface GithubAppConfig {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  apiUrl: string;
  gitUrl: string;
  org: string | undefined;
  /**
   * Deadline of every GitHub call (token exchange included). Shorter than the scaffold's
   * 2-minute delivery lease, so no call outlives the lease it runs under. Default 30 s.
   */
  timeoutMs?: number;
}

const defaultGithubTimeoutMs = 30_000;

/** The App's settings, or a clear error naming the missing variables. */
export function readGithubAppConfig(env: Env = getEnv()): GithubAppConfig {
  const missing = (["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET"] as const).filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new AppError("UPSTREAM_FAILED", `The GitHub App is not configured: set ${missing.join(", ")}.`);
  }
  return {
    appId: env.GITHUB_APP_ID!,
    // Env files often carry PEMs with literal "\n".
    privateKey: env.GITHUB_APP_PRIVATE_KEY!.replace(/\\n/g, "\n"),
    webhookSecret: env.GITHUB_WEBHOOK_SECRET!,
    apiUrl: env.GITHUB_API_URL.replace(/\/$/, ""),
    gitUrl: env.GITHUB_GIT_URL.replace(/\/$/, ""),
    org: env.GITHUB_ORG,
    timeoutMs: env.BULKHEAD_HTTP_TIMEOUT_MS,
  };
}

/**
 * The portal's GitHub App. The API URL is configuration, which is how GitHub Enterprise
 * Server and the dev emulator are both supported with the same code.
 */
export function createGithubApp(config: GithubAppConfig): App<{ Octokit: typeof PortalOctokit }> {
  return new App({
    appId: config.appId,
    privateKey: config.privateKey,
    webhooks: { secret: config.webhookSecret },
    // Every request of the App, its installations and @octokit/auth-app's token exchange
    // goes through this Octokit's `request`, so the timeout covers them all.
    Octokit: PortalOctokit.defaults({
      baseUrl: config.apiUrl,
      userAgent: "bulkhead-portal",
      request: { fetch: createNodeHttpFetch({ timeoutMs: config.timeoutMs ?? defaultGithubTimeoutMs }) },
    }),
  });
}

const installationCache = new Map<string, { id: number; at: number }>();

/** An Octokit authenticated as the App's installation on `owner/repo` (token cached by @octokit/auth-app). */
export async function getRepoOctokit(
  app: App<{ Octokit: typeof PortalOctokit }>,
  owner: string,
  repo: string,
): Promise<InstallationOctokit> {
  // Names reach the API path: `..` or a slash would address another endpoint.
  if (!isGithubOwner(owner) || !isGithubRepoName(repo)) {
    throw new AppError("INVALID_INPUT", `${JSON.stringify(`${owner}/${repo}`.slice(0, 200))} is not a GitHub repository (owner/name).`);
  }
  const key = `${owner}/${repo}`.toLowerCase();
  const cached = installationCache.get(key);
  let installationId = cached && Date.now() - cached.at < 10 * 60_000 ? cached.id : undefined;
  if (installationId === undefined) {
    try {
      const { data } = await app.octokit.request("GET /repos/{owner}/{repo}/installation", { owner, repo });
      installationId = data.id;
      installationCache.set(key, { id: data.id, at: Date.now() });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) {
        throw new AppError("NOT_FOUND", `The Bulkhead GitHub App is not installed on ${owner}/${repo}, or cannot see it.`, {
          cause: error,
        });
      }
      const reason = (error as { cause?: unknown }).cause instanceof OutboundTimeoutError ? "no answer in time" : (status ?? "network error");
      throw new AppError("UPSTREAM_FAILED", `GitHub did not answer for ${owner}/${repo} (${reason}).`, {
        cause: error,
      });
    }
  }
  return (await app.getInstallationOctokit(installationId)) as InstallationOctokit;
}

let cachedApp: { key: string; app: App<{ Octokit: typeof PortalOctokit }> } | undefined;

/** The process-wide App built from the environment. */
export function getGithubApp(): App<{ Octokit: typeof PortalOctokit }> {
  const config = readGithubAppConfig();
  const key = `${config.appId}@${config.apiUrl}@${config.timeoutMs}`;
  if (!cachedApp || cachedApp.key !== key) cachedApp = { key, app: createGithubApp(config) };
  return cachedApp.app;
}
