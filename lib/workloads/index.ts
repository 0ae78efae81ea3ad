// Public entry of the workloads domain: what other domains and the composition root may import.
import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";

/** Workloads run no jobs and handle no webhooks yet; registering it keeps the composition root one line per domain. */
export const workloadsDomain: DomainDefinition = { name: "workloads" };
