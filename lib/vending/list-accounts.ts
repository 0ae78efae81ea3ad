import type { Viewer } from "@/lib/platform/auth/roles";
import type { VendingDeps } from "./ports";
import { listAccountsInputSchema, type ListAccountsInput } from "./vending-input";
import type { AccountListView } from "./vending-views";

/**
 * The estate's accounts, vended and imported, one page at a time (real estates have hundreds):
 * search by name, email or id; filter by source, environment and workload ("none" finds the
 * accounts no workload claims). Every signed-in person may read the list.
 */
export async function listAccounts(deps: VendingDeps, _viewer: Viewer, rawInput: ListAccountsInput = {}): Promise<AccountListView> {
  const input = listAccountsInputSchema.parse(rawInput);
  const { rows, total } = await deps.store.listAccounts({
    search: input.q || undefined,
    source: input.source,
    env: input.env,
    workloadSlug: input.workload || undefined,
    skip: (input.page - 1) * input.pageSize,
    take: input.pageSize,
  });
  return {
    rows: rows.map((a) => ({
      awsAccountId: a.awsAccountId,
      name: a.name,
      email: a.email,
      ou: a.ou,
      workload: a.workload?.slug ?? null,
      env: a.env,
      source: a.source,
      state: a.state,
      tags: a.observedTags ?? a.tags,
      lastSeenAt: a.lastSeenAt?.toISOString() ?? null,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
    pages: Math.max(1, Math.ceil(total / input.pageSize)),
  };
}
