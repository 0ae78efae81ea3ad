import "server-only";
import { z } from "zod";
import type { JobDefinition } from "../jobs/job-queue";
import { processWebhookDelivery } from "./process-webhook-delivery";
import { retryWebhookDeliveries } from "./retry-webhook-deliveries";
import { getWebhookDeps } from "./webhook-deps";
import { PROCESS_WEBHOOK_JOB, RETRY_WEBHOOKS_JOB } from "./webhook-job-names";

export { PROCESS_WEBHOOK_JOB, RETRY_WEBHOOKS_JOB };

const processWebhookJobSchema = z.object({ deliveryId: z.string().min(1) });

/**
 * The platform's own jobs, which the worker runs next to the domains' (`startJobWorker`).
 * Processing a delivery retries 5 times with backoff (10 s, 20 s, 40 s, 80 s, 160 s); after
 * that the sweep tries again every 10 minutes, up to the attempt limit.
 */
export const webhookJobs: JobDefinition[] = [
  {
    name: PROCESS_WEBHOOK_JOB,
    retryLimit: 5,
    retryDelaySeconds: 10,
    expireInMinutes: 5,
    handler: async (data) => {
      await processWebhookDelivery(getWebhookDeps(), processWebhookJobSchema.parse(data).deliveryId);
    },
  },
  {
    name: RETRY_WEBHOOKS_JOB,
    cron: "*/10 * * * *",
    retryLimit: 0,
    handler: async (_data, { queue }) => {
      await retryWebhookDeliveries({ ...getWebhookDeps(), queue });
    },
  },
];
