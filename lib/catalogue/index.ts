// Public entry of the catalogue domain: what other domains and the composition root may import.
import type { DomainDefinition, GithubEventHandler } from "@/lib/platform/domains/domain-registry";
import { catalogueJobModule } from "./catalogue-jobs";
import { handleTagWebhook } from "./handle-tag-webhook";

const onTagEvent: GithubEventHandler = (event) => handleTagWebhook(event);

/** The catalogue as the platform runs it: source syncs (scheduled, on demand, first sync) and GitHub tag events. */
export const catalogueDomain: DomainDefinition = {
  name: "catalogue",
  jobs: catalogueJobModule.jobs,
  onWorkerStart: catalogueJobModule.onWorkerStart,
  webhookHandlers: { create: onTagEvent, delete: onTagEvent, push: onTagEvent },
};
