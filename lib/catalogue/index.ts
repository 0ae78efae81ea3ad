/*
 * The catalogue's public entry. Other domains and the composition root import the catalogue
 * from here and nowhere else; app routes may also import a use case from its own file.
 * Server side: it reaches the job and GitHub wiring. Client components import types only
 * (`import type`), from `catalogue-views.ts` or `search-modules-params.ts`.
 */

import type { DomainDefinition, GithubEventHandler } from "@/lib/platform/domains/domain-registry";
import { catalogueJobModule } from "./catalogue-jobs";
import { handleTagWebhook, TAG_WEBHOOK_EVENTS } from "./handle-tag-webhook";

// Plugged into the platform by the composition root.
export { catalogueJobModule, SYNC_ALL_JOB } from "./catalogue-jobs";
export { handleTagWebhook, TAG_WEBHOOK_EVENTS } from "./handle-tag-webhook";
export { SYNC_SOURCE_JOB } from "./request-source-sync";

// Wiring and ports.
export { getCatalogueDeps } from "./catalogue-deps";
export type { CatalogueDeps, CatalogueReader, CatalogueStore, ModuleRef, ModuleSource, RegistryAddress, RepoRef } from "./ports";

// Use cases.
export { compareModuleVersions, findPreviousVersion } from "./compare-module-versions";
export { configureModuleSource, moduleSourceInputSchema, type ModuleSourceInput } from "./configure-module-source";
export { getModuleDetail } from "./get-module-detail";
export { getModuleUsage } from "./get-module-usage";
export { listModuleSources } from "./list-module-sources";
export { listRegistryVersions } from "./list-registry-versions";
export { requestSourceSync, type SyncRequestState } from "./request-source-sync";
export { resolveRegistryDownload } from "./resolve-registry-download";
export { searchModules } from "./search-modules";
export { parseSearchParams, searchModulesInputSchema } from "./search-modules-query";
export { setSourceDefaultOwners, setSourceDefaultOwnersSchema } from "./set-source-default-owners";
export { setSourceEnabled } from "./set-source-enabled";
export { setVersionStatus, setVersionStatusSchema, type SetVersionStatusInput } from "./set-version-status";
export { syncModuleSource } from "./sync-module-source";

// Module docs: the one mapper from stored JSON, and the extractor that produces them.
export { reshapeModuleDocs } from "./adapters/reshape-module-docs";
export { extractModuleDocs } from "./core/extract-module-docs";
export type { DocsError, ModuleDocs, ModuleFile, ModuleInput, ModuleOutput } from "@/lib/modules/module-docs";
export { classifyBump, compareSemver, parseSemver, type BumpKind } from "@/lib/modules/semver";

// Read models.
export type {
  AdvisorySeverity,
  CatalogueAdminView,
  ModuleConsumer,
  ModuleDetail,
  ModuleSearchHit,
  ModuleUsage,
  ModuleVersionSummary,
  SearchModulesResult,
  VersionComparison,
  VersionOption,
  VersionStatus,
} from "./catalogue-views";

const onTagEvent: GithubEventHandler = (event) => handleTagWebhook(event);

/** The catalogue as the platform runs it: source syncs (scheduled, on demand, first sync) and GitHub tag events. */
export const catalogueDomain: DomainDefinition = {
  name: "catalogue",
  jobs: catalogueJobModule.jobs,
  onWorkerStart: catalogueJobModule.onWorkerStart,
  webhookHandlers: Object.fromEntries(TAG_WEBHOOK_EVENTS.map((name) => [name, onTagEvent])),
};
