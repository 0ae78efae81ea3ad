import type { DependencyUse } from "./validate-inputs";

export interface CheckDependencyUsesOptions {
  /** The `dependency.<name>` roots the inputs read, with the path of the input. */
  uses: DependencyUse[];
  /** The region folder of the unit, `<env>/<region>/`. */
  regionFolder: string;
  /** File paths under `regionFolder` on the default branch. */
  files: string[];
  /** The unit being written: it cannot depend on itself. */
  unitName: string;
  /** Dependency blocks the unit there now already has (an update or a promotion keeps them). */
  declared: string[];
}

/**
 * A Terragrunt unit can read the outputs of the units next to it (`config_path = "../<name>"`,
 * written for it) and of the dependencies it already declares, and of nothing else: a reference
 * to a unit that does not exist fails at plan time, so it is refused here, with the names there are.
 */
export function checkDependencyUses({ uses, regionFolder, files, unitName, declared }: CheckDependencyUsesOptions): Array<{ path: string; message: string }> {
  if (uses.length === 0) return [];
  const siblings = files.flatMap((path) => {
    if (!path.startsWith(regionFolder)) return [];
    const match = /^([^/]+)\/terragrunt\.hcl$/.exec(path.slice(regionFolder.length));
    return match && match[1] !== unitName ? [match[1]!] : [];
  });
  const known = new Set([...siblings, ...declared]);
  const listed = [...known].sort().join(", ");
  return uses
    .filter((use) => !known.has(use.name))
    .map((use) => ({
      path: use.path,
      message: `There is no unit "${use.name}" in ${regionFolder} to read outputs from (${known.size > 0 ? `units there: ${listed}` : "the region has no other unit yet"}): scaffold it first, or pick another`,
    }));
}
