import type { TagMap } from "@/lib/vending";
import { pendingTagChanges, type TagChanges } from "./tag-change";

/*
 * A request names accounts and new values; each account becomes one item with only the keys it
 * does not already have at that value (its "before" is what the portal recorded for them).
 * Accounts already at every value are skipped, so a bulk move of a whole workload or team
 * touches only the accounts that need it.
 */

export interface AccountTagState {
  /** The portal's account id (accounts.id). */
  accountId: string;
  awsAccountId: string;
  name: string;
  /** The recorded tags. */
  tags: TagMap;
}

export interface PlannedTagChangeItem {
  accountId: string;
  awsAccountId: string;
  /** The recorded value of each changed key; null when the key is not recorded. */
  before: Record<string, string | null>;
  after: TagChanges;
}

export interface TagChangePlan {
  items: PlannedTagChangeItem[];
  /** Accounts already at every requested value. */
  unchanged: AccountTagState[];
}

/** One item per account that needs a change, in the order the accounts were given (duplicates once). */
export function planTagChangeItems(accounts: AccountTagState[], changes: TagChanges): TagChangePlan {
  const items: PlannedTagChangeItem[] = [];
  const unchanged: AccountTagState[] = [];
  const seen = new Set<string>();
  for (const account of accounts) {
    if (seen.has(account.accountId)) continue;
    seen.add(account.accountId);
    const after = pendingTagChanges(account.tags, changes);
    const keys = Object.keys(after);
    if (keys.length === 0) {
      unchanged.push(account);
      continue;
    }
    const before = Object.fromEntries(keys.map((key) => [key, Object.hasOwn(account.tags, key) ? account.tags[key]! : null]));
    items.push({ accountId: account.accountId, awsAccountId: account.awsAccountId, before, after });
  }
  return { items, unchanged };
}
