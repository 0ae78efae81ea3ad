import type { ModuleUsage } from "./catalogue-views";
import { compareSemver, parseSemver } from "@/lib/modules/semver";
import type { CatalogueDeps } from "./ports";

/**
 * "Used by" for a module page: every unit of every workload's consumer repo that uses one of
 * the module's versions, from the consumption records (a merged scaffold PR, or a scan of the
 * consumer repo), newest version first, and how many units use each version.
 */
export async function getModuleUsage(deps: Pick<CatalogueDeps, "reader">, options: { moduleId: string }): Promise<ModuleUsage> {
  const consumers = await deps.reader.listModuleConsumers(options.moduleId);
  consumers.sort((a, b) => {
    const byVersion = parseSemver(a.version) && parseSemver(b.version) ? compareSemver(b.version, a.version) : b.version.localeCompare(a.version);
    return byVersion || a.workload.name.localeCompare(b.workload.name) || a.unitPath.localeCompare(b.unitPath);
  });
  const countsByVersion: Record<string, number> = {};
  for (const c of consumers) countsByVersion[c.versionId] = (countsByVersion[c.versionId] ?? 0) + 1;
  return { consumers, countsByVersion, workloadCount: new Set(consumers.map((c) => c.workload.slug)).size };
}
