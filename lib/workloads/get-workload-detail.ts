import { type Viewer } from "@/lib/platform/auth/roles";
import { defaultRoleRules } from "@/lib/platform/auth/role-mapping";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/platform/logger";
import { nextEnvOf } from "./core/workload-envs";
import type { ConsumptionRecord, WorkloadsDeps } from "./ports";
import { readWorkloadUnits, type RepoUnit } from "./read-workload-units";
import { findGrantingGroup } from "./find-granting-group";
import { canChangeWorkload, consumerRepoOf } from "./workload-access";

export interface WorkloadUnitView extends Pick<RepoUnit, "unitPath" | "env" | "region" | "unitName" | "source" | "ref" | "parseError"> {
  module: { name: string; source: string } | null;
  version: string | null;
  moduleVersionId: string | null;
  latestVersion: string | null;
  consumption: { recordedAt: string; recordedBy: "scaffold" | "scan"; commitSha: string } | null;
  /** The next env this unit can be promoted to, when it comes from the catalogue. */
  promoteTo: "stage" | "prod" | null;
}

export interface ConsumptionView extends Omit<ConsumptionRecord, "id" | "recordedAt"> {
  recordedAt: string;
}

export interface WorkloadDetail {
  workload: { slug: string; name: string; description: string; team: string; consumerRepo: string | null };
  canEdit: boolean;
  /** The viewer's own role on the workload and where it comes from, or null. */
  yourRole: { role: "builder" | "lead"; source: "idp" | "manual" } | null;
  /** The IdP groups that grant the builder and lead roles on it, when the role mapping names them. */
  grantingGroups: { builder: string | null; lead: string | null };
  units: WorkloadUnitView[];
  consumptions: ConsumptionView[];
  /** Why the repo could not be read (units then come from recorded consumptions only). */
  repoError: string | null;
}

/**
 * A workload's page: the units on its consumer repo's default branch, merged with the recorded
 * consumptions. Readable by every signed-in person. (The page adds the workload's recent
 * scaffold requests from the scaffold domain.)
 */
export async function getWorkloadDetail(deps: WorkloadsDeps, viewer: Viewer, options: { slug: string }): Promise<WorkloadDetail> {
  const workload = await deps.store.findWorkload(options.slug);
  if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${options.slug}"`);
  const [consumptions, memberships] = await Promise.all([deps.store.listConsumptions(workload.id), deps.store.listMemberships(viewer.id)]);
  const own = memberships.filter((m) => m.workloadSlug === workload.slug).sort((a, b) => (a.role === b.role ? (a.source === "idp" ? -1 : 1) : a.role === "lead" ? -1 : 1))[0];
  const rules = deps.roleRules ?? defaultRoleRules;

  let units: RepoUnit[] = [];
  let repoError: string | null = null;
  try {
    const repo = consumerRepoOf(workload);
    const head = await deps.repos.readHead(repo);
    units = await readWorkloadUnits(deps, repo, head.sha);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    logger.warn("workload repo unreadable", { workload: workload.slug, error: error.message });
    repoError = error.message;
  }

  const byPath = new Map(consumptions.map((c) => [c.unitPath, c]));
  const unitViews: WorkloadUnitView[] = units.map((unit) => {
    const consumption = byPath.get(unit.unitPath);
    return {
      unitPath: unit.unitPath,
      env: unit.env,
      region: unit.region,
      unitName: unit.unitName,
      source: unit.source,
      ref: unit.ref,
      module: unit.match ? { name: unit.match.name, source: unit.match.source } : null,
      version: unit.match?.version ?? null,
      moduleVersionId: unit.match?.moduleVersionId ?? null,
      latestVersion: unit.match?.latestVersion ?? null,
      consumption: consumption ? { recordedAt: consumption.recordedAt.toISOString(), recordedBy: consumption.recordedBy, commitSha: consumption.commitSha } : null,
      promoteTo: unit.match?.moduleVersionId ? nextEnvOf(unit.env) : null,
      parseError: unit.parseError,
    };
  });

  return {
    workload: { slug: workload.slug, name: workload.name, description: workload.description, team: workload.team.name, consumerRepo: workload.consumerRepo },
    canEdit: canChangeWorkload(viewer, workload.slug),
    yourRole: own ? { role: own.role, source: own.source } : null,
    grantingGroups: { builder: findGrantingGroup(rules, { role: "builder", slug: workload.slug }), lead: findGrantingGroup(rules, { role: "lead", slug: workload.slug }) },
    units: unitViews,
    consumptions: consumptions.map((c) => ({
      unitPath: c.unitPath,
      env: c.env,
      region: c.region,
      moduleVersionId: c.moduleVersionId,
      source: c.source,
      ref: c.ref,
      commitSha: c.commitSha,
      recordedBy: c.recordedBy,
      scaffoldRequestId: c.scaffoldRequestId,
      recordedAt: c.recordedAt.toISOString(),
    })),
    repoError,
  };
}
