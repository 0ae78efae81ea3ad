import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { readUnit, type InputValue } from "@/lib/hcl";
import { assertCanChangeWorkload, consumerRepoOf, matchCatalogue, nextEnvOf, sourceKey, type CatalogueMatch, type RepoRef, type WorkloadRecord } from "@/lib/workloads";
import type { ScaffoldDeps } from "./ports";

const UNIT_PATH = /^(dev|stage|prod)\/([a-z0-9][a-z0-9_-]*)\/([a-z0-9][a-z0-9_-]*)\/terragrunt\.hcl$/;

export interface PromotionSource {
  workload: WorkloadRecord;
  repo: RepoRef;
  head: { defaultBranch: string; sha: string };
  unitPath: string;
  env: "dev" | "stage";
  region: string;
  unitName: string;
  text: string;
  source: string | null;
  ref: string | null;
  inputs: Record<string, InputValue>;
  /** The names of the unit's dependency blocks. */
  dependencies: string[];
  match: CatalogueMatch | null;
  /** The only env a unit may be promoted to: stage after dev, prod after stage. */
  toEnv: "stage" | "prod";
}

/** Reads the unit being promoted from the default branch and checks the viewer may promote it. */
export async function readPromotionSource(deps: ScaffoldDeps, viewer: Viewer, options: { workload: string; unitPath: string }): Promise<PromotionSource> {
  const workload = await deps.workloads.store.findWorkload(options.workload);
  if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${options.workload}"`);
  assertCanChangeWorkload(viewer, workload);
  const parts = UNIT_PATH.exec(options.unitPath);
  if (!parts) throw new AppError("INVALID_INPUT", `${options.unitPath} is not a unit path (<env>/<region>/<unit>/terragrunt.hcl)`);
  const env = parts[1] as "dev" | "stage" | "prod";
  const toEnv = nextEnvOf(env);
  if (env === "prod" || !toEnv) throw new AppError("INVALID_INPUT", "Units in prod are the end of the line: there is no environment after prod.");
  const repo = consumerRepoOf(workload);
  const head = await deps.workloads.repos.readHead(repo);
  const text = await deps.workloads.repos.readFile(repo, { ref: head.sha, path: options.unitPath });
  if (text === null) throw new AppError("NOT_FOUND", `${workload.consumerRepo} has no ${options.unitPath} on ${head.defaultBranch}`);
  const unit = await readUnit(text).catch((error: unknown) => {
    throw new AppError("INVALID_INPUT", `${options.unitPath} cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const [match] = await matchCatalogue(deps.workloads, [unit.source]);
  return {
    workload,
    repo,
    head,
    unitPath: options.unitPath,
    env,
    region: parts[2]!,
    unitName: parts[3]!,
    text,
    source: unit.source,
    ref: sourceKey(unit.source)?.ref ?? null,
    inputs: unit.inputs,
    dependencies: unit.dependencies.map((d) => d.name),
    match: match ?? null,
    toEnv,
  };
}
