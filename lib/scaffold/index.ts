/*
 * The scaffold domain's public entry: what the composition root, app code and other domains
 * may use. Everything else in lib/scaffold is private to the domain. Server only: client
 * components import types from here with `import type`, and pure helpers from `./core/*`.
 */

import type { DomainDefinition } from "@/lib/platform/domains/domain-registry";
import { scaffoldJobModule } from "./scaffold-jobs";
import { handleScaffoldPullRequestEvent } from "./scaffold-webhooks";

// Background jobs and webhook handlers (for the composition root).
export { scaffoldJobModule, RESUME_STALLED_JOB } from "./scaffold-jobs";
export { handleScaffoldPullRequestEvent } from "./scaffold-webhooks";

// Dependencies for this process, and the GitHub publisher other domains' pull requests reuse.
export { getScaffoldDeps } from "./scaffold-deps";
export { createGithubPullRequestPublisher } from "./adapters/github-pull-request-publisher";

// Use cases.
export { previewScaffold, type ScaffoldPreview } from "./preview-scaffold";
export { createScaffold } from "./create-scaffold";
export { retryScaffold } from "./retry-scaffold";
export { getScaffold, type ScaffoldDetail } from "./get-scaffold";
export { listScaffolds, type ListScaffoldsOptions } from "./list-scaffolds";
export { getScaffoldFormContext, type ScaffoldFormContext, type ScaffoldTargetWorkload, type ScaffoldVersionAdvisory } from "./get-scaffold-form-context";
export { findModuleVersionId } from "./find-module-version-id";
export { getPromotionContext, type PromotionContext, type ScaffoldVersionChoice } from "./get-promotion-context";
export { promoteUnit } from "./promote-unit";
export { openPreparedPullRequest, resumePreparedPullRequest, type PreparedPullRequest } from "./open-prepared-pull-request";
export type { PreviewFile, UnitCollision } from "./build-scaffold-plan";
export type { ScaffoldOutcome, ScaffoldView } from "./scaffold-view";
export { previewPromotion, type PromotionPreview } from "./promote-unit";

// The scaffold's input validation and form model, for other domains that write inputs (an upgrade's new required inputs).
export { validateInputs, type ValidateInputsResult, type InputFieldError } from "./core/validate-inputs";
export { buildFormModel, type FormModel } from "./core/build-form-model";
export type { ScaffoldVariable } from "./core/scaffold-variable";

// Links to the scaffold pages (pure).
export { buildNewScaffoldPath, readLegacyScaffoldLink, type ModuleVersionLink } from "./core/scaffold-links";

// Input schemas.
export {
  createScaffoldInputSchema,
  promoteUnitInputSchema,
  scaffoldInputSchema,
  type CreateScaffoldInput,
  type PromoteUnitInput,
  type ScaffoldInput,
} from "./scaffold-input";

// Dependencies and request states.
export type { ScaffoldDeps, ScaffoldKind, ScaffoldState } from "./ports";

/** Scaffold as the platform runs it: resuming stalled deliveries, and pull request events (merges record consumptions). */
export const scaffoldDomain: DomainDefinition = {
  name: "scaffold",
  jobs: scaffoldJobModule.jobs,
  webhookHandlers: { pull_request: handleScaffoldPullRequestEvent },
};
