import type { ModuleInput } from "./core/types";

/** A required, declared `string` input in variables.tf line 1; `extra` overrides any field. */
export function moduleInput(name: string, extra: Partial<ModuleInput> = {}): ModuleInput {
  return {
    name,
    type: "string",
    typeDeclared: true,
    description: null,
    defaultJson: null,
    defaultText: null,
    defaultIsExpression: false,
    required: true,
    sensitive: false,
    nullable: true,
    validations: [],
    docsIgnored: false,
    file: "variables.tf",
    line: 1,
    ...extra,
  };
}
