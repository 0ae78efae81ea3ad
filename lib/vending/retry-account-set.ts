import type { Viewer } from "@/lib/platform/auth/roles";
import { logger } from "@/lib/platform/logger";
import { AppError } from "@/lib/errors/app-error";
import { viewerActor } from "@/lib/workloads";
import type { AccountSetRecord, VendingDeps } from "./ports";
import { retryAccountSetInputSchema, type RetryAccountSetInput } from "./vending-input";

/**
 * An admin retries what failed: one failed account, or every failed account of the set, and
 * the repo wiring of a set that settled as failed. A failed account that got no account from
 * Account Factory goes back to the queue with a new attempt (a new ProvisionToken and
 * provisioned-product name, since the failed record made nothing); one whose account exists is
 * tagged again. Audited; wakes the worker.
 */
export async function retryAccountSet(deps: VendingDeps, viewer: Viewer, rawInput: RetryAccountSetInput): Promise<AccountSetRecord> {
  if (viewer.role !== "admin") throw new AppError("FORBIDDEN", "Only platform admins can retry vending.");
  const input = retryAccountSetInputSchema.parse(rawInput);
  const { store } = deps;
  const set = await store.findAccountSet(input.id);
  if (!set) throw new AppError("NOT_FOUND", "There is no such account set request");
  const failed = set.accounts.filter((a) => a.status === "failed" && (!input.accountRequestId || a.id === input.accountRequestId));
  if (input.accountRequestId && failed.length === 0) {
    const account = set.accounts.find((a) => a.id === input.accountRequestId);
    if (!account) throw new AppError("NOT_FOUND", "That account is not part of this request");
    throw new AppError("CONFLICT", `The ${account.env} account has not failed, so there is nothing to retry`);
  }
  const settled = set.state === "partially_failed" || set.state === "failed";
  if (failed.length === 0 && !settled) throw new AppError("CONFLICT", "Nothing in this request has failed");
  const actor = viewerActor(viewer);
  for (const account of failed) await store.retryAccountRequest(account.id, actor);
  if (settled) await store.transitionAccountSet(set.id, { type: "retry" }, actor);
  await deps.wakeWorker().catch((error: unknown) => logger.warn("vending worker not woken", { id: set.id, error }));
  const after = await store.findAccountSet(set.id);
  if (!after) throw new AppError("NOT_FOUND", "There is no such account set request");
  return after;
}
