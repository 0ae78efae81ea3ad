"use server";

import { z } from "zod";
import { getEstateDeps, markNoticesRead, openUpgradePullRequest, openUpgradePullRequests, type OpenUpgradeResult } from "@/lib/estate";
import { defineAction } from "@/lib/platform/http/define-action";
import { getScaffoldDeps } from "@/lib/scaffold";

/** What the upgrade buttons and the inputs form show: the PR, or the form to fill in first. */
export interface UpgradeActionResult {
  status: OpenUpgradeResult["status"];
  prUrl: string | null;
  to: string;
  /** Input changes left to make by hand, listed in the PR body. */
  actions: number;
  requiredInputs: string[];
  /** The page with the form for the new required inputs, when they are needed. */
  formUrl: string | null;
}

const upgradeInput = z.object({
  consumptionId: z.uuid("Not a unit id"),
  toVersionId: z.uuid("Not a version id").nullish(),
  // Checked against the target version's new required inputs by the use case (scaffold validation).
  inputs: z.record(z.string().max(200), z.unknown()).optional(),
  references: z.array(z.string().max(500)).max(200).optional(),
  skipInputs: z.boolean().optional(),
});

// "Open upgrade PR" on a unit or a notice: members of the unit's workload and admins (checked by the use case).
export const openUpgradePullRequestAction = defineAction({ input: upgradeInput, require: { role: "builder" } }, async ({ input, viewer }): Promise<UpgradeActionResult> => {
  const outcome = await openUpgradePullRequest(getEstateDeps(), getScaffoldDeps(), viewer, input);
  if (outcome.status === "inputs_required") {
    const formUrl = `/workloads/${encodeURIComponent(outcome.workload.slug)}/upgrade?${new URLSearchParams({ unit: input.consumptionId, ...(input.toVersionId ? { version: input.toVersionId } : {}) }).toString()}`;
    return { status: outcome.status, prUrl: null, to: outcome.to, actions: 0, requiredInputs: outcome.requiredInputs, formUrl };
  }
  return { status: outcome.status, prUrl: outcome.pullRequest.prUrl, to: outcome.to, actions: outcome.actions.length, requiredInputs: [], formUrl: null };
});

// "Open upgrade PRs" for several units of one module (or "Upgrade dev first"): one PR per unit; every unit's workload must be the viewer's (or they are an admin).
export const openUpgradePullRequestsAction = defineAction(
  {
    input: z.object({ consumptionIds: z.array(z.uuid("Not a unit id")).max(200, "Select fewer units"), toVersionId: z.uuid("Not a version id").nullish(), onlyEnv: z.enum(["dev", "stage", "prod"]).nullish() }),
    require: { role: "builder" },
  },
  async ({ input, viewer }) => openUpgradePullRequests(getEstateDeps(), getScaffoldDeps(), viewer, input),
);

// Marks the viewer's own read state; nothing else changes.
export const markNoticesReadAction = defineAction(
  { input: z.object({ noticeIds: z.array(z.uuid("Not a notice id")).min(1).max(500) }), require: { role: "builder" } },
  async ({ input, viewer }) => {
    await markNoticesRead(getEstateDeps(), viewer, input.noticeIds);
    return { marked: input.noticeIds.length };
  },
);
