/*
 * The account folders of a workload's Terragrunt consumer repo, in promotion order. Kept free of
 * zod and server code: the scaffold form imports these in the browser.
 */

export const workloadEnvs = ["dev", "stage", "prod"] as const;
export type WorkloadEnv = (typeof workloadEnvs)[number];

/** The env a unit is promoted to next: stage after dev, prod after stage, none after prod. */
export function nextEnvOf(env: string): "stage" | "prod" | null {
  if (env === "dev") return "stage";
  if (env === "stage") return "prod";
  return null;
}
