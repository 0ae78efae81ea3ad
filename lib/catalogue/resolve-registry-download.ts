import type { DbTx } from "../platform/create-prisma-client";
import { AppError } from "@/lib/errors/app-error";
import { findRegistryModule, type RegistryAddress } from "./list-registry-versions";

/**
 * Where Terraform fetches one version from (`X-Terraform-Get` of the registry's download
 * endpoint): the source repo's git URL at the version's tag, with `//<path>` for a
 * monorepo module. `gitUrl` is GITHUB_GIT_URL (github.com, a GHES host or the emulator).
 */
export async function resolveRegistryDownload(db: DbTx, options: RegistryAddress & { version: string; gitUrl: string }): Promise<string> {
  const catalogueModule = await findRegistryModule(db, options);
  const version = await db.moduleVersion.findUnique({
    where: { moduleId_version: { moduleId: catalogueModule.id, version: options.version.replace(/^v/, "") } },
    select: { tag: true, status: true },
  });
  if (!version || version.status === "withdrawn") {
    throw new AppError("NOT_FOUND", `${options.namespace}/${options.name}/${options.provider} has no version ${options.version}.`);
  }
  const repoUrl = `${options.gitUrl.replace(/\/+$/, "")}/${catalogueModule.source.owner}/${catalogueModule.source.repo}.git`;
  const subdir = catalogueModule.path ? `//${catalogueModule.path}` : "";
  return `git::${repoUrl}${subdir}?ref=${version.tag}`;
}
