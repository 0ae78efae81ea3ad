import "server-only";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ServiceCatalogClient } from "@aws-sdk/client-service-catalog";
import { buildAwsClientConfig } from "@/lib/platform/aws-client-config";
import { getDb } from "@/lib/platform/db";
import { getEnv } from "@/lib/platform/env";
import { getRepoOctokit, getGithubApp } from "@/lib/platform/github/github-app";
import { getJobQueue } from "@/lib/platform/jobs/get-job-queue";
import { logger } from "@/lib/platform/logger";
import { getScaffoldDeps } from "@/lib/scaffold";
import { getWorkloadsDeps } from "@/lib/workloads";
import { createEventBridgeVendingEvents, createNoopVendingEvents } from "./adapters/eventbridge-vending-events";
import { createGithubConsumerRepoFactory } from "./adapters/github-consumer-repo-factory";
import { createOrganizationsDirectory } from "./adapters/organizations-directory";
import { createPrismaVendingStore } from "./adapters/prisma-vending-store";
import { createServiceCatalogAccountFactory } from "./adapters/service-catalog-account-factory";
import { describeRecordBackoff, retryLaterBackoff } from "./core/poll-backoff";
import type { VendingDeps } from "./ports";
import { newWorkerId, runVendingWorker } from "./run-vending-worker";

let cached: VendingDeps | undefined;
let inlineRun: Promise<unknown> | null = null;

/**
 * The vending use cases' dependencies for this process: Prisma, the AWS SDK clients (the
 * platform's shared config: timeouts, retries, and endpoints, region and credentials from the
 * standard chain), EventBridge when `BULKHEAD_VENDING_EVENT_BUS`
 * is set, and the scaffold domain's GitHub publisher for the pull requests.
 */
export function getVendingDeps(): VendingDeps {
  if (cached) return cached;
  const env = getEnv();
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(getGithubApp(), owner, repo);
  const deps: VendingDeps = {
    store: createPrismaVendingStore(getDb()),
    accountFactory: createServiceCatalogAccountFactory({ client: new ServiceCatalogClient(buildAwsClientConfig()) }),
    directory: createOrganizationsDirectory({ client: new OrganizationsClient(buildAwsClientConfig()) }),
    events: env.BULKHEAD_VENDING_EVENT_BUS ? createEventBridgeVendingEvents({ client: new EventBridgeClient(buildAwsClientConfig()), busName: env.BULKHEAD_VENDING_EVENT_BUS }) : createNoopVendingEvents(),
    pullRequests: getScaffoldDeps().publisher,
    repoFactory: createGithubConsumerRepoFactory({ getOctokit }),
    workloads: getWorkloadsDeps().store,
    config: { publicUrl: env.BULKHEAD_PUBLIC_URL ?? env.AUTH_URL ?? null },
    // Account Factory takes 15–30 minutes; the emulators of the dev and e2e stacks take seconds.
    timings: {
      pollBackoff: { ...describeRecordBackoff, initialMs: env.BULKHEAD_VENDING_POLL_SECONDS * 1000 },
      retryBackoff: { ...retryLaterBackoff, initialMs: Math.min(retryLaterBackoff.initialMs, env.BULKHEAD_VENDING_POLL_SECONDS * 1000) },
    },
    async wakeWorker() {
      const queue = await getJobQueue();
      if (queue) {
        await queue.send("vending.work", {});
        return;
      }
      // No job worker in this process (BULKHEAD_JOBS=off): run one here, in the background.
      inlineRun ??= runVendingWorker(deps, { owner: newWorkerId(), budgetMs: 10 * 60_000 })
        .catch((error: unknown) => logger.error("inline vending worker failed", { error }))
        .finally(() => {
          inlineRun = null;
        });
    },
  };
  cached = deps;
  return cached;
}
