/*
 * The estate domain's public entry: who runs which module version, update notices with due
 * dates and escalation, the inbox, and upgrade pull requests. Server only: client components
 * import types with `import type`.
 */

import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";
import { estateJobModule } from "./estate-jobs";
import { handleEstateEvent } from "./estate-webhooks";

export { getEstateDeps } from "./estate-deps";
export { createPrismaEstateStore } from "./adapters/prisma-estate-store";
export { scanWorkloadRepo, type ScanWorkloadRepoResult } from "./scan-workload-repo";
export { scanWorkloadNow, type ManualScanResult } from "./scan-workload-now";
export { reconcileNotices, reconcileNoticesAfterStatusChange, type ReconcileNoticesResult } from "./reconcile-notices";
export { recordCompliance } from "./record-compliance";
export { handleEstateWebhook } from "./estate-webhooks";
export { openUpgradePullRequest, getUpgradeForm, summarizeUpgrade, upgradeFormPath, type UpgradeSummary, type OpenUpgradeInput, type OpenUpgradeResult, type UpgradeOutcome, type UpgradeNeedsInputs, type UpgradeForm } from "./open-upgrade-pull-request";
export { openUpgradePullRequests, MAX_BULK_UPGRADES, type BulkUpgradeInput, type BulkUnitResult, type BulkUnitStatus } from "./open-upgrade-pull-requests";
export { getEstateOverview, getWorkloadUnits, getInbox, countUnreadNotices, markNoticesRead, exportEstateCsv, exportOverdueCsv, type EstateOverview, type UnitStatusView } from "./estate-views";
export { unitStatusOf, UNIT_STATUS_LABELS, type UnitStatus } from "./core/unit-status";
export type { OpenUpgradePullRequest } from "./core/pick-open-upgrade";
export { SCAN_ALL_JOB, SCAN_REPO_JOB, RECONCILE_NOTICES_JOB, DELIVER_NOTICES_JOB, queueScans } from "./estate-jobs";
export { deliverNoticeChannels, type DeliverNoticeChannelsResult } from "./deliver-notice-channels";
export { getEstateSettings, saveEstateSettings, saveEstateSettingsInputSchema, type EstateSettingsView, type SaveEstateSettingsInput, type SaveEstateSettingsResult } from "./manage-estate-settings";
export { applyNoticePolicy, type ApplyNoticePolicyResult } from "./apply-notice-policy";
export { sweepNotices } from "./sweep-notices";
export { canSetNoticeIssues, getWorkloadNoticeIssues, setWorkloadNoticeIssues } from "./set-workload-notice-issues";
export { escalationOf, type Escalation, type NoticeKind } from "./core/compute-notices";
export { DEFAULT_NOTICE_POLICY, noticePolicySchema, type NoticePolicy } from "./core/notice-policy";
export type { EstateDeps, EstateStore, InboxFilter, InboxItem, NoticePolicyState, NoticeRecord, ConsumptionRecord, ScanTarget } from "./ports";

/** The estate as the platform runs it: scans on a schedule and on pushes/merges to a consumer repo's default branch, and the notice reconcile. */
export const estateDomain: DomainDefinition = {
  name: "estate",
  jobs: estateJobModule.jobs,
  onWorkerStart: estateJobModule.onWorkerStart,
  webhookHandlers: { push: handleEstateEvent, pull_request: handleEstateEvent },
};
