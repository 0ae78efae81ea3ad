/*
 * The governance domain's public entry: the domain definition for the composition root, the
 * dependencies of this process, and the use cases pages, actions and routes call. Server only:
 * client components import view types from `./governance-views` with `import type`.
 */
import "server-only";

import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";
import { governanceJobModule } from "./governance-jobs";

// Background jobs (for the composition root). No webhook handlers.
export { governanceJobModule } from "./governance-jobs";
export { APPLY_TAG_CHANGES_JOB, DETECT_DRIFT_JOB, getGovernanceDeps, type GovernanceRuntimeDeps } from "./governance-deps";

// Use cases as the app calls them (with the viewer), and the read side.
export {
  cancelTagChangeAs,
  decideTagChangeAs,
  detectDriftAs,
  listNonCompliantAs,
  requestPolicyFixAs,
  requestTagChangeAs,
  retryTagChangeAs,
  settleDriftFindingAs,
  verifyAuditChainAs,
  type DetectDriftOutcome,
  type RequestTagChangeOutcome,
} from "./governance-commands";
export {
  awsAccountIdSchema,
  getAccountGovernance,
  getGovernanceAdmin,
  getTagChangeRequest,
  governanceActorOf,
  listDriftFindingViews,
  listDriftInputSchema,
  listTagChangeApprovals,
  listTagChanges,
  listTagChangesInputSchema,
  tagChangeIdSchema,
  type GovernanceAdminView,
} from "./read-governance";

// Input schemas.
export { requestTagChangeInputSchema, type RequestTagChangeInput } from "./request-tag-change";
export { decideTagChangeInputSchema, type DecideTagChangeInput } from "./decide-tag-change";
export { retryTagChangeInputSchema } from "./retry-tag-change";
export { cancelTagChangeInputSchema } from "./cancel-tag-change";
export { settleDriftFindingInputSchema, type SettleDriftFindingInput } from "./settle-drift-finding";
export { requestPolicyFixInputSchema, type RequestPolicyFixInput } from "./request-policy-fix";

// Lower-level use cases (CLI, tests, jobs).
export { applyTagChange } from "./apply-tag-change";
export { detectDrift } from "./detect-drift";
export { resumeTagChanges } from "./resume-tag-changes";
export { verifyAuditLog, type VerifyAuditLogResult } from "./verify-audit-log";

// Views and ports.
export type { AccountGovernanceView, ChangeableKeyView, DriftFindingView, TagChangeItemView, TagChangeRequestView } from "./governance-views";
export type { GovernanceDeps, GovernanceStore, TagDirectory } from "./ports";

/** Governance as the platform runs it: applying approved tag changes (and resuming them) and the drift scan. */
export const governanceDomain: DomainDefinition = {
  name: "governance",
  jobs: governanceJobModule.jobs,
  onWorkerStart: governanceJobModule.onWorkerStart,
};
