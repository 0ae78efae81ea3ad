import { dirnameOf } from "./join-repo-path";

export const DEFAULT_ENVS = ["dev", "stage", "prod"] as const;

export interface UnitLocation {
  /** The unit's folder, e.g. `dev/eu-west-1/vpc` ("" for the repo root). */
  unitPath: string;
  env: string | null;
  region: string | null;
}

// AWS regions (`eu-west-1`, `us-gov-west-1`, `ap-southeast-4`) and the folders live repos keep
// region-less resources in.
const REGION_LIKE = /^(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}|_?global)$/;

/**
 * Where a file sits in the consumer layout `<env>/<region>/<unit>/terragrunt.hcl` (or a `.tf`
 * file's folder): the env is the first folder when it is one of `envs`, the region the second
 * when the unit sits below it or the folder reads as a region. Anything else has no env/region.
 */
export function deriveUnitLocation(filePath: string, envs: readonly string[] = DEFAULT_ENVS): UnitLocation {
  const unitPath = dirnameOf(filePath);
  const segments = unitPath === "" ? [] : unitPath.split("/");
  const env = segments[0] !== undefined && envs.includes(segments[0]) ? segments[0] : null;
  const second = segments[1];
  const region = env !== null && second !== undefined && (segments.length >= 3 || REGION_LIKE.test(second)) ? second : null;
  return { unitPath, env, region };
}
