import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { assertCanChangeWorkload, viewerActor } from "@/lib/workloads";
import { buildBranchName } from "./core/build-branch-name";
import { deliverScaffold } from "./deliver-scaffold";
import type { FileToCommit, ScaffoldDeps } from "./ports";
import { toScaffoldOutcome, type ScaffoldOutcome } from "./scaffold-view";

/** A change another domain prepared in full: the files, the PR title and body. */
export interface PreparedPullRequest {
  /** One PR per key, whoever asks: e.g. `upgrade:<workload>:<file>#<address>:<version id>`. */
  idempotencyKey: string;
  kind: "update";
  workload: { id: string; slug: string; name: string };
  moduleVersionId: string;
  env: string;
  region: string;
  unitName: string;
  /** The file the PR changes (the consumption a merge records is keyed by it). */
  unitPath: string;
  files: FileToCommit[];
  /** Escaped by the caller (plain text title, inert markdown body). */
  title: string;
  body: string;
}

/**
 * Opens a pull request for a change another domain built (the estate's upgrade PRs), through the
 * scaffold's checkpointed delivery: stored before any GitHub call, resumed after the last
 * checkpoint, one PR per idempotency key. Unlike a scaffold, a key someone else used returns that
 * request (an upgrade of a unit to a version is one PR, whoever clicks), once the viewer may
 * change the workload.
 */
export async function openPreparedPullRequest(deps: ScaffoldDeps, viewer: Viewer, prepared: PreparedPullRequest): Promise<ScaffoldOutcome> {
  assertCanChangeWorkload(viewer, prepared.workload);
  const actor = viewerActor(viewer);
  const existing = await deps.store.findScaffoldByKey(prepared.idempotencyKey);
  if (existing) {
    if (existing.workload.id !== prepared.workload.id) throw new AppError("CONFLICT", "This idempotency key belongs to another workload's request.");
    if (existing.state === "merged" || existing.state === "closed") return toScaffoldOutcome(existing);
    return toScaffoldOutcome(await deliverScaffold(deps, { id: existing.id, actor }));
  }
  const { record } = await deps.store.createScaffold(
    {
      idempotencyKey: prepared.idempotencyKey,
      kind: prepared.kind,
      workloadId: prepared.workload.id,
      moduleVersionId: prepared.moduleVersionId,
      env: prepared.env,
      region: prepared.region,
      unitName: prepared.unitName,
      unitPath: prepared.unitPath,
      style: prepared.unitPath.endsWith(".tf") ? "terraform" : "terragrunt",
      inputs: {},
      files: prepared.files,
      promotedFromId: null,
      // An upgrade's target is never confirmed for the builder: the store refuses a vulnerable one.
      vulnerabilityAcknowledgement: null,
      requestedById: viewer.id,
      requestedByName: viewer.name,
      steps: { pullRequestText: { title: prepared.title, body: prepared.body } },
      branchFor: (id) => buildBranchName({ unitName: prepared.unitName, env: prepared.env, id }),
    },
    actor,
  );
  return toScaffoldOutcome(await deliverScaffold(deps, { id: record.id, actor }));
}
