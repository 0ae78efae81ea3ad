import type { ApprovalWarning } from "./core/approval-warnings";
import type { AccountRequestStatus } from "./core/account-request-state";
import type { AccountSetState } from "./core/account-set-state";
import type { RecordError } from "./core/aws-error";
import type { VendingEnv } from "./core/environments";
import type { TagMap } from "./core/tag-policy";

/*
 * The shapes the vending pages show. Plain JSON (dates as ISO strings), so that server actions
 * can hand them to client components; client code imports them with `import type`.
 */

export interface TimelineItem {
  at: string;
  label: string;
  actor: string;
  /** The account's environment for account steps, null for the set's own steps. */
  env: VendingEnv | null;
  detail: string | null;
}

export interface AccountView {
  id: string;
  env: VendingEnv;
  accountName: string;
  accountEmail: string;
  ou: { id: string; name: string; label: string };
  tags: TagMap;
  status: AccountRequestStatus;
  statusLabel: string;
  attempt: number;
  accountId: string | null;
  recordId: string | null;
  recordStatus: string | null;
  recordErrors: RecordError[];
  /** The last problem in plain words: a failure, or what the worker is waiting out. */
  lastError: string | null;
  failedStep: string | null;
  sso: { firstName: string; lastName: string; email: string };
  updatedAt: string;
}

export interface AccountSetView {
  id: string;
  state: AccountSetState;
  stateLabel: string;
  /** True while the page should poll for news. */
  live: boolean;
  workload: { slug: string; name: string; isNew: boolean; team: string | null };
  tier: number;
  reason: string;
  requestedBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  tagPolicyVersion: number;
  consumerRepo: string | null;
  providerPrUrl: string | null;
  consumerPrUrl: string | null;
  failureMessage: string | null;
  /** The last failure to open the pull requests, while the worker retries. */
  wiringError: string | null;
  accounts: AccountView[];
  timeline: TimelineItem[];
  /** For approvers, while the request waits for a decision. */
  warnings: ApprovalWarning[];
  isRequester: boolean;
  canDecide: boolean;
  /** Why the viewer cannot decide (shown instead of the buttons), or null. */
  decideBlockedReason: string | null;
  canRetry: boolean;
}

export interface AccountSetSummary {
  id: string;
  state: AccountSetState;
  stateLabel: string;
  workload: { slug: string; name: string; isNew: boolean };
  environments: VendingEnv[];
  requestedBy: string;
  createdAt: string;
  decidedBy: string | null;
  accounts: Array<{ env: VendingEnv; accountName: string; status: AccountRequestStatus; accountId: string | null }>;
}

export interface AccountRow {
  awsAccountId: string;
  name: string;
  email: string;
  ou: { id: string; name: string } | null;
  workload: string | null;
  env: VendingEnv | null;
  source: "vended" | "imported";
  state: string;
  tags: TagMap;
  lastSeenAt: string | null;
}

export interface AccountListView {
  rows: AccountRow[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}
