import "server-only";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { getGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { getWorkloadsDeps } from "@/lib/workloads";
import { createGithubPullRequestPublisher } from "./adapters/github-pull-request-publisher";
import { createPrismaModuleVersionReader } from "./adapters/prisma-module-version-reader";
import { createPrismaScaffoldStore } from "./adapters/prisma-scaffold-store";
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
    versions: createPrismaModuleVersionReader(getDb()),
    workloads: getWorkloadsDeps(),
    publisher: createGithubPullRequestPublisher({ getOctokit }),
    config: { gitUrl: env.GITHUB_GIT_URL.replace(/\/+$/, ""), publicUrl: env.BULKHEAD_PUBLIC_URL ?? env.AUTH_URL ?? null },
  };
  return cached;
}
