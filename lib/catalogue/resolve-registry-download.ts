import { AppError } from "@/lib/errors/app-error";
import { findRegistryModule, isServedByRegistry } from "./list-registry-versions";
import type { CatalogueDeps, RegistryAddress } from "./ports";

/**
 * Where Terraform fetches one version from (`X-Terraform-Get` of the registry's download
 * endpoint): the source repo's git URL at the version's tag, with `//<path>` for a
 * monorepo module. The git host is `config.gitUrl` (github.com, a GHES host or the emulator).
 * Versions the list leaves out (withdrawn, broken) are NOT_FOUND here too.
 */
export async function resolveRegistryDownload(
  deps: Pick<CatalogueDeps, "reader" | "config">,
  options: RegistryAddress & { version: string },
): Promise<string> {
  const catalogueModule = await findRegistryModule(deps, options);
  const wanted = options.version.replace(/^v/, "");
  const version = catalogueModule.versions.find((v) => v.version === wanted);
  if (!version || !isServedByRegistry(version)) {
    throw new AppError("NOT_FOUND", `${options.namespace}/${options.name}/${options.provider} has no version ${options.version}.`);
  }
  const repoUrl = `${deps.config.gitUrl.replace(/\/+$/, "")}/${catalogueModule.source.owner}/${catalogueModule.source.repo}.git`;
  const subdir = catalogueModule.path ? `//${catalogueModule.path}` : "";
  return `git::${repoUrl}${subdir}?ref=${version.tag}`;
}
