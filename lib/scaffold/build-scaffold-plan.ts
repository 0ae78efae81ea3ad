import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { readUnit, type InputValue } from "@/lib/hcl";
import { assertCanChangeWorkload, consumerRepoOf, sourceKey, type RepoRef, type WorkloadRecord } from "@/lib/workloads";
import { buildUnifiedDiff } from "./core/build-unified-diff";
import { checkDependencyUses } from "./core/check-dependency-uses";
import { buildUnitPath, checkFolderName, checkUnitName, findUnitCollision, unitFilePath } from "./core/derive-unit-path";
import type { VulnerabilityAcknowledgement } from "./core/decide-vulnerable-version";
import { validateInputs, type ConditionNote } from "./core/validate-inputs";
import { checkVulnerableVersion } from "./check-vulnerable-version";
import type { ModuleVersionRecord, ScaffoldDeps } from "./ports";
import { renderUnitFile } from "./render-unit-file";
import type { ScaffoldInput } from "./scaffold-input";

export interface PreviewFile {
  path: string;
  content: string;
  /** The file on the default branch now, or null when it is new. */
  before: string | null;
  /** Unified diff of before → content ("" when identical). */
  diff: string;
}

export interface UnitCollision {
  unitPath: string;
  source: string | null;
  ref: string | null;
}

export type ScaffoldPlan =
  | {
      ok: true;
      workload: WorkloadRecord;
      version: ModuleVersionRecord;
      repo: RepoRef;
      head: { defaultBranch: string; sha: string };
      unitPath: string;
      /** Validated inputs, defaults left out: what the file sets. */
      inputs: Record<string, InputValue>;
      files: PreviewFile[];
      collision: UnitCollision | null;
      notes: ConditionNote[];
      /** The confirmation to audit with the request, when the version is vulnerable. */
      vulnerabilityAcknowledgement: VulnerabilityAcknowledgement | null;
    }
  | { ok: false; fieldErrors: FieldError[] };

async function loadWorkloadAndVersion(deps: ScaffoldDeps, options: { workload: string; moduleVersionId: string }) {
  const [workload, version] = await Promise.all([deps.workloads.store.findWorkload(options.workload), deps.versions.findModuleVersion(options.moduleVersionId)]);
  if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${options.workload}"`);
  if (!version) throw new AppError("NOT_FOUND", "That module version is not in the catalogue");
  return { workload, version };
}

/**
 * Everything a scaffold would write, computed without writing: validates the inputs against
 * the version's variables, renders the unit, reads what is in the repo now, and diffs.
 */
export async function buildScaffoldPlan(deps: ScaffoldDeps, viewer: Viewer, input: ScaffoldInput): Promise<ScaffoldPlan> {
  const { workload, version } = await loadWorkloadAndVersion(deps, input);
  assertCanChangeWorkload(viewer, workload);
  // A vulnerable version is refused before anything else is read: the preview does not show
  // files that could not be created.
  const vulnerabilityAcknowledgement = checkVulnerableVersion(version, { env: input.env, acknowledged: input.acknowledgeVulnerability, viewer });
  const repo = consumerRepoOf(workload);

  const fieldErrors: FieldError[] = [];
  const unitProblem = checkUnitName(input.unitName);
  if (unitProblem) fieldErrors.push({ path: "unitName", message: unitProblem });
  const regionProblem = checkFolderName(input.region);
  if (regionProblem) fieldErrors.push({ path: "region", message: regionProblem });
  if (version.status === "withdrawn") {
    fieldErrors.push({ path: "moduleVersionId", message: `${version.module.name} ${version.version} is withdrawn${version.statusReason ? `: ${version.statusReason}` : ""}. Pick another version.` });
  }
  const validation = await validateInputs(version.variables, input.values, { expressions: { style: input.style, referencePaths: new Set(input.references ?? []) } });
  if (!validation.ok) fieldErrors.push(...validation.errors);
  if (fieldErrors.length > 0) return { ok: false, fieldErrors };
  if (!validation.ok) throw new Error("unreachable");

  const head = await deps.workloads.repos.readHead(repo);
  const regionFolder = `${input.env}/${input.region}/`;
  const existing = await deps.workloads.repos.listFiles(repo, { ref: head.sha, prefixes: [regionFolder] });
  if (input.style === "terragrunt" && !existing.includes(`${regionFolder}region.hcl`)) {
    return { ok: false, fieldErrors: [{ path: "region", message: `${workload.consumerRepo} has no ${regionFolder}region.hcl: pick a region the repo has, or add it first` }] };
  }
  const unitPath = unitFilePath({ ...input });
  const collidingPath = findUnitCollision(buildUnitPath({ env: input.env, region: input.region, unit: input.unitName }), existing);
  const before = collidingPath ? await deps.workloads.repos.readFile(repo, { ref: head.sha, path: unitPath }) : null;
  let collision: UnitCollision | null = null;
  const unit = before !== null ? await readUnit(before).catch(() => null) : null;
  const dependencyErrors = checkDependencyUses({
    uses: validation.dependencies,
    regionFolder,
    files: existing,
    unitName: input.unitName,
    declared: unit?.dependencies.map((d) => d.name) ?? [],
  });
  if (dependencyErrors.length > 0) return { ok: false, fieldErrors: dependencyErrors };
  if (collidingPath) {
    const source = unit ? (input.style === "terraform" ? (unit.modules[0]?.source ?? null) : unit.source) : null;
    collision = { unitPath: before !== null ? unitPath : collidingPath, source, ref: sourceKey(source)?.ref ?? null };
  }

  const content = await renderUnitFile({ version, style: input.style, unitName: input.unitName, inputs: validation.inputs, gitUrl: deps.config.gitUrl, before });
  return {
    ok: true,
    workload,
    version,
    repo,
    head,
    unitPath,
    inputs: validation.inputs,
    files: [{ path: unitPath, content, before, diff: buildUnifiedDiff({ path: unitPath, before, after: content }) }],
    collision,
    notes: validation.notes,
    vulnerabilityAcknowledgement,
  };
}
