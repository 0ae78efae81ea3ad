import "server-only";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { getWorkloadsDeps, workloadEnvs } from "@/lib/workloads";
import { createDisabledNoticeChannels } from "./adapters/disabled-notice-channels";
import { createPrismaEstateStore } from "./adapters/prisma-estate-store";
import { createWorkloadsRepoFiles } from "./adapters/workloads-repo-files";
import type { EstateDeps } from "./ports";

let cached: EstateDeps | undefined;

/** The estate use cases' dependencies for this process: Prisma, the workloads' GitHub reader, env. */
export function getEstateDeps(): EstateDeps {
  if (cached) return cached;
  const env = getEnv();
  const publicUrl = (env.BULKHEAD_PUBLIC_URL ?? env.AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  cached = {
    store: createPrismaEstateStore(getDb()),
    repos: createWorkloadsRepoFiles(getWorkloadsDeps().repos),
    channels: createDisabledNoticeChannels(),
    now: () => new Date(),
    config: { publicUrl, registryHosts: [new URL(publicUrl).host], envs: workloadEnvs },
  };
  return cached;
}
