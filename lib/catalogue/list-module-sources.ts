import type { CatalogueAdminView } from "./catalogue-views";
import type { CatalogueDeps } from "./ports";

export interface ListModuleSourcesOptions {
  /** Recent sync runs shown per source. Default 5. */
  runsPerSource?: number;
  /** Versions offered for deprecation. Default 500. */
  versionLimit?: number;
}

/** Everything the admin catalogue screen shows: sources with sync status and counts, recent runs, broken versions. */
export async function listModuleSources(deps: Pick<CatalogueDeps, "reader">, options: ListModuleSourcesOptions = {}): Promise<CatalogueAdminView> {
  return deps.reader.getAdminView({ runsPerSource: options.runsPerSource ?? 5, versionLimit: options.versionLimit ?? 500 });
}
