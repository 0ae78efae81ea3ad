import type { Viewer } from "@/lib/platform/auth/roles";
import type { FieldError } from "@/lib/errors/app-error";
import type { ConditionNote } from "./core/validate-inputs";
import { buildScaffoldPlan, type PreviewFile, type UnitCollision } from "./build-scaffold-plan";
import type { ScaffoldDeps } from "./ports";
import { scaffoldInputSchema, type ScaffoldInput } from "./scaffold-input";

export type ScaffoldPreview =
  | { ok: true; unitPath: string; files: PreviewFile[]; collision: UnitCollision | null; notes: ConditionNote[] }
  | { ok: false; fieldErrors: FieldError[] };

/**
 * What a scaffold would write, and the diff against the consumer repo's default branch.
 * Nothing is written. Input errors come back as `fieldErrors` (paths as validate-inputs
 * produces them), not as an exception, so the form can show them next to the fields.
 */
export async function previewScaffold(deps: ScaffoldDeps, viewer: Viewer, input: ScaffoldInput): Promise<ScaffoldPreview> {
  const plan = await buildScaffoldPlan(deps, viewer, scaffoldInputSchema.parse(input));
  if (!plan.ok) return plan;
  return { ok: true, unitPath: plan.unitPath, files: plan.files, collision: plan.collision, notes: plan.notes };
}
