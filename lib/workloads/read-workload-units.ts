import { readUnit, type InputValue } from "@/lib/hcl";
import { mapWithConcurrency } from "./core/map-with-concurrency";
import { moduleKey, sourceKey } from "./core/module-key";
import { workloadEnvs } from "./core/workload-envs";
import type { CatalogueModuleRecord, RepoRef, WorkloadsDeps } from "./ports";

const UNIT_PATH = /^(dev|stage|prod)\/([^/]+)\/([^/]+)\/terragrunt\.hcl$/;

export interface CatalogueMatch {
  moduleId: string;
  name: string;
  /** `owner/repo` of the module source. */
  source: string;
  latestVersion: string | null;
  /** The catalogue version whose tag is the unit's ref; null when the ref is not a known tag. */
  moduleVersionId: string | null;
  version: string | null;
  versionStatus: "active" | "deprecated" | "vulnerable" | "withdrawn" | null;
  /** Every version of the module, as the catalogue lists them. */
  versions: CatalogueModuleRecord["versions"];
}

export interface RepoUnit {
  unitPath: string;
  env: string;
  region: string;
  unitName: string;
  source: string | null;
  ref: string | null;
  inputs: Record<string, InputValue>;
  /** Null for bring-your-own IaC (a source that is not in the catalogue). */
  match: CatalogueMatch | null;
  /** Set when the file could not be parsed. */
  parseError: string | null;
}

/** Matches units' sources to catalogue modules by `owner/repo//path` (any host) and tag. */
export async function matchCatalogue(deps: Pick<WorkloadsDeps, "store">, sources: Array<string | null>): Promise<Array<CatalogueMatch | null>> {
  const keys = sources.map(sourceKey);
  const repos = new Map<string, RepoRef>();
  for (const key of keys) {
    if (!key) continue;
    const [owner, repo] = key.key.split("//")[0]!.split("/") as [string, string];
    repos.set(`${owner}/${repo}`, { owner, repo });
  }
  const modules = new Map<string, CatalogueModuleRecord>();
  for (const catalogueModule of await deps.store.listCatalogueModules([...repos.values()])) modules.set(moduleKey(catalogueModule.source, catalogueModule.path), catalogueModule);
  return keys.map((key) => {
    const catalogueModule = key ? modules.get(key.key) : undefined;
    if (!catalogueModule || !key) return null;
    const version = catalogueModule.versions.find((v) => v.tag === key.ref) ?? null;
    return {
      moduleId: catalogueModule.id,
      name: catalogueModule.name,
      source: `${catalogueModule.source.owner}/${catalogueModule.source.repo}`,
      latestVersion: catalogueModule.latestVersion,
      moduleVersionId: version?.id ?? null,
      version: version?.version ?? null,
      versionStatus: version?.status ?? null,
      versions: catalogueModule.versions,
    };
  });
}

/** GitHub's secondary rate limits punish bursts; a few reads at a time is fast enough. */
const READ_CONCURRENCY = 8;

/** Every `<env>/<region>/<unit>/terragrunt.hcl` at `ref`, parsed and matched to the catalogue. */
export async function readWorkloadUnits(deps: WorkloadsDeps, repo: RepoRef, ref: string): Promise<RepoUnit[]> {
  const paths = (await deps.repos.listFiles(repo, { ref, prefixes: workloadEnvs.map((env) => `${env}/`) })).filter((p) => UNIT_PATH.test(p));
  const units = await mapWithConcurrency(
    paths,
    READ_CONCURRENCY,
    async (unitPath): Promise<RepoUnit> => {
      const [, env, region, unitName] = UNIT_PATH.exec(unitPath) as unknown as [string, string, string, string];
      const text = await deps.repos.readFile(repo, { ref, path: unitPath });
      try {
        const unit = await readUnit(text ?? "");
        return { unitPath, env, region, unitName, source: unit.source, ref: sourceKey(unit.source)?.ref ?? null, inputs: unit.inputs, match: null, parseError: null };
      } catch (error) {
        return { unitPath, env, region, unitName, source: null, ref: null, inputs: {}, match: null, parseError: error instanceof Error ? error.message : String(error) };
      }
    },
  );
  const matches = await matchCatalogue(deps, units.map((u) => u.source));
  return units.map((unit, i) => ({ ...unit, match: matches[i] ?? null }));
}
