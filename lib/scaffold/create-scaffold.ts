import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { buildScaffoldPlan } from "./build-scaffold-plan";
import { deliverScaffold } from "./deliver-scaffold";
import { assertCanChangeWorkload, viewerActor } from "@/lib/workloads";
import { buildBranchName } from "./core/build-branch-name";
import type { ScaffoldDeps, ScaffoldRecord } from "./ports";
import { createScaffoldInputSchema, type CreateScaffoldInput } from "./scaffold-input";
import { toScaffoldOutcome, type ScaffoldOutcome } from "./scaffold-view";

/**
 * Stores a scaffold request (state draft, files exactly as previewed, branch fixed from its id)
 * with its audit event before any write to GitHub, then delivers it as a pull request and
 * answers with the outcome (`pr_open` or `failed`). The idempotency key makes a double submit
 * or a retried POST return the same request, resuming its delivery if it is not done; it never
 * opens a second PR.
 */
export async function createScaffold(deps: ScaffoldDeps, viewer: Viewer, rawInput: CreateScaffoldInput): Promise<ScaffoldOutcome> {
  const input = createScaffoldInputSchema.parse(rawInput);
  const actor = viewerActor(viewer);

  const existing = await deps.store.findScaffoldByKey(input.idempotencyKey);
  if (existing) return resume(deps, viewer, existing);

  const plan = await buildScaffoldPlan(deps, viewer, input);
  if (!plan.ok) throw new AppError("INVALID_INPUT", "Some inputs need fixing", { fieldErrors: plan.fieldErrors });
  const file = plan.files[0]!;
  if (plan.collision && input.mode !== "update") {
    throw new AppError("CONFLICT", `A unit already exists at ${plan.collision.unitPath}: update it, or choose another unit name.`, {
      fieldErrors: [{ path: "unitName", message: "A unit with this name already exists in this region" }],
    });
  }
  if (file.before === file.content) {
    throw new AppError("CONFLICT", `${file.path} already has exactly this content: there is nothing to change.`);
  }

  const { record, created } = await deps.store.createScaffold(
    {
      idempotencyKey: input.idempotencyKey,
      kind: plan.collision ? "update" : "create",
      workloadId: plan.workload.id,
      moduleVersionId: plan.version.id,
      env: input.env,
      region: input.region,
      unitName: input.unitName,
      unitPath: plan.unitPath,
      style: input.style,
      inputs: plan.inputs,
      files: plan.files.map(({ path, content }) => ({ path, content })),
      promotedFromId: null,
      requestedById: viewer.id,
      requestedByName: viewer.name,
      branchFor: (id) => buildBranchName({ unitName: input.unitName, env: input.env, id }),
      vulnerabilityAcknowledgement: plan.vulnerabilityAcknowledgement,
    },
    actor,
  );
  if (!created) return resume(deps, viewer, record);
  return toScaffoldOutcome(await deliverScaffold(deps, { id: record.id, actor }));
}

async function resume(deps: ScaffoldDeps, viewer: Viewer, request: ScaffoldRecord): Promise<ScaffoldOutcome> {
  // Idempotency keys are per person: someone else's key must not reveal or drive their request.
  if (request.requestedById !== viewer.id) throw new AppError("CONFLICT", "This idempotency key belongs to another request: generate a new one.");
  // Membership may have been revoked since the request was made.
  assertCanChangeWorkload(viewer, request.workload);
  return toScaffoldOutcome(await deliverScaffold(deps, { id: request.id, actor: viewerActor(viewer) }));
}
