/** The environments an account set can hold, in promotion order (the consumer repo's top-level folders). */
export const vendingEnvironments = ["dev", "stage", "prod"] as const;

export type VendingEnv = (typeof vendingEnvironments)[number];

export function isVendingEnv(value: unknown): value is VendingEnv {
  return typeof value === "string" && (vendingEnvironments as readonly string[]).includes(value);
}

/** De-duplicates and puts environments in promotion order, so every listing reads dev, stage, prod. */
export function sortEnvironments(envs: Iterable<VendingEnv>): VendingEnv[] {
  const wanted = new Set(envs);
  return vendingEnvironments.filter((env) => wanted.has(env));
}
