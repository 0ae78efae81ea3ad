/*
 * The workloads domain's public entry: what the composition root, app code and other domains
 * may use. Everything else in lib/workloads is private to the domain. Server only: client
 * components import types from here with `import type`, and plain constants from
 * `./core/workload-envs`.
 */

import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";
import { workloadsJobModule } from "./workloads-jobs";

// Background jobs (for the composition root). No webhook handlers: scans run on a schedule.
export { workloadsJobModule, SCAN_CONSUMER_REPOS_JOB } from "./workloads-jobs";

// Dependencies for this process.
export { getWorkloadsDeps } from "./workloads-deps";
export { createPrismaWorkloadStore } from "./adapters/prisma-workload-store";

// Use cases.
export { listWorkloads, type WorkloadSummary } from "./list-workloads";
export { listRegistrationTeams, type TeamOption } from "./list-registration-teams";
export { registerWorkload, type RegisteredWorkload } from "./register-workload";
export { getRegistrationForm, type RegistrationForm } from "./get-registration-form";
export { getAccessHelp, type AccessHelp, type AccessHelpWorkload } from "./get-access-help";
export { getWorkloadDetail, type ConsumptionView, type WorkloadDetail, type WorkloadUnitView } from "./get-workload-detail";
export { scanConsumerRepo } from "./scan-consumer-repo";
export { matchCatalogue, type CatalogueMatch } from "./read-workload-units";

// Membership checks and consumer repos.
export { assertCanChangeWorkload, canChangeWorkload, canReadWorkloadRequests, consumerRepoOf, isEmptyRepositoryError, viewerActor } from "./workload-access";

// Input schemas.
export { registerWorkloadInputSchema, type RegisterWorkloadInput } from "./workload-input";

// Pure helpers.
export { nextEnvOf, workloadEnvs, type WorkloadEnv } from "./core/workload-envs";
export { moduleKey, sourceKey, type SourceKey } from "./core/module-key";

// Ports and records.
export type {
  CatalogueModuleRecord,
  ConsumerRepoReader,
  ConsumptionInput,
  ConsumptionRecord,
  NewWorkloadRecord,
  RepoRef,
  WorkloadRecord,
  WorkloadLeadRecord,
  WorkloadMembershipRecord,
  WorkloadStore,
  WorkloadsDeps,
} from "./ports";

/** Workloads as the platform runs it: the scheduled scan of every linked consumer repo. */
export const workloadsDomain: DomainDefinition = {
  name: "workloads",
  jobs: workloadsJobModule.jobs,
};
