import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import type { InputValue } from "@/lib/hcl";
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
  /** Input values the change writes into the unit (an upgrade's new required inputs), kept on the request. */
  inputs?: Record<string, InputValue>;
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
  const existing = await resumePreparedPullRequest(deps, viewer, { idempotencyKey: prepared.idempotencyKey, workloadId: prepared.workload.id });
  if (existing) return existing;
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
      inputs: prepared.inputs ?? {},
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

/**
 * The request already made under `idempotencyKey`, if any: a merged or closed one as it is, one
 * still in delivery resumed after its last checkpoint. Lets a caller answer "already open"
 * without preparing the change again (e.g. a bulk upgrade run a second time).
 */
export async function resumePreparedPullRequest(deps: ScaffoldDeps, viewer: Viewer, options: { idempotencyKey: string; workloadId: string }): Promise<ScaffoldOutcome | null> {
  const existing = await deps.store.findScaffoldByKey(options.idempotencyKey);
  if (!existing) return null;
  if (existing.workload.id !== options.workloadId) throw new AppError("CONFLICT", "This idempotency key belongs to another workload's request.");
  assertCanChangeWorkload(viewer, existing.workload);
  if (existing.state === "merged" || existing.state === "closed" || existing.state === "pr_open") return toScaffoldOutcome(existing);
  return toScaffoldOutcome(await deliverScaffold(deps, { id: existing.id, actor: viewerActor(viewer) }));
}
