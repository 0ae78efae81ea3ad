"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getEstateDeps, markNoticesRead, openUpgradePullRequest, openUpgradePullRequests, setWorkloadNoticeIssues, summarizeUpgrade, type UpgradeSummary } from "@/lib/estate";
import { defineAction } from "@/lib/platform/http/define-action";
import { getScaffoldDeps } from "@/lib/scaffold";

const upgradeInput = z.object({
  consumptionId: z.uuid("Not a unit id"),
  toVersionId: z.uuid("Not a version id").nullish(),
  // Checked against the target version's new required inputs by the use case (scaffold validation).
  inputs: z.record(z.string().max(200), z.unknown()).optional(),
  references: z.array(z.string().max(500)).max(200).optional(),
  skipInputs: z.boolean().optional(),
});

// "Open upgrade PR" on a unit or a notice: members of the unit's workload and admins (checked by the use case).
export const openUpgradePullRequestAction = defineAction({ input: upgradeInput, require: { role: "builder" } }, async ({ input, viewer }): Promise<UpgradeSummary> =>
  summarizeUpgrade(await openUpgradePullRequest(getEstateDeps(), getScaffoldDeps(), viewer, input), input.consumptionId),
);

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

// Whether a workload's notices open GitHub issues: its leads and admins (checked by the use case).
export const setNoticeIssuesAction = defineAction(
  { input: z.object({ workload: z.string().min(1, "Name a workload").max(100), enabled: z.boolean() }), require: (input) => ({ role: "lead", workload: input.workload }) },
  async ({ input, viewer }) => {
    const result = await setWorkloadNoticeIssues(getEstateDeps(), viewer, input);
    revalidatePath(`/workloads/${input.workload}`);
    return { enabled: result.enabled };
  },
);
