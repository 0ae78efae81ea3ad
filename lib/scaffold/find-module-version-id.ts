import type { ModuleVersionLink } from "./core/scaffold-links";
import type { ScaffoldDeps } from "./ports";

const UUID = /^[0-9a-f-]{36}$/i;

/**
 * The id of the module version an older scaffold link names by module and version, so the page
 * can redirect it to `?versionId=`. Versions may be written with a leading "v". Null when the
 * catalogue has no such version.
 */
export async function findModuleVersionId(deps: Pick<ScaffoldDeps, "versions">, link: ModuleVersionLink): Promise<string | null> {
  const version = link.version.replace(/^v/, "");
  if ("moduleId" in link) return UUID.test(link.moduleId) ? deps.versions.findModuleVersionId({ moduleId: link.moduleId, version }) : null;
  if (!link.source.owner || !link.source.repo) return null;
  return deps.versions.findModuleVersionId({ source: link.source, module: link.module, version });
}
