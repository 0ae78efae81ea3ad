import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { bumpSourceRef, type InputValue, isDeepEqual, parseGitSource, readUnit, renderTerraformModuleBlock, renderTerragruntUnit, type TerragruntDependency } from "@/lib/hcl";
import { buildUnitPath, checkFolderName, checkUnitName, findUnitCollision } from "./core/derive-unit-path";
import type { ScaffoldVariable } from "./core/scaffold-variable";
import { validateInputs, type ConditionNote } from "./core/validate-inputs";
import { buildUnifiedDiff } from "./build-unified-diff";
import type { ModuleVersionRecord, RepoRef, ScaffoldDeps, WorkloadRecord } from "./ports";
import { assertCanScaffoldInto, consumerRepoOf } from "./scaffold-access";
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
    }
  | { ok: false; fieldErrors: FieldError[] };

/** The catalogue's docs inputs are structurally the scaffold's variables. */
export function variablesOf(version: ModuleVersionRecord): ScaffoldVariable[] {
  return version.docs.inputs as ScaffoldVariable[];
}

/** `owner/repo` + folder of a module, for matching sources whatever host or scheme they use. */
export function moduleKey(repo: RepoRef, path: string): string {
  const folder = path.replace(/^\.?\/*|\/+$/g, "").replace(/^\.$/, "");
  return `${repo.owner}/${repo.repo}//${folder}`.toLowerCase();
}

/** The module key of a unit's source string, or null when it is not a git source on owner/repo. */
export function sourceKey(source: string | null): { key: string; ref: string | null; repoUrl: string } | null {
  const parsed = source ? parseGitSource(source) : null;
  if (!parsed?.repoSlug) return null;
  const [owner, repo] = parsed.repoSlug.split("/") as [string, string];
  return { key: moduleKey({ owner, repo }, parsed.path), ref: parsed.ref, repoUrl: parsed.repoUrl };
}

export async function loadWorkloadAndVersion(deps: ScaffoldDeps, options: { workload: string; moduleVersionId: string }) {
  const [workload, version] = await Promise.all([deps.store.findWorkload(options.workload), deps.store.findModuleVersion(options.moduleVersionId)]);
  if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${options.workload}"`);
  if (!version) throw new AppError("NOT_FOUND", "That module version is not in the catalogue");
  return { workload, version };
}

export interface RenderUnitFileOptions {
  version: ModuleVersionRecord;
  style: "terragrunt" | "terraform";
  unitName: string;
  inputs: Record<string, InputValue>;
  gitUrl: string;
  /** The file there now, if any: kept byte-for-byte where only the ref changes. */
  before: string | null;
}

/**
 * The unit file for a module version and inputs. When a unit of the same module already sits
 * there with the same inputs, only `?ref=` is bumped so the file keeps its formatting; otherwise
 * it is rendered fresh, reusing the existing repo URL and dependency blocks.
 */
export async function renderUnitFile(options: RenderUnitFileOptions): Promise<string> {
  const { version } = options;
  const key = moduleKey(version.module.source, version.module.path);
  let repoUrl = `${options.gitUrl.replace(/\/+$/, "")}/${version.module.source.owner}/${version.module.source.repo}.git`;
  let dependencies: TerragruntDependency[] = [];
  if (options.before !== null) {
    const existing = await readUnit(options.before).catch(() => null);
    const block = options.style === "terraform" ? existing?.modules[0] : existing;
    const current = sourceKey(block?.source ?? null);
    if (existing && block && current?.key === key) {
      if (isDeepEqual(block.inputs, options.inputs)) {
        const bumped = await bumpSourceRef({ text: options.before, newRef: version.tag, ...(options.style === "terraform" ? { moduleName: existing.modules[0]?.name } : {}) });
        return bumped.text;
      }
      repoUrl = current.repoUrl;
      dependencies = existing.dependencies.filter((d): d is { name: string; configPath: string } => typeof d.configPath === "string").map((d) => ({ name: d.name, configPath: d.configPath }));
    }
  }
  const source = { repoUrl, path: version.module.path.replace(/^\.$/, ""), ref: version.tag };
  const text =
    options.style === "terraform"
      ? await renderTerraformModuleBlock({ name: options.unitName.replace(/-/g, "_"), source, inputs: options.inputs })
      : await renderTerragruntUnit({ source, inputs: options.inputs, dependencies });
  return text;
}

/** Path of the unit file for a style: Terragrunt `terragrunt.hcl`, plain Terraform `main.tf`. */
export function unitFilePath(options: { env: string; region: string; unitName: string; style: "terragrunt" | "terraform" }): string {
  const path = buildUnitPath({ env: options.env, region: options.region, unit: options.unitName });
  return options.style === "terraform" ? path.replace(/terragrunt\.hcl$/, "main.tf") : path;
}

/**
 * Everything a scaffold would write, computed without writing: validates the inputs against
 * the version's variables, renders the unit, reads what is in the repo now, and diffs.
 */
export async function buildScaffoldPlan(deps: ScaffoldDeps, viewer: Viewer, input: ScaffoldInput): Promise<ScaffoldPlan> {
  const { workload, version } = await loadWorkloadAndVersion(deps, input);
  assertCanScaffoldInto(viewer, workload);
  const repo = consumerRepoOf(workload);

  const fieldErrors: FieldError[] = [];
  const unitProblem = checkUnitName(input.unitName);
  if (unitProblem) fieldErrors.push({ path: "unitName", message: unitProblem });
  const regionProblem = checkFolderName(input.region);
  if (regionProblem) fieldErrors.push({ path: "region", message: regionProblem });
  if (version.status === "withdrawn") {
    fieldErrors.push({ path: "moduleVersionId", message: `${version.module.name} ${version.version} is withdrawn${version.statusReason ? `: ${version.statusReason}` : ""}. Pick another version.` });
  }
  const validation = await validateInputs(variablesOf(version), input.values);
  if (!validation.ok) fieldErrors.push(...validation.errors);
  if (fieldErrors.length > 0) return { ok: false, fieldErrors };
  if (!validation.ok) throw new Error("unreachable");

  const head = await deps.repos.readHead(repo);
  const regionFolder = `${input.env}/${input.region}/`;
  const existing = await deps.repos.listFiles(repo, { ref: head.sha, prefixes: [regionFolder] });
  if (input.style === "terragrunt" && !existing.includes(`${regionFolder}region.hcl`)) {
    return { ok: false, fieldErrors: [{ path: "region", message: `${workload.consumerRepo} has no ${regionFolder}region.hcl: pick a region the repo has, or add it first` }] };
  }
  const unitPath = unitFilePath({ ...input });
  const collidingPath = findUnitCollision(buildUnitPath({ env: input.env, region: input.region, unit: input.unitName }), existing);
  const before = collidingPath ? await deps.repos.readFile(repo, { ref: head.sha, path: unitPath }) : null;
  let collision: UnitCollision | null = null;
  if (collidingPath) {
    const unit = before !== null ? await readUnit(before).catch(() => null) : null;
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
  };
}
