import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { workloadEnvs, type WorkloadEnv, type WorkloadRecord } from "@/lib/workloads";
import { buildFormModel, type FormModel } from "./core/build-form-model";
import { isEnvAllowedForVulnerable, type VersionAdvisory } from "./core/decide-vulnerable-version";
import { deriveUnitName } from "./core/derive-unit-path";
import type { ScaffoldVariable } from "./core/scaffold-variable";
import type { ModuleVersionRecord, ScaffoldDeps } from "./ports";

/** A workload the viewer may scaffold into, with the folders of its consumer repo. */
export interface ScaffoldTargetWorkload {
  slug: string;
  name: string;
  consumerRepo: string | null;
  envs: WorkloadEnv[];
  /** Region folders per env, read from `<env>/<region>/region.hcl` (["eu-west-1"] when unreadable). */
  regions: string[];
  regionsByEnv: Record<string, string[]>;
  repoError: string | null;
}

/** A vulnerable version's advisory, with the catalogue id of the version that fixes it (when listed). */
export interface ScaffoldVersionAdvisory extends VersionAdvisory {
  fixedInVersionId: string | null;
}

export interface ScaffoldFormContext {
  module: { id: string; name: string; source: string; path: string; provider: string };
  version: { id: string; version: string; tag: string; status: ModuleVersionRecord["status"]; statusReason: string | null; advisory: ScaffoldVersionAdvisory | null };
  /** Whether the viewer may put a vulnerable version into prod (admins only); the form disables prod otherwise. */
  vulnerableProdAllowed: boolean;
  variables: ScaffoldVariable[];
  form: FormModel;
  workloads: ScaffoldTargetWorkload[];
  defaultUnitName: string;
}

const DEFAULT_REGIONS = ["eu-west-1"];
const UUID = /^[0-9a-f-]{36}$/i;

async function readRegions(deps: ScaffoldDeps, workload: WorkloadRecord): Promise<ScaffoldTargetWorkload> {
  const base = { slug: workload.slug, name: workload.name, consumerRepo: workload.consumerRepo, envs: [...workloadEnvs] };
  const [owner, repo] = (workload.consumerRepo ?? "").split("/");
  const fallback = { ...base, regions: DEFAULT_REGIONS, regionsByEnv: Object.fromEntries(workloadEnvs.map((e) => [e, DEFAULT_REGIONS])) };
  if (!owner || !repo) return { ...fallback, repoError: "No consumer repo linked" };
  try {
    const head = await deps.workloads.repos.readHead({ owner, repo });
    const files = await deps.workloads.repos.listFiles({ owner, repo }, { ref: head.sha, prefixes: workloadEnvs.map((e) => `${e}/`) });
    const regionsByEnv: Record<string, string[]> = Object.fromEntries(workloadEnvs.map((e) => [e, [] as string[]]));
    for (const path of files) {
      const match = /^(dev|stage|prod)\/([^/]+)\/region\.hcl$/.exec(path);
      if (match) regionsByEnv[match[1]!]!.push(match[2]!);
    }
    const regions = [...new Set(Object.values(regionsByEnv).flat())].sort();
    return { ...base, regions: regions.length > 0 ? regions : DEFAULT_REGIONS, regionsByEnv, repoError: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...fallback, repoError: error.message };
  }
}

/** The advisory of a vulnerable version, and where its fixing version is in the catalogue (to suggest it). */
async function readAdvisory(deps: ScaffoldDeps, version: ModuleVersionRecord): Promise<ScaffoldVersionAdvisory | null> {
  if (!version.advisory) return null;
  const fixedIn = version.advisory.fixedIn;
  const fixedInVersionId = fixedIn ? await deps.versions.findModuleVersionId({ moduleId: version.module.id, version: fixedIn }) : null;
  return { ...version.advisory, fixedInVersionId };
}

/**
 * What the scaffold form needs for one module version, named by its id (the catalogue's "Use
 * this module" link carries it): the generated form, the variables, and the workloads the
 * viewer may scaffold into (memberships as builder or lead; all for admins), each with the
 * region folders its consumer repo has.
 */
export async function getScaffoldFormContext(deps: ScaffoldDeps, viewer: Viewer, options: { moduleVersionId: string }): Promise<ScaffoldFormContext> {
  const version = UUID.test(options.moduleVersionId) ? await deps.versions.findModuleVersion(options.moduleVersionId) : null;
  if (!version) throw new AppError("NOT_FOUND", "That module version is not in the catalogue");
  const slugs = viewer.role === "admin" ? "all" : viewer.workloads.filter((w) => w.role === "builder" || w.role === "lead").map((w) => w.slug);
  const workloads = await deps.workloads.store.listWorkloads(slugs);
  const variables = version.variables;
  return {
    module: {
      id: version.module.id,
      name: version.module.name,
      source: `${version.module.source.owner}/${version.module.source.repo}`,
      path: version.module.path,
      provider: version.module.provider,
    },
    version: { id: version.id, version: version.version, tag: version.tag, status: version.status, statusReason: version.statusReason, advisory: await readAdvisory(deps, version) },
    vulnerableProdAllowed: isEnvAllowedForVulnerable("prod", viewer.role === "admin"),
    variables,
    form: buildFormModel(variables),
    workloads: await Promise.all(workloads.map((w) => readRegions(deps, w))),
    defaultUnitName: deriveUnitName(version.module.name),
  };
}
