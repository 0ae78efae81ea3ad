import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { buildApprovalWarnings, type ApprovalWarning } from "./core/approval-warnings";
import { accountStatusLabels, describeVendingAction, liveSetStates, setStateLabels } from "./core/describe-progress";
import { isVendingEnv, type VendingEnv } from "./core/environments";
import { derivedKeys } from "./core/tag-policy";
import { formatOuLabel } from "./core/organizational-unit";
import type { AccountSetRecord, TimelineEntry, VendingDeps } from "./ports";
import { canViewAccountSet } from "./vending-access";
import { accountSetIdSchema } from "./vending-input";
import type { AccountSetSummary, AccountSetView, TimelineItem } from "./vending-views";

function detailOf(entry: TimelineEntry): string | null {
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (typeof after.reason === "string" && after.reason) return after.reason;
  if (typeof after.lastError === "string" && after.lastError) return after.lastError;
  if (typeof after.accountId === "string" && entry.action === "vending.account.succeeded") return `Account id ${after.accountId}`;
  if (typeof after.url === "string") return after.url;
  if (typeof after.failureMessage === "string" && after.failureMessage) return after.failureMessage;
  return null;
}

function buildTimeline(set: AccountSetRecord, entries: TimelineEntry[]): TimelineItem[] {
  const envById = new Map<string, VendingEnv>(set.accounts.map((a) => [a.id, a.env]));
  return entries.map((entry) => ({
    at: entry.at.toISOString(),
    label: describeVendingAction(entry.action),
    actor: entry.actorLabel.startsWith("system:") ? "Bulkhead" : entry.actorLabel,
    env: entry.subjectType === "account_request" ? (envById.get(entry.subjectId) ?? null) : null,
    detail: detailOf(entry),
  }));
}

/** The view of one set for `viewer`: decisions, accounts, timeline, and what the viewer may do. */
export function toAccountSetView(set: AccountSetRecord, viewer: Viewer, extra: { timeline: TimelineEntry[]; warnings: ApprovalWarning[] }): AccountSetView {
  const isRequester = set.requestedBy.id === viewer.id;
  const isAdmin = viewer.role === "admin";
  const decideBlockedReason =
    set.state !== "requested"
      ? null
      : !isAdmin
        ? "Only platform admins can approve or reject requests."
        : isRequester
          ? "You made this request, so another admin must approve or reject it (four-eyes)."
          : null;
  const hasFailed = set.accounts.some((a) => a.status === "failed");
  return {
    id: set.id,
    state: set.state,
    stateLabel: setStateLabels[set.state],
    live: liveSetStates.includes(set.state),
    workload: { slug: set.workloadSlug, name: set.workload?.name ?? set.newWorkload?.name ?? set.workloadSlug, isNew: set.newWorkload !== null, team: null },
    tier: set.tier,
    reason: set.reason,
    requestedBy: set.requestedBy.name,
    createdAt: set.createdAt.toISOString(),
    decidedBy: set.decidedBy?.name ?? null,
    decidedAt: set.decidedAt?.toISOString() ?? null,
    decisionReason: set.decisionReason,
    tagPolicyVersion: set.tagPolicyVersion,
    consumerRepo: set.consumerRepo ?? set.workload?.consumerRepo ?? null,
    providerPrUrl: set.providerPrUrl,
    consumerPrUrl: set.consumerPrUrl,
    failureMessage: set.failureMessage,
    wiringError: set.steps.wiringError?.message ?? null,
    accounts: set.accounts.map((a) => ({
      id: a.id,
      env: a.env,
      accountName: a.accountName,
      accountEmail: a.accountEmail,
      ou: { id: a.ou.id, name: a.ou.name, label: formatOuLabel(a.ou) },
      tags: a.tags,
      status: a.status,
      statusLabel: accountStatusLabels[a.status],
      attempt: a.attempt,
      accountId: a.accountId,
      recordId: a.recordId,
      recordStatus: a.recordStatus,
      recordErrors: a.recordErrors,
      lastError: a.lastError,
      failedStep: a.failedStep,
      sso: a.sso,
      updatedAt: a.updatedAt.toISOString(),
    })),
    timeline: buildTimeline(set, extra.timeline),
    warnings: extra.warnings,
    isRequester,
    canDecide: set.state === "requested" && decideBlockedReason === null,
    decideBlockedReason,
    canRetry: isAdmin && (hasFailed || set.state === "partially_failed" || set.state === "failed"),
  };
}

/** What an approver should look at twice in a requested set (new OU, tag value never seen, edited names). */
export async function buildWarnings(deps: VendingDeps, set: AccountSetRecord): Promise<ApprovalWarning[]> {
  const [known, settings, policy] = await Promise.all([deps.store.listKnownUsage(), deps.store.getSettings(), deps.store.getTagPolicy()]);
  return buildApprovalWarnings({
    workloadSlug: set.workloadSlug,
    accounts: set.accounts,
    known,
    settings: settings.settings,
    derivedKeys: derivedKeys(policy).map((k) => k.key),
  });
}

/**
 * One account set request with its live status, per account and for the set: a timeline of
 * states with times (from the audit log), account ids once known, PR links, errors in plain
 * words, and approval warnings while it waits for a decision. NOT_FOUND for people who may
 * not see it (so that request ids reveal nothing).
 */
export async function getAccountSet(deps: VendingDeps, viewer: Viewer, rawInput: { id: string }): Promise<AccountSetView> {
  const { id } = accountSetIdSchema.parse(rawInput);
  const set = await deps.store.findAccountSet(id);
  if (!set || !(await canViewAccountSet(deps.store, viewer, set))) throw new AppError("NOT_FOUND", "There is no such account set request");
  const [timeline, warnings] = await Promise.all([deps.store.listTimeline(set.id), set.state === "requested" && viewer.role === "admin" ? buildWarnings(deps, set) : []]);
  return toAccountSetView(set, viewer, { timeline, warnings });
}

export function toAccountSetSummary(set: AccountSetRecord): AccountSetSummary {
  return {
    id: set.id,
    state: set.state,
    stateLabel: setStateLabels[set.state],
    workload: { slug: set.workloadSlug, name: set.workload?.name ?? set.newWorkload?.name ?? set.workloadSlug, isNew: set.newWorkload !== null },
    environments: set.accounts.map((a) => a.env).filter(isVendingEnv),
    requestedBy: set.requestedBy.name,
    createdAt: set.createdAt.toISOString(),
    decidedBy: set.decidedBy?.name ?? null,
    accounts: set.accounts.map((a) => ({ env: a.env, accountName: a.accountName, status: a.status, accountId: a.accountId })),
  };
}
