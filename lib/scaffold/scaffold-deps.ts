import "server-only";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { getGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import type { GithubEventHandler } from "@/lib/platform/github/handle-github-event";
import { createGithubConsumerRepoReader } from "./adapters/github-consumer-repo-reader";
import { createGithubPullRequestPublisher } from "./adapters/github-pull-request-publisher";
import { createPrismaScaffoldStore } from "./adapters/prisma-scaffold-store";
import { handlePullRequestWebhook } from "./handle-pull-request-webhook";
import type { ScaffoldDeps } from "./ports";

let cached: ScaffoldDeps | undefined;

/** The scaffold use cases' dependencies for this process: Prisma and the GitHub App from env. */
export function getScaffoldDeps(): ScaffoldDeps {
  if (cached) return cached;
  const env = getEnv();
  // The App is resolved per call so that a missing configuration is reported when used, not at import.
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(getGithubApp(), owner, repo);
  cached = {
    store: createPrismaScaffoldStore(getDb()),
    publisher: createGithubPullRequestPublisher({ getOctokit }),
    repos: createGithubConsumerRepoReader({ getOctokit }),
    config: { gitUrl: env.GITHUB_GIT_URL.replace(/\/+$/, ""), publicUrl: env.BULKHEAD_PUBLIC_URL ?? env.AUTH_URL ?? null },
  };
  return cached;
}

/** Entry for the `pull_request` webhook: scaffold PRs merged or closed. */
export const handleScaffoldPullRequestEvent: GithubEventHandler = (event) => handlePullRequestWebhook(getScaffoldDeps(), event);
