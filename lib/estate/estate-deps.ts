import "server-only";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { getGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { getJobQueue } from "@/lib/platform/jobs/get-job-queue";
import { getWorkloadsDeps, workloadEnvs } from "@/lib/workloads";
import { createChatWebhookPoster } from "./adapters/chat-webhook-poster";
import { createGithubNoticeIssues } from "./adapters/github-notice-issues";
import { createPrismaEstateStore } from "./adapters/prisma-estate-store";
import { createWorkloadsRepoFiles } from "./adapters/workloads-repo-files";
import { DELIVER_NOTICES_JOB, deliverNoticesSingletonKey } from "./estate-job-names";
import type { EstateDeps } from "./ports";

let cached: EstateDeps | undefined;

/**
 * The estate use cases' dependencies for this process: Prisma, the workloads' GitHub reader, the
 * notice channels (issues through the GitHub App, the chat webhook over https) and env.
 */
export function getEstateDeps(): EstateDeps {
  if (cached) return cached;
  const env = getEnv();
  const publicUrl = (env.BULKHEAD_PUBLIC_URL ?? env.AUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const chatWebhook = { production: env.NODE_ENV === "production", allowHosts: env.BULKHEAD_CHAT_WEBHOOK_ALLOW_HOSTS };
  cached = {
    store: createPrismaEstateStore(getDb()),
    repos: createWorkloadsRepoFiles(getWorkloadsDeps().repos),
    channels: {
      ...createGithubNoticeIssues({ getOctokit: (owner, repo) => getRepoOctokit(getGithubApp(), owner, repo) }),
      ...createChatWebhookPoster({ ...chatWebhook, timeoutMs: env.BULKHEAD_HTTP_TIMEOUT_MS }),
    },
    now: () => new Date(),
    onNoticesChanged: async () => {
      // No worker in this process (BULKHEAD_JOBS=off): the worker's sweep after each reconcile delivers.
      const queue = await getJobQueue();
      await queue?.send(DELIVER_NOTICES_JOB, {}, { singletonKey: deliverNoticesSingletonKey });
    },
    config: { publicUrl, registryHosts: [new URL(publicUrl).host], envs: workloadEnvs, chatWebhook },
  };
  return cached;
}
