import { AppError } from "@/lib/errors/app-error";
import { compareSemver } from "@/lib/modules/semver";
import type { CatalogueDeps, RegistryAddress, RegistryModule } from "./ports";

/** The module at a registry address; NOT_FOUND when the catalogue has none. */
export async function findRegistryModule(deps: Pick<CatalogueDeps, "reader">, address: RegistryAddress): Promise<RegistryModule> {
  const found = await deps.reader.findRegistryModule(address);
  if (!found) throw new AppError("NOT_FOUND", `No module ${address.namespace}/${address.name}/${address.provider} in the catalogue.`);
  return found;
}

/**
 * The registry protocol's version list (`GET /v1/modules/:ns/:name/:provider/versions`).
 * Withdrawn versions (deleted tags) are left out, since they can no longer be fetched;
 * deprecated ones stay, as Terraform must still resolve pinned constraints.
 */
export async function listRegistryVersions(
  deps: Pick<CatalogueDeps, "reader">,
  address: RegistryAddress,
): Promise<{ modules: Array<{ versions: Array<{ version: string }> }> }> {
  const catalogueModule = await findRegistryModule(deps, address);
  const versions = catalogueModule.versions
    .filter((v) => v.status !== "withdrawn")
    .map((v) => v.version)
    .sort((a, b) => compareSemver(b, a));
  return { modules: [{ versions: versions.map((version) => ({ version })) }] };
}
