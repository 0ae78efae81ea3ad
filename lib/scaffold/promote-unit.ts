import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { bumpSourceRef, isDeepEqual } from "@/lib/hcl";
import { assertCanChangeWorkload, viewerActor } from "@/lib/workloads";
import { buildBranchName } from "./core/build-branch-name";
import { buildUnifiedDiff } from "./core/build-unified-diff";
import { checkDependencyUses } from "./core/check-dependency-uses";
import { buildUnitPath } from "./core/derive-unit-path";
import { checkVulnerableVersion } from "./check-vulnerable-version";
import { validateInputs } from "./core/validate-inputs";
import { deliverScaffold } from "./deliver-scaffold";
import type { ScaffoldDeps } from "./ports";
import { readPromotionSource } from "./read-promotion-source";
import { renderUnitFile } from "./render-unit-file";
import { promoteUnitInputSchema, type PromoteUnitInput } from "./scaffold-input";
import { toScaffoldOutcome, type ScaffoldOutcome } from "./scaffold-view";

/** What a promotion would write: the review step of the promotion form shows it before the PR. */
export interface PromotionPreview {
  /** The unit file in the target env, and its full content. */
  unitPath: string;
  content: string;
  /** The source env's unit, and the diff from its file to the new one (`--- a/<source>` `+++ b/<target>`). */
  sourcePath: string;
  diffFromSource: string;
  /** The file already at the target path (replaced only when asked), and the diff from it; null when there is none. */
  existing: { diff: string } | null;
  version: string;
}

/**
 * Opens a PR that copies a unit to the next environment's folder (dev → stage → prod).
 * Unchanged, the file is copied byte for byte; another version of the same module only bumps
 * `?ref=`; changed inputs are validated against that version and the unit re-rendered.
 * Idempotent on the key, and delivered like any scaffold (kind "promote").
 */
export async function promoteUnit(deps: ScaffoldDeps, viewer: Viewer, rawInput: PromoteUnitInput): Promise<ScaffoldOutcome> {
  return (await runPromotion(deps, viewer, rawInput, "create")) as ScaffoldOutcome;
}

/**
 * The file {@link promoteUnit} would write for the same input, with its diff against the source
 * env's file, after the same checks; nothing is written. The idempotency key is not looked at.
 */
export async function previewPromotion(deps: ScaffoldDeps, viewer: Viewer, rawInput: PromoteUnitInput): Promise<PromotionPreview> {
  return (await runPromotion(deps, viewer, rawInput, "preview")) as PromotionPreview;
}

async function runPromotion(deps: ScaffoldDeps, viewer: Viewer, rawInput: PromoteUnitInput, mode: "create" | "preview"): Promise<ScaffoldOutcome | PromotionPreview> {
  const input = promoteUnitInputSchema.parse(rawInput);
  const actor = viewerActor(viewer);
  const existing = mode === "create" ? await deps.store.findScaffoldByKey(input.idempotencyKey) : null;
  if (existing) {
    if (existing.requestedById !== viewer.id) throw new AppError("CONFLICT", "This idempotency key belongs to another request: generate a new one.");
    assertCanChangeWorkload(viewer, existing.workload);
    return toScaffoldOutcome(await deliverScaffold(deps, { id: existing.id, actor }));
  }

  const from = await readPromotionSource(deps, viewer, input);
  if (input.toEnv !== from.toEnv) {
    throw new AppError("INVALID_INPUT", `A unit in ${from.env} is promoted to ${from.toEnv}, not ${input.toEnv}.`, { fieldErrors: [{ path: "toEnv", message: `Promote to ${from.toEnv}` }] });
  }
  const versionId = input.moduleVersionId ?? from.match?.moduleVersionId;
  if (!versionId || !from.match) {
    throw new AppError("INVALID_INPUT", `${from.unitPath} does not use a catalogue module version (${from.source ?? "no source"}): copy it by hand.`);
  }
  const version = await deps.versions.findModuleVersion(versionId);
  if (!version || version.module.id !== from.match.moduleId) {
    throw new AppError("INVALID_INPUT", `Pick a version of ${from.match.name}`, { fieldErrors: [{ path: "moduleVersionId", message: `Not a version of ${from.match.name}` }] });
  }
  if (version.status === "withdrawn") {
    throw new AppError("INVALID_INPUT", `${version.module.name} ${version.version} is withdrawn: pick another version.`, { fieldErrors: [{ path: "moduleVersionId", message: "Withdrawn" }] });
  }
  // Promoting a unit of a vulnerable version spreads it: the same confirmation, and prod for admins only.
  const vulnerabilityAcknowledgement = checkVulnerableVersion(version, { env: input.toEnv, acknowledged: input.acknowledgeVulnerability, viewer });

  const region = input.region ?? from.region;
  const unitPath = buildUnitPath({ env: input.toEnv, region, unit: from.unitName });
  const targetFolder = `${input.toEnv}/${region}/`;
  const targetFiles = await deps.workloads.repos.listFiles(from.repo, { ref: from.head.sha, prefixes: [targetFolder] });
  if (!targetFiles.includes(`${targetFolder}region.hcl`)) {
    throw new AppError("INVALID_INPUT", `${from.workload.consumerRepo} has no ${targetFolder}region.hcl`, { fieldErrors: [{ path: "region", message: `No ${targetFolder}region.hcl in the repo` }] });
  }
  const inputsChanged = input.inputs !== undefined && !isDeepEqual(input.inputs, from.inputs);
  // Unchanged inputs are the repo's own file, copied byte for byte: its expressions are not ours to judge.
  const validation = await validateInputs(version.variables, inputsChanged ? input.inputs! : from.inputs, {
    expressions: inputsChanged ? { style: "terragrunt", referencePaths: new Set(input.references ?? []) } : { style: "terragrunt", referencePaths: new Set(), origin: "copied" },
  });
  if (!validation.ok) throw new AppError("INVALID_INPUT", "Some inputs need fixing for this environment", { fieldErrors: validation.errors });
  const dependencyErrors = checkDependencyUses({ uses: validation.dependencies, regionFolder: targetFolder, files: targetFiles, unitName: from.unitName, declared: from.dependencies });
  if (dependencyErrors.length > 0) throw new AppError("INVALID_INPUT", "Some inputs read units that are not there", { fieldErrors: dependencyErrors });

  let content: string;
  if (!inputsChanged) {
    content = version.tag === from.ref ? from.text : (await bumpSourceRef({ text: from.text, newRef: version.tag })).text;
  } else {
    content = await renderUnitFile({ version, style: "terragrunt", unitName: from.unitName, inputs: validation.inputs, gitUrl: deps.config.gitUrl, before: from.text });
  }
  const before = targetFiles.includes(unitPath) ? await deps.workloads.repos.readFile(from.repo, { ref: from.head.sha, path: unitPath }) : null;
  if (before === content) throw new AppError("CONFLICT", `${unitPath} already has exactly this content: there is nothing to promote.`);
  if (before !== null && !input.replaceExisting) {
    throw new AppError("CONFLICT", `${unitPath} already exists in ${input.toEnv}, maybe with ${input.toEnv}-specific inputs. Tick "Replace the existing unit" to overwrite it.`, {
      fieldErrors: [{ path: "replaceExisting", message: `${unitPath} already exists` }],
    });
  }

  if (mode === "preview") {
    return {
      unitPath,
      content,
      sourcePath: from.unitPath,
      diffFromSource: buildUnifiedDiff({ path: unitPath, beforePath: from.unitPath, before: from.text, after: content }),
      existing: before === null ? null : { diff: buildUnifiedDiff({ path: unitPath, before, after: content }) },
      version: version.version,
    };
  }

  const promotedFrom = await deps.store.findLatestMergedScaffold({ workloadId: from.workload.id, unitPath: from.unitPath });
  const { record, created } = await deps.store.createScaffold(
    {
      idempotencyKey: input.idempotencyKey,
      kind: "promote",
      workloadId: from.workload.id,
      moduleVersionId: version.id,
      env: input.toEnv,
      region,
      unitName: from.unitName,
      unitPath,
      style: "terragrunt",
      inputs: inputsChanged ? validation.inputs : from.inputs,
      files: [{ path: unitPath, content }],
      promotedFromId: promotedFrom?.id ?? null,
      requestedById: viewer.id,
      requestedByName: viewer.name,
      steps: { promotedFromPath: from.unitPath },
      branchFor: (id) => buildBranchName({ unitName: from.unitName, env: input.toEnv, id }),
      vulnerabilityAcknowledgement,
    },
    actor,
  );
  if (!created && record.requestedById !== viewer.id) throw new AppError("CONFLICT", "This idempotency key belongs to another request: generate a new one.");
  return toScaffoldOutcome(await deliverScaffold(deps, { id: record.id, actor }));
}
