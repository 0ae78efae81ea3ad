/*
 * Unit names and paths in a Terragrunt consumer repo: `<env>/<region>/<unit>/terragrunt.hcl`.
 */

const UNIT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const MAX_UNIT_NAME = 64;

/** Returns why a (user-edited) unit name is not acceptable, or null when it is. */
export function checkUnitName(name: string): string | null {
  if (name === "") return "Enter a unit name";
  if (name.length > MAX_UNIT_NAME) return `Use at most ${MAX_UNIT_NAME} characters`;
  if (name.includes("..") || name.includes("/") || name.includes("\\")) return "A unit name is a single folder name";
  if (!UNIT_NAME.test(name)) return "Use lowercase letters, digits, dashes and underscores, starting with a letter or digit";
  return null;
}

/** Returns why an env or region folder name is not acceptable, or null. */
export function checkFolderName(name: string): string | null {
  return /^[a-z0-9][a-z0-9_-]*$/.test(name) && !name.includes("..") ? null : `"${name}" is not a valid folder name`;
}

/** `terraform-aws-vpc` → `vpc`, `Data Lake` → `data-lake`: a unit name from a module name. */
export function deriveUnitName(moduleName: string): string {
  const base = moduleName
    .toLowerCase()
    .replace(/^terraform-[a-z0-9]+-/, "")
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, MAX_UNIT_NAME);
  return base === "" ? "unit" : base;
}

export interface BuildUnitPathOptions {
  env: string;
  region: string;
  unit: string;
}

/** `<env>/<region>/<unit>/terragrunt.hcl` */
export function buildUnitPath({ env, region, unit }: BuildUnitPathOptions): string {
  return `${env}/${region}/${unit}/terragrunt.hcl`;
}

/** Path of the unit file for a style: Terragrunt `terragrunt.hcl`, plain Terraform `main.tf`. */
export function unitFilePath(options: { env: string; region: string; unitName: string; style: "terragrunt" | "terraform" }): string {
  const path = buildUnitPath({ env: options.env, region: options.region, unit: options.unitName });
  return options.style === "terraform" ? path.replace(/terragrunt\.hcl$/, "main.tf") : path;
}

/** The existing path that occupies the unit's folder, or null when the folder is free. */
export function findUnitCollision(unitPath: string, existingPaths: string[]): string | null {
  const folder = unitPath.replace(/terragrunt\.hcl$/, "");
  const normalize = (p: string) => p.replace(/^\.?\/+/, "");
  return existingPaths.map(normalize).find((p) => p === unitPath || p.startsWith(folder) || `${p}/` === folder) ?? null;
}

export interface SuggestUnitPathOptions {
  moduleName: string;
  env: string;
  region: string;
  existingPaths: string[];
}

export interface UnitPathSuggestion {
  unit: string;
  path: string;
  /** The unit the plain name would have collided with (the user may update it instead). */
  collidesWith: string | null;
}

/**
 * Derives a free unit name and path: the module's name, or `<name>-2`, `<name>-3`, ... when a
 * unit of that name already exists in the region folder.
 */
export function suggestUnitPath({ moduleName, env, region, existingPaths }: SuggestUnitPathOptions): UnitPathSuggestion {
  const base = deriveUnitName(moduleName);
  const firstPath = buildUnitPath({ env, region, unit: base });
  const collidesWith = findUnitCollision(firstPath, existingPaths);
  if (!collidesWith) return { unit: base, path: firstPath, collidesWith: null };
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const unit = `${base.slice(0, MAX_UNIT_NAME - suffix.length)}${suffix}`;
    const path = buildUnitPath({ env, region, unit });
    if (!findUnitCollision(path, existingPaths)) return { unit, path, collidesWith };
  }
}
