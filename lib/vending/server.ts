/*
 * The vending domain's server entry: what the composition root and app code use. It reaches
 * Prisma, the AWS SDK and the GitHub App through `getVendingDeps()`; other domains import the
 * pure entry (`./index`) instead. Client components import the view types from
 * `./vending-views` with `import type`, and pure helpers from `./core/*`.
 */
import "server-only";

import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";
import { vendingJobModule } from "./vending-jobs";

// Background jobs (for the composition root). No webhook handlers.
export { vendingJobModule, VENDING_WORK_JOB, IMPORT_ACCOUNTS_JOB } from "./vending-jobs";

// Dependencies for this process.
export { getVendingDeps } from "./vending-deps";

// Use cases.
export { getAccountRequestForm, type AccountRequestFormContext, type OuChoice } from "./get-account-request-form";
export { requestAccountSet } from "./request-account-set";
export { decideAccountSet } from "./decide-account-set";
export { retryAccountSet } from "./retry-account-set";
export { getAccountSet } from "./get-account-set";
export { listAccountSets, listApprovals } from "./list-account-sets";
export { listAccounts } from "./list-accounts";
export { importAccounts } from "./import-accounts";
export { getVendingAdmin, saveTagPolicy, saveVendingSettings, type VendingAdminView } from "./manage-vending-policy";
export { runVendingCycle, runVendingWorker, newWorkerId } from "./run-vending-worker";

// Input schemas.
export {
  accountSetIdSchema,
  decideAccountSetInputSchema,
  listAccountSetsInputSchema,
  listAccountsInputSchema,
  requestAccountSetInputSchema,
  retryAccountSetInputSchema,
  saveTagPolicyInputSchema,
  saveVendingSettingsInputSchema,
  type DecideAccountSetInput,
  type ListAccountsInput,
  type RequestAccountSetInput,
  type RetryAccountSetInput,
  type SaveTagPolicyInput,
  type SaveVendingSettingsInput,
} from "./vending-input";

// Views, ports and records.
export type { AccountListView, AccountRow, AccountSetSummary, AccountSetView, AccountView, TimelineItem } from "./vending-views";
export type { AccountRecord, OrganizationsDirectory, VendingDeps, VendingStore } from "./ports";
export type { TagMap, TagPolicy, TagPolicyKey } from "./core/tag-policy";
export type { VendingSettings } from "./core/vending-settings";

/** Vending as the platform runs it: the worker (every minute and on demand) and the account import. */
export const vendingDomain: DomainDefinition = {
  name: "vending",
  jobs: vendingJobModule.jobs,
  onWorkerStart: vendingJobModule.onWorkerStart,
};
