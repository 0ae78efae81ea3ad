import "server-only";
import { isAppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { assertAdmin } from "./core/tag-change-access";
import { cancelTagChange, type cancelTagChangeInputSchema } from "./cancel-tag-change";
import { decideTagChange, type DecideTagChangeInput } from "./decide-tag-change";
import { detectDrift, type DetectDriftResult } from "./detect-drift";
import { auditActorOf } from "./governance-context";
import type { GovernanceRuntimeDeps } from "./governance-deps";
import type { TagChangeRequestView } from "./governance-views";
import { listNonCompliantAccounts } from "./list-non-compliant-accounts";
import { governanceActorOf, toDriftFindingView, toTagChangeRequestView } from "./read-governance";
import { requestPolicyFix, type RequestPolicyFixInput } from "./request-policy-fix";
import { requestTagChange, type RequestTagChangeInput } from "./request-tag-change";
import { retryTagChange } from "./retry-tag-change";
import { settleDriftFinding, type SettleDriftFindingInput } from "./settle-drift-finding";
import { verifyAuditLog, type VerifyAuditLogResult } from "./verify-audit-log";
import type { z } from "zod";

/*
 * The governance use cases as pages, actions and routes call them: with the signed-in viewer,
 * returning views, and starting the apply as soon as a change may go out (after an approval, a
 * retry or a drift revert) instead of waiting for the every-minute job.
 */

export type RequestTagChangeOutcome =
  | { status: "created" | "existing"; request: TagChangeRequestView; unchanged: Array<{ awsAccountId: string; name: string }>; inactive: Array<{ awsAccountId: string; name: string; state: string }> }
  | { status: "conflict"; message: string; requestId: string };

/**
 * A lead (one account of their workload) or an admin (any accounts, bulk by workload or team)
 * asks for a tag change. A key with an open change is answered `conflict` with the open request's
 * id, so the page can link to it; other refusals throw.
 */
export async function requestTagChangeAs(deps: GovernanceRuntimeDeps, viewer: Viewer, input: RequestTagChangeInput): Promise<RequestTagChangeOutcome> {
  try {
    const result = await requestTagChange(deps, input, governanceActorOf(viewer));
    return { status: result.created ? "created" : "existing", request: toTagChangeRequestView(result.request), unchanged: result.unchanged, inactive: result.inactive };
  } catch (error) {
    const requestId = isAppError(error) && error.code === "CONFLICT" ? (error.details as { requestId?: unknown } | undefined)?.requestId : undefined;
    if (typeof requestId === "string") return { status: "conflict", message: (error as Error).message, requestId };
    throw error;
  }
}

/** An admin approves (the apply starts at once) or rejects, never their own request. */
export async function decideTagChangeAs(deps: GovernanceRuntimeDeps, viewer: Viewer, input: DecideTagChangeInput): Promise<TagChangeRequestView> {
  const record = await decideTagChange(deps, input, governanceActorOf(viewer));
  if (record.state === "approved") await deps.wakeApply(record.id);
  return toTagChangeRequestView(record);
}

/** An admin retries a failed or partially failed change: its failed accounts are applied again now. */
export async function retryTagChangeAs(deps: GovernanceRuntimeDeps, viewer: Viewer, input: { id: string }): Promise<TagChangeRequestView> {
  const record = await retryTagChange(deps, input, governanceActorOf(viewer));
  await deps.wakeApply(record.id);
  return toTagChangeRequestView(record);
}

/** The requester withdraws a waiting request; an admin also an approved or failed one. */
export async function cancelTagChangeAs(deps: GovernanceRuntimeDeps, viewer: Viewer, input: z.input<typeof cancelTagChangeInputSchema>): Promise<TagChangeRequestView> {
  return toTagChangeRequestView(await cancelTagChange(deps, input, governanceActorOf(viewer)));
}

/** An admin reverts (applied now), adopts (waits for another admin) or dismisses a drift finding. */
export async function settleDriftFindingAs(deps: GovernanceRuntimeDeps, viewer: Viewer, input: SettleDriftFindingInput) {
  const result = await settleDriftFinding(deps, input, governanceActorOf(viewer));
  if (result.request && result.request.state === "approved") await deps.wakeApply(result.request.id);
  return { finding: toDriftFindingView(result.finding), request: result.request ? toTagChangeRequestView(result.request) : null };
}

/** Accounts whose recorded tags break the tag policy in force (admins). */
export async function listNonCompliantAs(deps: GovernanceRuntimeDeps, viewer: Viewer) {
  return listNonCompliantAccounts(deps, governanceActorOf(viewer));
}

/** One bulk request that brings the non-compliant accounts back into the policy (admins; another admin approves). */
export async function requestPolicyFixAs(deps: GovernanceRuntimeDeps, viewer: Viewer, input: RequestPolicyFixInput) {
  const result = await requestPolicyFix(deps, input, governanceActorOf(viewer));
  return { request: toTagChangeRequestView(result.request), created: result.created, unresolved: result.unresolved };
}

export type DetectDriftOutcome = { queued: true } | ({ queued: false } & DetectDriftResult);

/**
 * An admin runs the drift scan now instead of waiting for the schedule: on the job queue when a
 * worker runs (a scan of a large estate at the AWS call rate takes minutes, longer than a request
 * should), else right here.
 */
export async function detectDriftAs(deps: GovernanceRuntimeDeps, viewer: Viewer): Promise<DetectDriftOutcome> {
  const actor = governanceActorOf(viewer);
  assertAdmin(actor, "run the drift scan");
  if (await deps.queueDriftScan()) return { queued: true };
  return { queued: false, ...(await detectDrift(deps, auditActorOf(actor))) };
}

/** An admin checks the audit log's hash chain. */
export async function verifyAuditChainAs(deps: GovernanceRuntimeDeps, viewer: Viewer): Promise<VerifyAuditLogResult> {
  assertAdmin(governanceActorOf(viewer), "verify the audit log");
  return verifyAuditLog(deps);
}
