import type { Viewer } from "@/lib/platform/auth/roles";
import type { VendingDeps } from "./ports";
import { buildWarnings, toAccountSetSummary, toAccountSetView } from "./get-account-set";
import { viewerScope } from "./vending-access";
import { listAccountSetsInputSchema, type ListAccountSetsInput } from "./vending-input";
import type { AccountSetSummary, AccountSetView } from "./vending-views";

/** The requests the viewer may follow, newest first: all for admins; otherwise their own and their workloads'. */
export async function listAccountSets(deps: VendingDeps, viewer: Viewer, rawInput: ListAccountSetsInput = {}): Promise<{ rows: AccountSetSummary[]; total: number; page: number; pageSize: number }> {
  const input = listAccountSetsInputSchema.parse(rawInput);
  const visibleTo = viewer.role === "admin" ? undefined : { userId: viewer.id, ...(await viewerScope(deps.store, viewer)) };
  const { rows, total } = await deps.store.listAccountSets({ visibleTo, skip: (input.page - 1) * input.pageSize, take: input.pageSize });
  return { rows: rows.map(toAccountSetSummary), total, page: input.page, pageSize: input.pageSize };
}

/**
 * The approvals queue: every request waiting for a decision, oldest first, with its full
 * detail and warnings, for admins. Others see only their own waiting requests, without the
 * means to decide them.
 */
export async function listApprovals(deps: VendingDeps, viewer: Viewer, rawInput: ListAccountSetsInput = {}): Promise<{ rows: AccountSetView[]; total: number; page: number; pageSize: number }> {
  const input = listAccountSetsInputSchema.parse(rawInput);
  const { rows, total } = await deps.store.listAccountSets({
    states: ["requested"],
    ...(viewer.role === "admin" ? {} : { requestedById: viewer.id }),
    skip: (input.page - 1) * input.pageSize,
    take: input.pageSize,
  });
  const oldestFirst = [...rows].reverse();
  const views = await Promise.all(
    oldestFirst.map(async (set) => {
      const [timeline, warnings] = await Promise.all([deps.store.listTimeline(set.id), viewer.role === "admin" ? buildWarnings(deps, set) : []]);
      return toAccountSetView(set, viewer, { timeline, warnings });
    }),
  );
  return { rows: views, total, page: input.page, pageSize: input.pageSize };
}
