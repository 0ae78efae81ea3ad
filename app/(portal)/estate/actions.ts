"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getEstateDeps, markNoticesRead, openUpgradePullRequest, setWorkloadNoticeIssues } from "@/lib/estate";
import { defineAction } from "@/lib/platform/http/define-action";
import { getScaffoldDeps } from "@/lib/scaffold";

// "Open upgrade PR" on a unit or a notice: members of the unit's workload and admins (checked by the use case).
export const openUpgradePullRequestAction = defineAction(
  { input: z.object({ consumptionId: z.uuid("Not a unit id"), toVersionId: z.uuid().nullish() }), require: { role: "builder" } },
  async ({ input, viewer }) => {
    const outcome = await openUpgradePullRequest(getEstateDeps(), getScaffoldDeps(), viewer, input);
    return { prUrl: outcome.pullRequest.prUrl, to: outcome.to, actions: outcome.actions.length };
  },
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
