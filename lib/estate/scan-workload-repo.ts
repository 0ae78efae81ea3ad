import { systemActor, type AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import { findModuleReferences, type ModuleReference } from "./core/find-module-references";
import { indexCatalogue, matchReference, type CatalogueIndex } from "./core/match-reference";
import type { ApplyScanResult, ConsumptionInput, EstateDeps, ScanTarget } from "./ports";
import { reconcileNotices, type ReconcileNoticesResult } from "./reconcile-notices";

const EXTENSIONS = [".tf", ".hcl"] as const;

export interface ScanWorkloadRepoResult extends ApplyScanResult {
  workload: string;
  commitSha: string;
  /** Folders with at least one module reference: Terragrunt units and Terraform roots alike. */
  units: number;
  references: number;
  bringYourOwn: number;
  unreadableFiles: string[];
  notices: Pick<ReconcileNoticesResult, "opened" | "updated" | "resolved">;
  /** Milliseconds per phase, for the benchmark's "where the time goes". */
  timings: { read: number; parse: number; apply: number; notices: number };
}

/** A reference as the store records it: its catalogue match, and why no version could be named. */
export function toConsumptionInput(reference: ModuleReference, index: CatalogueIndex, commitSha: string): ConsumptionInput {
  const match = matchReference(reference, index);
  return {
    env: reference.env,
    region: reference.region,
    unitPath: reference.unitPath,
    file: reference.file,
    address: reference.address,
    kind: reference.kind,
    source: reference.resolvedSource ?? reference.source,
    normalizedSource: reference.normalized,
    ref: reference.ref,
    versionConstraint: reference.versionConstraint,
    match: match.kind,
    moduleId: match.kind === "version" || match.kind === "module" ? match.module.id : null,
    moduleVersionId: match.kind === "version" ? match.version.id : null,
    matchProblem: match.kind === "module" ? match.problem : match.kind === "unresolved" ? "unresolved" : null,
    commitSha,
  };
}

/**
 * Scans one workload's consumer repo at the head of its default branch: every module reference
 * (Terragrunt units, `module` blocks in any `.tf` file, git and registry sources) becomes or keeps
 * an open consumption; a reference that is gone ends its consumption; bring-your-own sources are
 * recorded with their source. Then reconciles the notices of the workload's units, so a unit now
 * on a version that satisfies its notice resolves it. Runs as the `estate.scan-repo` job,
 * coalesced per repo.
 */
export async function scanWorkloadRepo(deps: EstateDeps, options: { target: ScanTarget; actor?: AuditActor }): Promise<ScanWorkloadRepoResult> {
  const { target } = options;
  const actor = options.actor ?? systemActor("estate-scan");
  const startedAt = deps.now();
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return Math.round(ms);
  };

  const head = await deps.repos.readHead(target.repo);
  const listing = await deps.repos.listFiles(target.repo, { commit: head.sha, extensions: EXTENSIONS });
  if (listing.truncated) throw new AppError("UPSTREAM_FAILED", `GitHub cut the file list of ${target.repo.owner}/${target.repo.repo} short; the scan would miss units`);
  const read = await deps.repos.readFiles(target.repo, { commit: head.sha, paths: listing.paths });
  const readMs = lap();

  const found = await findModuleReferences(read.files, { registryHosts: deps.config.registryHosts, envs: deps.config.envs });
  const catalogue = await deps.store.listCatalogueModules();
  const index = indexCatalogue(catalogue);
  const references = found.references.filter((r) => r.normalized?.type !== "local").map((r) => toConsumptionInput(r, index, head.sha));
  const unreadableFiles = [...new Set([...found.errors.map((e) => e.file), ...read.skipped.map((s) => s.path)])].sort();
  const parseMs = lap();

  const applied = await deps.store.applyScan({ workloadId: target.workloadId, commitSha: head.sha, startedAt, references, unreadableFiles }, actor);
  const applyMs = lap();

  const notices = await reconcileNotices(deps, { workloadId: target.workloadId, actor, endedConsumptionIds: applied.touchedConsumptionIds });
  return {
    ...applied,
    workload: target.slug,
    commitSha: head.sha,
    units: new Set(references.map((r) => r.unitPath)).size,
    references: references.length,
    bringYourOwn: references.filter((r) => r.match === "bring_your_own").length,
    unreadableFiles,
    notices: { opened: notices.opened, updated: notices.updated, resolved: notices.resolved },
    timings: { read: readMs, parse: parseMs, apply: applyMs, notices: lap() },
  };
}
