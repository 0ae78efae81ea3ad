import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { type InputValue, readUnit } from "@/lib/hcl";
import type { RepoRef, ScaffoldDeps, WorkloadRecord } from "./ports";
import { matchCatalogue, type CatalogueMatch } from "./read-workload-units";
import { sourceKey } from "./build-scaffold-plan";
import { assertCanScaffoldInto, consumerRepoOf } from "./scaffold-access";

const UNIT_PATH = /^(dev|stage|prod)\/([a-z0-9][a-z0-9_-]*)\/([a-z0-9][a-z0-9_-]*)\/terragrunt\.hcl$/;
const NEXT_ENV = { dev: "stage", stage: "prod" } as const;

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
  match: CatalogueMatch | null;
  /** The only env a unit may be promoted to: stage after dev, prod after stage. */
  toEnv: "stage" | "prod";
}

/** Reads the unit being promoted from the default branch and checks the viewer may promote it. */
export async function readPromotionSource(deps: ScaffoldDeps, viewer: Viewer, options: { workload: string; unitPath: string }): Promise<PromotionSource> {
  const workload = await deps.store.findWorkload(options.workload);
  if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${options.workload}"`);
  assertCanScaffoldInto(viewer, workload);
  const parts = UNIT_PATH.exec(options.unitPath);
  if (!parts) throw new AppError("INVALID_INPUT", `${options.unitPath} is not a unit path (<env>/<region>/<unit>/terragrunt.hcl)`);
  const env = parts[1] as "dev" | "stage" | "prod";
  if (env === "prod") throw new AppError("INVALID_INPUT", "Units in prod are the end of the line: there is no environment after prod.");
  const repo = consumerRepoOf(workload);
  const head = await deps.repos.readHead(repo);
  const text = await deps.repos.readFile(repo, { ref: head.sha, path: options.unitPath });
  if (text === null) throw new AppError("NOT_FOUND", `${workload.consumerRepo} has no ${options.unitPath} on ${head.defaultBranch}`);
  const unit = await readUnit(text).catch((error: unknown) => {
    throw new AppError("INVALID_INPUT", `${options.unitPath} cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const [match] = await matchCatalogue(deps, [unit.source]);
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
    match: match ?? null,
    toEnv: NEXT_ENV[env],
  };
}
