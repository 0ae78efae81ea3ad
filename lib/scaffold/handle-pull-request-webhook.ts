import { z } from "zod";
import { systemActor, type AuditActor } from "@/lib/platform/audit";
import type { VerifiedWebhook } from "@/lib/platform/github/verify-webhook";
import { readUnit } from "@/lib/hcl";
import type { ScaffoldDeps, ScaffoldRecord } from "./ports";

const pullRequestEventSchema = z.object({
  action: z.string(),
  repository: z.object({ full_name: z.string() }),
  pull_request: z.object({
    number: z.number().int(),
    merged: z.boolean().nullable().optional(),
    merge_commit_sha: z.string().nullable().optional(),
    head: z.object({ ref: z.string() }),
  }),
});

async function unitSource(record: ScaffoldRecord): Promise<string> {
  const file = record.files.find((f) => f.path === record.unitPath) ?? record.files[0];
  const unit = file ? await readUnit(file.content).catch(() => null) : null;
  const source = record.style === "terraform" ? unit?.modules[0]?.source : unit?.source;
  return source ?? `${record.moduleVersion.module.source.owner}/${record.moduleVersion.module.source.repo}//${record.moduleVersion.module.path}`;
}

/**
 * Records what became of a request's PR, exactly once: merged → `merged` and the consumption
 * (merge commit) in the same transaction; closed without merging → `closed`. A request already
 * merged or closed is left alone. Shared by the `pull_request` webhook and the reconcile job, so a
 * merge recorded from a lost webhook is indistinguishable from one the webhook recorded.
 */
export async function recordPullRequestOutcome(
  deps: ScaffoldDeps,
  record: ScaffoldRecord,
  outcome: { merged: boolean; mergeCommitSha: string | null },
  actor: AuditActor,
): Promise<string> {
  if (record.state === "merged" || record.state === "closed") return `scaffold ${record.id} already ${record.state}`;
  if (outcome.merged && outcome.mergeCommitSha) {
    await deps.store.markMerged(
      record.id,
      {
        mergeCommitSha: outcome.mergeCommitSha,
        consumption: {
          env: record.env,
          region: record.region,
          unitPath: record.unitPath,
          moduleVersionId: record.moduleVersion.id,
          source: await unitSource(record),
          ref: record.moduleVersion.tag,
          commitSha: outcome.mergeCommitSha,
        },
      },
      actor,
    );
    return `scaffold ${record.id} merged`;
  }
  await deps.store.markClosed(record.id, actor);
  return `scaffold ${record.id} closed`;
}

/**
 * `pull_request` webhooks (already verified on the raw body): a scaffold PR that merged or
 * closed is recorded by `recordPullRequestOutcome`. Redeliveries change nothing. PRs that are
 * not ours → null.
 */
export async function handlePullRequestWebhook(deps: ScaffoldDeps, event: VerifiedWebhook): Promise<string | null> {
  if (event.name !== "pull_request") return null;
  const parsed = pullRequestEventSchema.safeParse(event.payload);
  if (!parsed.success || parsed.data.action !== "closed") return null;
  const { repository, pull_request: pull } = parsed.data;
  const [owner, repo] = repository.full_name.split("/");
  if (!owner || !repo) return null;
  const record = await deps.store.findScaffoldByPull({ repo: { owner, repo }, number: pull.number, branch: pull.head.ref.startsWith("bulkhead/") ? pull.head.ref : null });
  if (!record) return null;
  return recordPullRequestOutcome(deps, record, { merged: pull.merged === true, mergeCommitSha: pull.merge_commit_sha ?? null }, systemActor("github-webhook"));
}
