import "server-only";
import { databaseTimeoutsFromEnv } from "@/lib/platform/database-pool-config";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { getGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { getJobQueue } from "@/lib/platform/jobs/start-job-worker";
import { createGithubModuleSource } from "./adapters/github-module-source";
import { createPrismaCatalogueReader } from "./adapters/prisma-catalogue-reader";
import { createPrismaCatalogueStore } from "./adapters/prisma-catalogue-store";
import type { CatalogueDeps } from "./ports";

let cached: CatalogueDeps | undefined;

/**
 * The catalogue use cases' dependencies for this process: Prisma, the GitHub App and the job
 * queue from env. The one wiring of the sync too: the tag webhook, the admin's "re-sync",
 * and the jobs all take their store, module source and queue from here. The reader answers
 * repeated searches from a cache that a committed catalogue change empties on every instance.
 */
export function getCatalogueDeps(): CatalogueDeps {
  if (cached) return cached;
  const env = getEnv();
  const db = getDb();
  // The App is resolved per call so that a missing configuration is reported when used, not at import.
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(getGithubApp(), owner, repo);
  const publicUrl = env.BULKHEAD_PUBLIC_URL ?? env.AUTH_URL ?? null;
  const deps: CatalogueDeps = {
    store: createPrismaCatalogueStore({ db, databaseUrl: env.DATABASE_URL, timeouts: databaseTimeoutsFromEnv(env) }),
    reader: createPrismaCatalogueReader(db),
    openSource: () => createGithubModuleSource({ getOctokit }),
    getJobQueue,
    config: {
      gitUrl: env.GITHUB_GIT_URL.replace(/\/+$/, ""),
      // Terraform names a registry by host (and port): `portal.example.com/acme/vpc/aws`.
      registryHost: publicUrl ? new URL(publicUrl).host : null,
    },
  };
  cached = deps;
  return deps;
}
