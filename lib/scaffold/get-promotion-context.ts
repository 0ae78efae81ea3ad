import type { Viewer } from "@/lib/platform/auth/roles";
import { buildFormModel, type FormModel } from "./core/build-form-model";
import type { InputValue } from "@/lib/hcl";
import type { ScaffoldVariable } from "./core/scaffold-variable";
import { variablesOf } from "./build-scaffold-plan";
import type { ScaffoldDeps } from "./ports";
import { readPromotionSource } from "./read-promotion-source";

export interface PromotionContext {
  from: {
    unitPath: string;
    env: string;
    region: string;
    unitName: string;
    inputs: Record<string, InputValue>;
    source: string | null;
    ref: string | null;
    moduleVersionId: string | null;
    module: { name: string; source: string } | null;
  };
  toEnv: "stage" | "prod";
  /** The target unit path when the region stays the same. */
  toUnitPath: string;
  /** Null when the unit's version is not in the catalogue (then it cannot be promoted here). */
  form: FormModel | null;
  variables: ScaffoldVariable[];
  /** Other versions of the same module the user may pick, newest first. */
  versions: Array<{ id: string; version: string; status: "active" | "deprecated" | "vulnerable" | "withdrawn" }>;
}

/** What the "Promote to stage/prod" form needs: the unit, its inputs as defaults, and the form. */
export async function getPromotionContext(deps: ScaffoldDeps, viewer: Viewer, options: { workload: string; unitPath: string }): Promise<PromotionContext> {
  const from = await readPromotionSource(deps, viewer, options);
  const version = from.match?.moduleVersionId ? await deps.store.findModuleVersion(from.match.moduleVersionId) : null;
  const variables = version ? variablesOf(version) : [];
  return {
    from: {
      unitPath: from.unitPath,
      env: from.env,
      region: from.region,
      unitName: from.unitName,
      inputs: from.inputs,
      source: from.source,
      ref: from.ref,
      moduleVersionId: from.match?.moduleVersionId ?? null,
      module: from.match ? { name: from.match.name, source: from.match.source } : null,
    },
    toEnv: from.toEnv,
    toUnitPath: `${from.toEnv}/${from.region}/${from.unitName}/terragrunt.hcl`,
    form: version ? buildFormModel(variables) : null,
    variables,
    versions: (from.match?.versions ?? []).filter((v) => v.status !== "withdrawn").map((v) => ({ id: v.id, version: v.version, status: v.status })),
  };
}
