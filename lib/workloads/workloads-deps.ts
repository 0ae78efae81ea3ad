import "server-only";
import { parseRoleMapping } from "@/lib/platform/auth/role-mapping";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { getGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { createGithubConsumerRepoReader } from "./adapters/github-consumer-repo-reader";
import { createPrismaWorkloadStore } from "./adapters/prisma-workload-store";
import type { WorkloadsDeps } from "./ports";

let cached: WorkloadsDeps | undefined;

/** The workload use cases' dependencies for this process: Prisma and the GitHub App from env. */
export function getWorkloadsDeps(): WorkloadsDeps {
  // The App is resolved per call so that a missing configuration is reported when used, not at import.
  cached ??= {
    store: createPrismaWorkloadStore(getDb()),
    repos: createGithubConsumerRepoReader({ getOctokit: (owner, repo) => getRepoOctokit(getGithubApp(), owner, repo) }),
    roleRules: parseRoleMapping(getEnv().BULKHEAD_ROLE_MAPPING),
  };
  return cached;
}
