import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import type { ChangelogEntry } from "@/lib/modules/changelog";
import { compareSemver } from "@/lib/modules/semver";
import { buildFormModel, openPreparedPullRequest, resumePreparedPullRequest, validateInputs, type FormModel, type ScaffoldDeps, type ScaffoldOutcome } from "@/lib/scaffold";
import type { InputValue } from "@/lib/hcl";
import { assertCanChangeWorkload } from "@/lib/workloads";
import { buildUpgradePlan, expressionStyleOf, type InputAction, type UpgradePlan } from "./core/build-upgrade-plan";
import { findModuleReferences, type ModuleReference, type RepoFile } from "./core/find-module-references";
import { upgradeKey } from "./core/upgrade-key";
import type { ConsumptionRecord, EstateDeps, NoticeRecord, UpgradeCandidate } from "./ports";

export interface OpenUpgradeInput {
  consumptionId: string;
  toVersionId?: string | null;
  /**
   * Values for the target version's new required inputs, as the scaffold form submits them
   * (typed JSON, `{ __expr }` only at `references` paths); validated like a scaffold's inputs.
   */
  inputs?: Record<string, unknown>;
  references?: string[];
  /** Open the PR without the new required inputs (an included config sets them); the body lists them. */
  skipInputs?: boolean;
}

/** The PR is open (just now, or already: one per unit and target version, whoever asked first). */
export interface UpgradeOutcome {
  status: "opened" | "already_open";
  pullRequest: ScaffoldOutcome;
  from: string;
  to: string;
  /** Input changes the PR body lists for the user to make. */
  actions: InputAction[];
  /** Inputs the PR writes with values given in the portal. */
  filledInputs: string[];
}

/** The target version requires inputs the unit does not set: nothing is opened until they are filled in (or skipped). */
export interface UpgradeNeedsInputs {
  status: "inputs_required";
  workload: { slug: string };
  from: string;
  to: string;
  toVersionId: string;
  requiredInputs: string[];
}

export type OpenUpgradeResult = UpgradeOutcome | UpgradeNeedsInputs;

/** What the upgrade buttons and the inputs form show: the PR, or where to fill in the new required inputs first. */
export interface UpgradeSummary {
  status: OpenUpgradeResult["status"];
  prUrl: string | null;
  to: string;
  /** Input changes left to make by hand, listed in the PR body. */
  actions: number;
  requiredInputs: string[];
  /** The portal page with the form for the new required inputs, when they are needed. */
  formUrl: string | null;
}

/** The page that asks for an upgrade's new required inputs. */
export function upgradeFormPath(workloadSlug: string, consumptionId: string, toVersionId?: string | null): string {
  return `/workloads/${encodeURIComponent(workloadSlug)}/upgrade?${new URLSearchParams({ unit: consumptionId, ...(toVersionId ? { version: toVersionId } : {}) }).toString()}`;
}

/** An upgrade's outcome as the screens show it. */
export function summarizeUpgrade(outcome: OpenUpgradeResult, consumptionId: string): UpgradeSummary {
  if (outcome.status === "inputs_required") {
    return { status: outcome.status, prUrl: null, to: outcome.to, actions: 0, requiredInputs: outcome.requiredInputs, formUrl: upgradeFormPath(outcome.workload.slug, consumptionId, outcome.toVersionId) };
  }
  return { status: outcome.status, prUrl: outcome.pullRequest.prUrl, to: outcome.to, actions: outcome.actions.length, requiredInputs: [], formUrl: null };
}

/** A branch-safe unit name from the unit's folder: letters, digits, dot, dash and underscore only. */
export function unitNameOf(unitPath: string, file: string): string {
  const base = unitPath.split("/").filter(Boolean).at(-1) ?? file.replace(/\.[^.]+$/, "");
  // Git refuses ".." in a ref name; runs of dashes are collapsed for readability.
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/\.{2,}/g, ".").replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 40);
  return safe || "unit";
}

/** The changelog sections after `from` up to `to`, newest first, from each version's stored section. */
export function changelogBetween(versions: readonly UpgradeCandidate[], from: string, to: string): ChangelogEntry[] {
  return versions
    .filter((v) => compareSemver(v.version, from) > 0 && compareSemver(v.version, to) <= 0 && v.docs?.changelog)
    .sort((a, b) => compareSemver(b.version, a.version))
    .map((v) => {
      const markdown = v.docs!.changelog!.trim();
      const heading = (markdown.split("\n")[0] ?? v.version).replace(/^#+\s*/, "");
      return { version: v.version, heading, markdown };
    });
}

type UnitConsumption = ConsumptionRecord & { workload: { id: string; slug: string; name: string } };

interface UpgradeTarget {
  consumption: UnitConsumption;
  catalogue: { name: string; versions: UpgradeCandidate[] };
  from: UpgradeCandidate;
  to: UpgradeCandidate;
  notice: NoticeRecord | null;
}

/** The unit, the viewer's right to change it, and the version it goes to: `toVersionId`, else the notice's target, else the newest supported. */
async function resolveUpgradeTarget(deps: EstateDeps, viewer: Viewer, input: Pick<OpenUpgradeInput, "consumptionId" | "toVersionId">): Promise<UpgradeTarget> {
  const consumption = await deps.store.getConsumption(input.consumptionId);
  if (!consumption) throw new AppError("NOT_FOUND", "There is no such unit in the estate");
  assertCanChangeWorkload(viewer, consumption.workload);
  if (consumption.endedAt) throw new AppError("CONFLICT", `${consumption.file} no longer uses this module version; the estate shows its current one`);
  if (!consumption.moduleId || !consumption.moduleVersionId) throw new AppError("CONFLICT", `${consumption.file} does not use a catalogue module version, so there is nothing to upgrade`);
  const catalogue = await deps.store.listUpgradeVersions(consumption.moduleId);
  const from = catalogue?.versions.find((v) => v.id === consumption.moduleVersionId);
  if (!catalogue || !from) throw new AppError("NOT_FOUND", "The unit's module version is no longer in the catalogue");
  const notice = (await deps.store.findOpenNotices([consumption.id])).get(consumption.id) ?? null;

  const supported = catalogue.versions.filter((v) => v.status === "active" && compareSemver(v.version, from.version) > 0).sort((a, b) => compareSemver(b.version, a.version));
  const to = input.toVersionId
    ? supported.find((v) => v.id === input.toVersionId)
    : ((notice?.targetVersion ? supported.find((v) => v.version === notice.targetVersion) : undefined) ?? supported[0]);
  if (!to) {
    throw new AppError("INVALID_INPUT", input.toVersionId ? "Pick a supported version newer than the unit's" : `No supported version of ${catalogue.name} is newer than ${from.version}`, {
      fieldErrors: [{ path: "toVersionId", message: "Not a supported newer version" }],
    });
  }
  return { consumption, catalogue, from, to, notice };
}

/** A workload's consumer repo at its default branch's head, read and parsed once. */
interface RepoSnapshot {
  defaultBranch: string;
  files: RepoFile[];
  references: ModuleReference[];
}

/**
 * Snapshots by workload id, shared by the units of one bulk upgrade so that the repo is read and
 * parsed once per batch rather than once per unit (the reader caches files by commit, the parse
 * is the cost). Per call, never kept: the next upgrade reads the head again.
 */
export type RepoSnapshots = Map<string, Promise<RepoSnapshot>>;

async function readRepoSnapshot(deps: EstateDeps, consumption: UnitConsumption): Promise<RepoSnapshot> {
  const [scan] = await deps.store.listScanTargets({ workloadId: consumption.workloadId });
  if (!scan) throw new AppError("CONFLICT", `${consumption.workload.name} has no consumer repo linked`);
  const head = await deps.repos.readHead(scan.repo);
  const listing = await deps.repos.listFiles(scan.repo, { commit: head.sha, extensions: [".tf", ".hcl"] });
  const read = await deps.repos.readFiles(scan.repo, { commit: head.sha, paths: listing.paths });
  const found = await findModuleReferences(read.files, { registryHosts: deps.config.registryHosts, envs: deps.config.envs });
  return { defaultBranch: head.defaultBranch, files: read.files, references: found.references };
}

/** Reads the unit's file at the default branch's head and plans the upgrade (ref bump, new inputs, body). */
async function planUpgrade(deps: EstateDeps, target: UpgradeTarget, newInputs?: Record<string, InputValue>, snapshots?: RepoSnapshots): Promise<{ plan: UpgradePlan; style: "terragrunt" | "terraform" }> {
  const { consumption, catalogue, from, to, notice } = target;
  let snapshot = snapshots?.get(consumption.workloadId);
  if (!snapshot) {
    snapshot = readRepoSnapshot(deps, consumption);
    snapshots?.set(consumption.workloadId, snapshot);
  }
  const { defaultBranch, files, references } = await snapshot;
  const reference = references.find((r) => r.file === consumption.file && r.address === consumption.address);
  const file = files.find((f) => f.path === consumption.file);
  if (!reference || !file) throw new AppError("CONFLICT", `${consumption.file} changed on ${defaultBranch} since the last scan; it is being rescanned`);

  const noticeUrl = notice ? `${deps.config.publicUrl}/inbox?notice=${encodeURIComponent(notice.id)}` : null;
  const plan = await buildUpgradePlan({
    file,
    reference,
    module: { name: catalogue.name },
    workload: consumption.workload.name,
    from: { version: from.version, tag: from.tag, docs: from.docs },
    to: { version: to.version, tag: to.tag, docs: to.docs },
    changelog: changelogBetween(catalogue.versions, from.version, to.version),
    notice: notice && noticeUrl ? { kind: notice.kind, dueAt: notice.dueAt, url: noticeUrl, advisory: notice.advisory } : null,
    newInputs,
  });
  if (!plan.changed) throw new AppError("CONFLICT", `${consumption.file} already uses ${to.version}`);
  return { plan, style: expressionStyleOf(reference) };
}

/** The target version's variables for `names`, in the version's order. */
async function requiredVariables(scaffold: ScaffoldDeps, toVersionId: string, names: readonly string[]) {
  const version = await scaffold.versions.findModuleVersion(toVersionId);
  if (!version) throw new AppError("NOT_FOUND", "The target version is no longer in the catalogue");
  return version.variables.filter((v) => names.includes(v.name));
}

/**
 * "Open upgrade PR" on a unit (or its notice): bumps the unit's `?ref=` (or registry `version`) in
 * place to the notice's target (or `toVersionId`, or the newest supported version), every other
 * byte unchanged, with a body carrying the changelog between the versions, the input and output
 * diff, the due date and a link to the notice. Delivered through the scaffold's checkpointed PR
 * delivery; one PR per unit and target version, whoever asks (a second ask answers
 * `already_open` without reading the repo again). Its merge records the new consumption and the
 * next reconcile resolves the notice.
 *
 * When the target version requires inputs the unit does not set, nothing is opened: the answer is
 * `inputs_required` with their names, and the caller offers the scaffold form. Their values come
 * back in `inputs`, are validated like a scaffold's (types, conditions, the expression allowlist)
 * against those variables only, and are written into the unit's inputs in place.
 */
export async function openUpgradePullRequest(deps: EstateDeps, scaffold: ScaffoldDeps, viewer: Viewer, input: OpenUpgradeInput, options: { snapshots?: RepoSnapshots } = {}): Promise<OpenUpgradeResult> {
  const target = await resolveUpgradeTarget(deps, viewer, input);
  const { consumption, from, to } = target;
  const idempotencyKey = upgradeKey(consumption, to.id);
  const existing = await resumePreparedPullRequest(scaffold, viewer, { idempotencyKey, workloadId: consumption.workloadId });
  if (existing) return { status: "already_open", pullRequest: existing, from: from.version, to: to.version, actions: [], filledInputs: [] };

  const given = input.inputs && Object.keys(input.inputs).length > 0 ? input.inputs : null;
  let { plan, style } = await planUpgrade(deps, target, undefined, options.snapshots);
  let written: Record<string, InputValue> | undefined;
  if (given) {
    if (plan.requiredInputs.length === 0) {
      throw new AppError("INVALID_INPUT", `${to.version} requires no new inputs of ${consumption.file}: open the upgrade without any`, { fieldErrors: [{ path: "inputs", message: "No new required inputs" }] });
    }
    // Only the new required inputs, validated as the scaffold validates them; any other name is refused.
    const variables = await requiredVariables(scaffold, to.id, plan.requiredInputs);
    const validation = await validateInputs(variables, given, { expressions: { style, referencePaths: new Set(input.references ?? []) } });
    if (!validation.ok) throw new AppError("INVALID_INPUT", "Some inputs need fixing", { fieldErrors: validation.errors });
    written = validation.inputs;
    ({ plan, style } = await planUpgrade(deps, target, written, options.snapshots));
  }
  if (plan.requiredInputs.length > 0 && plan.inputsWritable && !input.skipInputs) {
    return { status: "inputs_required", workload: { slug: consumption.workload.slug }, from: from.version, to: to.version, toVersionId: to.id, requiredInputs: plan.requiredInputs };
  }

  const pullRequest = await openPreparedPullRequest(scaffold, viewer, {
    idempotencyKey,
    kind: "update",
    workload: consumption.workload,
    moduleVersionId: to.id,
    env: consumption.env ?? "",
    region: consumption.region ?? "",
    unitName: unitNameOf(consumption.unitPath, consumption.file),
    unitPath: consumption.file,
    files: [{ path: consumption.file, content: plan.content }],
    inputs: written,
    title: plan.title,
    body: plan.body,
  });
  return { status: "opened", pullRequest, from: from.version, to: to.version, actions: plan.actions, filledInputs: plan.filledInputs };
}

/** What the "new required inputs" page shows before the upgrade PR opens. */
export interface UpgradeForm {
  consumptionId: string;
  workload: { slug: string; name: string };
  file: string;
  unitPath: string;
  env: string | null;
  module: string;
  from: string;
  to: string;
  toVersionId: string;
  /** The unit's open notice's due date, if any. */
  dueAt: Date | null;
  /** The PR, when one is already open for this unit and version: nothing to fill in then. */
  existing: ScaffoldOutcome | null;
  requiredInputs: string[];
  /** False when the unit's inputs are an expression: the PR then lists the new inputs to add by hand. */
  inputsWritable: boolean;
  /** The scaffold form for only the new required inputs. */
  form: FormModel;
  /** Other input changes the PR body will list. */
  actions: InputAction[];
  style: "terragrunt" | "terraform";
}

/** The form for an upgrade's new required inputs: the scaffold's form model for only those variables of the target version. */
export async function getUpgradeForm(deps: EstateDeps, scaffold: ScaffoldDeps, viewer: Viewer, input: Pick<OpenUpgradeInput, "consumptionId" | "toVersionId">): Promise<UpgradeForm> {
  const target = await resolveUpgradeTarget(deps, viewer, input);
  const { consumption, catalogue, from, to, notice } = target;
  const base = {
    consumptionId: consumption.id,
    workload: { slug: consumption.workload.slug, name: consumption.workload.name },
    file: consumption.file,
    unitPath: consumption.unitPath,
    env: consumption.env,
    module: catalogue.name,
    from: from.version,
    to: to.version,
    toVersionId: to.id,
    dueAt: notice?.dueAt ?? null,
  };
  const existing = await resumePreparedPullRequest(scaffold, viewer, { idempotencyKey: upgradeKey(consumption, to.id), workloadId: consumption.workloadId });
  if (existing) return { ...base, existing, requiredInputs: [], inputsWritable: true, form: buildFormModel([]), actions: [], style: "terragrunt" };
  const { plan, style } = await planUpgrade(deps, target);
  const variables = plan.requiredInputs.length > 0 ? await requiredVariables(scaffold, to.id, plan.requiredInputs) : [];
  return { ...base, existing: null, requiredInputs: plan.requiredInputs, inputsWritable: plan.inputsWritable, form: buildFormModel(variables), actions: plan.actions, style };
}
