"use client";

import type { FormModel } from "@/lib/scaffold/core/build-form-model";
import { scaffoldEnvs } from "@/lib/scaffold/scaffold-input";
import { ScaffoldEditor } from "./scaffold-editor";
import type { ActionOutcome, EditorInput, PreviewOutcome, SubmittedScaffold, WorkloadOption } from "./scaffold-types";

export interface NewScaffoldProps {
  workloads: WorkloadOption[];
  initialWorkload?: string;
  versionId: string;
  version: string;
  form: FormModel;
  defaultUnitName: string;
  preview: (input: EditorInput) => Promise<ActionOutcome<PreviewOutcome>>;
  create: (input: EditorInput & { idempotencyKey: string; mode: "create" | "update" }) => Promise<ActionOutcome<SubmittedScaffold>>;
}

/** The scaffold page's form: any env, the workload's regions, the chosen module version. */
export function NewScaffold(props: NewScaffoldProps) {
  return (
    <ScaffoldEditor
      kind="create"
      workloads={props.workloads}
      initialWorkload={props.initialWorkload}
      envs={scaffoldEnvs}
      versions={[{ id: props.versionId, version: props.version, status: "active" }]}
      initialVersionId={props.versionId}
      form={props.form}
      initialUnitName={props.defaultUnitName}
      allowStyleChoice
      preview={props.preview}
      submit={props.create}
    />
  );
}
