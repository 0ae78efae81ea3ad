// Public entry of the scaffold domain: what other domains and the composition root may import.
import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";
import { handleScaffoldPullRequestEvent } from "./scaffold-deps";
import { scaffoldJobModule } from "./scaffold-jobs";

/** Scaffold as the platform runs it: resuming stalled deliveries, consumer-repo scans, and pull request events. */
export const scaffoldDomain: DomainDefinition = {
  name: "scaffold",
  jobs: scaffoldJobModule.jobs,
  webhookHandlers: { pull_request: handleScaffoldPullRequestEvent },
};
