import type { FormModel } from "@/lib/scaffold/core/build-form-model";
import type { ScaffoldEnv } from "@/lib/scaffold/scaffold-input";

/*
 * The shapes the scaffold screens render. They mirror the scaffold use cases' results (see
 * lib/scaffold), narrowed to what the UI reads, so pages can pass use-case results straight in.
 */

/** Result of a server action (lib/platform/http/define-action's ActionResult). */
export type ActionOutcome<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; fieldErrors?: { path: string; message: string }[] } };

export interface WorkloadOption {
  slug: string;
  name: string;
  consumerRepo: string | null;
  envs: readonly string[];
  regions: readonly string[];
  /** Region folders per env (`<env>/<region>/region.hcl`), when known. */
  regionsByEnv?: Record<string, readonly string[]>;
}

export interface VersionOption {
  id: string;
  version: string;
  status: string;
}

export interface PreviewFile {
  path: string;
  content: string;
  before: string | null;
  diff: string;
}

export type PreviewOutcome =
  | {
      ok: true;
      unitPath: string;
      files: PreviewFile[];
      collision: { unitPath: string; source?: string | null; ref?: string | null } | null;
      notes: { path: string; condition: string; errorMessage: string }[];
    }
  | { ok: false; fieldErrors: { path: string; message: string }[] };

export interface SubmittedScaffold {
  id: string;
  state: string;
  prUrl: string | null;
  prNumber: number | null;
  failureMessage: string | null;
}

/** What the editor sends: the form, plus which module version and where. */
export interface EditorInput {
  workload: string;
  moduleVersionId: string;
  env: ScaffoldEnv;
  region: string;
  unitName: string;
  style: "terragrunt" | "terraform";
  values: Record<string, unknown>;
}

export type LoadForm = (moduleVersionId: string) => Promise<ActionOutcome<{ form: FormModel }>>;
