import type { Viewer } from "@/lib/platform/auth/roles";
import { logger } from "@/lib/platform/logger";
import { AppError } from "@/lib/errors/app-error";
import { viewerActor } from "@/lib/workloads";
import { setStateLabels } from "./core/describe-progress";
import { assertCanDecide } from "./core/four-eyes";
import type { AccountSetRecord, VendingDeps } from "./ports";
import { buildSetEvent, publishVendingEvents } from "./publish-vending-events";
import { decideAccountSetInputSchema, type DecideAccountSetInput } from "./vending-input";
import { nowOf } from "./vending-timings";

/**
 * An admin approves or rejects a requested set, with a reason (required to reject: the
 * requester reads it). Four-eyes: never the requester, admins included (checked here, and by
 * the store and a database CHECK). Audited; published as an event; an approval wakes the worker.
 */
export async function decideAccountSet(deps: VendingDeps, viewer: Viewer, rawInput: DecideAccountSetInput): Promise<AccountSetRecord> {
  const input = decideAccountSetInputSchema.parse(rawInput);
  const set = await deps.store.findAccountSet(input.id);
  if (!set) throw new AppError("NOT_FOUND", "There is no such account set request");
  assertCanDecide({ requestedById: set.requestedBy.id, decider: { id: viewer.id, isAdmin: viewer.role === "admin" } });
  if (set.state !== "requested") {
    const by = set.decidedBy ? ` by ${set.decidedBy.name}` : "";
    throw new AppError("CONFLICT", `This request was already decided${by}: ${setStateLabels[set.state].toLowerCase()}`);
  }
  const decided = await deps.store.decideAccountSet(set.id, { decision: input.decision, reason: input.reason, decider: { id: viewer.id, name: viewer.name } }, viewerActor(viewer));
  const type = input.decision === "approve" ? "approved" : "rejected";
  await publishVendingEvents(deps, [buildSetEvent(type, decided, nowOf(deps), { reason: decided.decisionReason, decidedBy: viewer.name })]);
  if (input.decision === "approve") {
    // The scheduled run would pick it up within a minute; waking the worker starts it now.
    await deps.wakeWorker().catch((error: unknown) => logger.warn("vending worker not woken", { id: set.id, error }));
  }
  return decided;
}
