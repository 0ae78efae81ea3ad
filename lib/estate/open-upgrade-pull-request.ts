import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import type { ChangelogEntry } from "@/lib/modules/changelog";
import { compareSemver } from "@/lib/modules/semver";
import { openPreparedPullRequest, type ScaffoldDeps, type ScaffoldOutcome } from "@/lib/scaffold";
import { assertCanChangeWorkload } from "@/lib/workloads";
import { buildUpgradePlan, type InputAction } from "./core/build-upgrade-plan";
import { findModuleReferences } from "./core/find-module-references";
import type { EstateDeps, UpgradeCandidate } from "./ports";

export interface UpgradeOutcome {
  pullRequest: ScaffoldOutcome;
  from: string;
  to: string;
  /** Input changes the PR body lists for the user to make. */
  actions: InputAction[];
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

/**
 * "Open upgrade PR" on a unit (or its notice): bumps the unit's `?ref=` (or registry `version`) in
 * place to the notice's target (or `toVersionId`, or the newest supported version), every other
 * byte unchanged, with a body carrying the changelog between the versions, the input and output
 * diff, the due date and a link to the notice. Delivered through the scaffold's checkpointed PR
 * delivery; one PR per unit and target version, whoever asks. Its merge records the new
 * consumption and the next reconcile resolves the notice.
 */
export async function openUpgradePullRequest(
  deps: EstateDeps,
  scaffold: ScaffoldDeps,
  viewer: Viewer,
  input: { consumptionId: string; toVersionId?: string | null },
): Promise<UpgradeOutcome> {
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

  const [target] = await deps.store.listScanTargets({ workloadId: consumption.workloadId });
  if (!target) throw new AppError("CONFLICT", `${consumption.workload.name} has no consumer repo linked`);
  const head = await deps.repos.readHead(target.repo);
  const listing = await deps.repos.listFiles(target.repo, { commit: head.sha, extensions: [".tf", ".hcl"] });
  const read = await deps.repos.readFiles(target.repo, { commit: head.sha, paths: listing.paths });
  const found = await findModuleReferences(read.files, { registryHosts: deps.config.registryHosts, envs: deps.config.envs });
  const reference = found.references.find((r) => r.file === consumption.file && r.address === consumption.address);
  const file = read.files.find((f) => f.path === consumption.file);
  if (!reference || !file) throw new AppError("CONFLICT", `${consumption.file} changed on ${head.defaultBranch} since the last scan; it is being rescanned`);

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
  });
  if (!plan.changed) throw new AppError("CONFLICT", `${consumption.file} already uses ${to.version}`);

  const pullRequest = await openPreparedPullRequest(scaffold, viewer, {
    idempotencyKey: `upgrade:${consumption.workloadId}:${consumption.file}#${consumption.address}:${to.id}`,
    kind: "update",
    workload: consumption.workload,
    moduleVersionId: to.id,
    env: consumption.env ?? "",
    region: consumption.region ?? "",
    unitName: unitNameOf(consumption.unitPath, consumption.file),
    unitPath: consumption.file,
    files: [{ path: consumption.file, content: plan.content }],
    title: plan.title,
    body: plan.body,
  });
  return { pullRequest, from: from.version, to: to.version, actions: plan.actions };
}
