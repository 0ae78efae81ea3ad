import type { DriftFindingStatus, DriftKind } from "./core/drift";
import type { TagChangeItemStatus, TagChangeState } from "./core/tag-change-state";
import type { TagChangeOrigin } from "./ports";

/*
 * What the governance pages and the JSON API show: plain, serialisable data (times as ISO
 * strings). Client components import these with `import type`.
 */

/** One key of the tag policy as the change form offers it. */
export interface ChangeableKeyView {
  key: string;
  description: string;
  required: boolean;
  allowedValues: string[] | null;
  pattern: string | null;
  /** Why the viewer cannot ask to change it (derived by the portal, admins only, nobody), or null. */
  lockedReason: string | null;
}

export interface TagChangeItemView {
  id: string;
  accountId: string;
  awsAccountId: string;
  accountName: string;
  workloadSlug: string | null;
  before: Record<string, string | null>;
  after: Record<string, string | null>;
  status: TagChangeItemStatus;
  error: string | null;
  retryable: boolean | null;
  attempts: number;
  verifiedAt: string | null;
}

export interface TagChangeRequestView {
  id: string;
  origin: TagChangeOrigin;
  bulk: boolean;
  changes: Record<string, string | null>;
  reason: string;
  requestedBy: { id: string; name: string };
  state: TagChangeState;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  decisionReason: string | null;
  failureMessage: string | null;
  createdAt: string;
  updatedAt: string;
  counts: Record<TagChangeItemStatus, number>;
  items: TagChangeItemView[];
  driftFindingIds: string[];
}

export interface DriftFindingView {
  id: string;
  accountId: string;
  awsAccountId: string;
  accountName: string;
  workloadSlug: string | null;
  tagKey: string;
  kind: DriftKind;
  recordedValue: string | null;
  observedValue: string | null;
  status: DriftFindingStatus;
  foundAt: string;
  lastSeenAt: string;
  settledBy: string | null;
  settledAt: string | null;
  settleReason: string | null;
  changeRequestId: string | null;
}

export interface AccountGovernanceView {
  account: {
    id: string;
    awsAccountId: string;
    name: string;
    workloadSlug: string | null;
    env: string | null;
    state: string;
    tags: Record<string, string>;
    observedTags: Record<string, string> | null;
    lastSeenAt: string | null;
  };
  policyVersion: number;
  keys: ChangeableKeyView[];
  /** Whether the viewer may ask for a change here (a lead of its workload, or an admin), and if not, why. */
  mayRequest: boolean;
  mayRequestReason: string | null;
  requests: TagChangeRequestView[];
  /** Open and settling drift findings; admins only (empty for others). */
  drift: DriftFindingView[];
}
