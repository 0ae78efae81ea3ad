"use client";

import type { ActionResult } from "@/lib/platform/http/define-action";
import type { CreateScaffoldInput, ScaffoldInput, ScaffoldOutcome, ScaffoldPreview, ScaffoldTargetWorkload } from "@/lib/scaffold";
import type { FormModel } from "@/lib/scaffold/core/build-form-model";
import { workloadEnvs } from "@/lib/workloads/core/workload-envs";
import { ScaffoldEditor, type ScaffoldEditorProps } from "./scaffold-editor";

export interface NewScaffoldFormProps {
  workloads: ScaffoldTargetWorkload[];
  initialWorkload?: string;
  versionId: string;
  version: string;
  status: "active" | "deprecated" | "vulnerable" | "withdrawn";
  form: FormModel;
  /** The advisory and the prod rule when the version is flagged vulnerable. */
  vulnerability: ScaffoldEditorProps["vulnerability"];
  defaultUnitName: string;
  preview: (input: ScaffoldInput) => Promise<ActionResult<ScaffoldPreview>>;
  create: (input: CreateScaffoldInput) => Promise<ActionResult<ScaffoldOutcome>>;
}

/** The scaffold page's form: any env, the workload's regions, the chosen module version. */
export function NewScaffoldForm(props: NewScaffoldFormProps) {
  return (
    <ScaffoldEditor
      kind="create"
      workloads={props.workloads}
      initialWorkload={props.initialWorkload}
      envs={workloadEnvs}
      versions={[{ id: props.versionId, version: props.version, status: props.status }]}
      initialVersionId={props.versionId}
      form={props.form}
      initialUnitName={props.defaultUnitName}
      allowStyleChoice
      preview={props.preview}
      submit={props.create}
      vulnerability={props.vulnerability}
    />
  );
}
