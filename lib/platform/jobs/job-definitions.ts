import type { JobModule } from "./job-queue";

/**
 * Every domain that runs background jobs, loaded lazily so that importing the worker
 * does not pull in every domain at start-up. Add one line per domain.
 */
export const jobModules: Array<() => Promise<JobModule>> = [
  () => import("../../catalogue/catalogue-jobs").then((m) => m.catalogueJobModule),
  () => import("../../scaffold").then((m) => m.scaffoldJobModule),
  () => import("../../workloads").then((m) => m.workloadsJobModule),
];
