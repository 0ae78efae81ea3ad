import "server-only";
import { getDb } from "../db";
import { getDomainRegistry } from "../domains/domain-registry";
import { getJobQueue } from "../jobs/get-job-queue";
import { readGithubAppConfig } from "./github-app";
import { createPrismaWebhookDeliveryStore } from "./prisma-webhook-delivery-store";
import type { ReceiveGithubWebhookDeps } from "./receive-github-webhook";

let cached: ReceiveGithubWebhookDeps | undefined;

/** The webhook intake's and jobs' dependencies for this process: Prisma, the domain registry, the job queue, the App's secret. */
export function getWebhookDeps(): ReceiveGithubWebhookDeps {
  cached ??= {
    store: createPrismaWebhookDeliveryStore(getDb()),
    registry: getDomainRegistry(),
    getQueue: getJobQueue,
    secret: () => readGithubAppConfig().webhookSecret,
  };
  return cached;
}
