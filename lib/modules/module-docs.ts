import { z } from "zod";

/** Where a problem was found; `line` is null when hcl2json did not say. */
export const docsErrorSchema = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  message: z.string(),
});
export type DocsError = z.infer<typeof docsErrorSchema>;

export const inputValidationSchema = z.object({
  condition: z.string(),
  errorMessage: z.string(),
});
export type InputValidation = z.infer<typeof inputValidationSchema>;

export const moduleInputSchema = z.object({
  name: z.string(),
  /** The type expression as written (e.g. `map(object({ a = string }))`), `any` when absent. */
  type: z.string(),
  /** False when the variable has no `type` argument (terraform-docs then infers one from the default). */
  typeDeclared: z.boolean(),
  /** The `description` argument, or else the `#`/`//` comment right above the block, as terraform-docs does. */
  description: z.string().nullable(),
  /** The default as a JSON value; non-literal parts are kept as their expression text. Null when required. */
  defaultJson: z.unknown(),
  /** The default as HCL text (`"a"`, `{ a = 1 }`, `null`); null when there is no `default` key. */
  defaultText: z.string().nullable(),
  /** True when the default holds an expression (e.g. `tomap({})`) we did not evaluate. */
  defaultIsExpression: z.boolean(),
  /** True iff there is no `default` key: `default = null` makes an input optional. */
  required: z.boolean(),
  sensitive: z.boolean(),
  nullable: z.boolean(),
  validations: z.array(inputValidationSchema),
  /** A `terraform-docs-ignore` comment sits above the block; terraform-docs renderers leave it out. */
  docsIgnored: z.boolean(),
  file: z.string(),
  line: z.number().int(),
});
export type ModuleInput = z.infer<typeof moduleInputSchema>;

export const moduleOutputSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  sensitive: z.boolean(),
  docsIgnored: z.boolean(),
  file: z.string(),
  line: z.number().int(),
});
export type ModuleOutput = z.infer<typeof moduleOutputSchema>;

export const moduleProviderSchema = z.object({
  /** Local name in required_providers, e.g. `aws`. */
  name: z.string(),
  source: z.string().nullable(),
  versionConstraint: z.string().nullable(),
});
export type ModuleProvider = z.infer<typeof moduleProviderSchema>;

export const moduleResourceSchema = z.object({
  /** Full resource type, e.g. `aws_vpc`. */
  type: z.string(),
  name: z.string(),
  mode: z.enum(["managed", "data"]),
  /** Provider local name: the `provider` meta-argument, else the type's prefix. */
  provider: z.string(),
  providerAlias: z.string().nullable(),
  description: z.string().nullable(),
  docsIgnored: z.boolean(),
  file: z.string(),
  line: z.number().int(),
});
export type ModuleResource = z.infer<typeof moduleResourceSchema>;

export const moduleCallSchema = z.object({
  name: z.string(),
  source: z.string(),
  version: z.string().nullable(),
  description: z.string().nullable(),
  docsIgnored: z.boolean(),
  file: z.string(),
  line: z.number().int(),
});
export type ModuleCall = z.infer<typeof moduleCallSchema>;

export const moduleFileSchema = z.object({ path: z.string(), content: z.string() });
export type ModuleFile = z.infer<typeof moduleFileSchema>;

export const moduleExampleSchema = z.object({
  name: z.string(),
  /** Relative to the module root, e.g. `examples/complete`. */
  path: z.string(),
  /** Paths relative to the module root. */
  files: z.array(moduleFileSchema),
});
export type ModuleExample = z.infer<typeof moduleExampleSchema>;

export const moduleDocsSchema = z.object({
  inputs: z.array(moduleInputSchema),
  outputs: z.array(moduleOutputSchema),
  providers: z.array(moduleProviderSchema),
  /** `required_version`; several terraform blocks are joined with ", ". */
  requiredVersion: z.string().nullable(),
  resources: z.array(moduleResourceSchema),
  modules: z.array(moduleCallSchema),
  /** Paths such as `modules/endpoints`. */
  submodules: z.array(z.string()),
  examples: z.array(moduleExampleSchema),
  readme: z.string().nullable(),
  /** The CHANGELOG section for the requested version, heading included. */
  changelog: z.string().nullable(),
  /** The leading block comment of main.tf, which terraform-docs uses as the header. */
  header: z.string().nullable(),
  errors: z.array(docsErrorSchema),
});
export type ModuleDocs = z.infer<typeof moduleDocsSchema>;

/** The docs of a module with nothing in it; `extra` overrides any field. A new object each call. */
export function emptyModuleDocs(extra: Partial<ModuleDocs> = {}): ModuleDocs {
  return {
    inputs: [],
    outputs: [],
    providers: [],
    requiredVersion: null,
    resources: [],
    modules: [],
    submodules: [],
    examples: [],
    readme: null,
    changelog: null,
    header: null,
    errors: [],
    ...extra,
  };
}
