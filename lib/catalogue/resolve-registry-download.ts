import { AppError, isAppError } from "@/lib/errors/app-error";
import { buildGitSource } from "@/lib/hcl";
import { findRegistryModule, isServedByRegistry } from "./list-registry-versions";
import type { CatalogueDeps, RegistryAddress } from "./ports";

/**
 * Where Terraform fetches one version from (`X-Terraform-Get` of the registry's download
 * endpoint): the source repo's git URL at the version's tag, with `//<path>` for a
 * monorepo module. The git host is `config.gitUrl` (github.com, a GHES host or the emulator).
 * Versions the list leaves out (withdrawn, broken) are NOT_FOUND here too, and so is a version
 * whose tag, folder or repo the git source allowlist (`buildGitSource`) refuses: a repo's tag
 * names are its own, and `?`, `&`, `#` or `..` in one must not reach Terraform's go-getter.
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
  try {
    return buildGitSource({ repoUrl, path: catalogueModule.path, ref: version.tag });
  } catch (error) {
    if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
    throw new AppError("NOT_FOUND", `${options.namespace}/${options.name}/${options.provider} ${options.version} cannot be served: ${error.message}.`, { cause: error });
  }
}
