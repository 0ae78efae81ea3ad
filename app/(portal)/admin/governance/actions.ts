"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import {
  detectDriftAs,
  getGovernanceDeps,
  requestPolicyFixAs,
  requestPolicyFixInputSchema,
  settleDriftFindingAs,
  settleDriftFindingInputSchema,
  verifyAuditChainAs,
} from "@/lib/governance";
import { defineAction } from "@/lib/platform/http/define-action";

// Admin actions of governance: policy fixes, drift, and the audit chain check.

const policyFix = defineAction({ input: requestPolicyFixInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const result = await requestPolicyFixAs(getGovernanceDeps(), viewer, input);
  revalidatePath("/approvals");
  revalidatePath("/admin/governance");
  return { id: result.request.id, created: result.created, accounts: result.request.items.length, unresolved: result.unresolved.length };
});
const settle = defineAction({ input: settleDriftFindingInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const result = await settleDriftFindingAs(getGovernanceDeps(), viewer, input);
  revalidatePath("/admin/drift");
  revalidatePath("/approvals");
  return { findingId: result.finding.id, status: result.finding.status, requestId: result.request?.id ?? null, requestState: result.request?.state ?? null };
});
const detect = defineAction({ input: z.object({}).default({}), require: { role: "admin" } }, async ({ viewer }) => {
  const result = await detectDriftAs(getGovernanceDeps(), viewer);
  revalidatePath("/admin/drift");
  return result.queued ? { queued: true as const } : { ...result, errors: result.errors.length };
});
const verify = defineAction({ input: z.object({}).default({}), require: { role: "admin" } }, async ({ viewer }) => {
  const result = await verifyAuditChainAs(getGovernanceDeps(), viewer);
  return { ok: result.ok, checked: result.checked, lastId: result.head.lastId, broken: result.broken, durationMs: result.durationMs };
});

/** One bulk request with new values for every account that breaks the tag policy (another admin approves). */
export async function requestPolicyFixAction(raw: Parameters<typeof policyFix>[0]) {
  return policyFix(raw);
}

/** Revert (applied now), adopt (needs another admin's approval) or dismiss a drift finding. */
export async function settleDriftFindingAction(raw: Parameters<typeof settle>[0]) {
  return settle(raw);
}

/** Runs the drift scan now. */
export async function detectDriftAction() {
  return detect({});
}

/** Checks the audit log's hash chain and names the first broken row. */
export async function verifyAuditChainAction() {
  return verify({});
}
