/*
 * The workloads domain's public entry: what the composition root, app code and other domains
 * may use. Everything else in lib/workloads is private to the domain. Server only: client
 * components import types from here with `import type`, and plain constants from
 * `./core/workload-envs`.
 */

import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";


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
export { matchCatalogue, type CatalogueMatch } from "./read-workload-units";

// Membership checks and consumer repos.
export { assertCanChangeWorkload, canChangeWorkload, canReadWorkloadRequests, consumerRepoOf, isEmptyRepositoryError, viewerActor } from "./workload-access";

// Input schemas.
export { registerWorkloadInputSchema, type RegisterWorkloadInput } from "./workload-input";

// Pure helpers.
export { nextEnvOf, workloadEnvs, type WorkloadEnv } from "./core/workload-envs";
export { moduleKey, sourceKey, type SourceKey } from "./core/module-key";
export { mapWithConcurrency } from "./core/map-with-concurrency";

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

/**
 * Workloads as the platform runs it: no jobs of its own any more. The scheduled scan of every
 * linked consumer repo moved to the estate domain (`lib/estate`), which records every module
 * reference as a consumption interval and reconciles notices; it keeps the job's queue name.
 */
export const workloadsDomain: DomainDefinition = {
  name: "workloads",
};
