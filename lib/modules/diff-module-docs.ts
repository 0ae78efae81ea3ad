import { formatTypeExpression, normalizeTypeExpression } from "@/lib/hcl";
import type { InputValidation, ModuleDocs, ModuleInput, ModuleOutput, ModuleProvider } from "./module-docs";

export interface FieldChange<T> {
  before: T;
  after: T;
}

export interface InputChange {
  name: string;
  type?: FieldChange<string>;
  /** Defaults compared as HCL text; null means "no default". */
  default?: FieldChange<string | null>;
  required?: FieldChange<boolean>;
  sensitive?: FieldChange<boolean>;
  nullable?: FieldChange<boolean>;
  description?: FieldChange<string | null>;
  validations?: FieldChange<InputValidation[]>;
}

export interface OutputChange {
  name: string;
  description?: FieldChange<string | null>;
  sensitive?: FieldChange<boolean>;
}

export interface ProviderChange {
  name: string;
  source?: FieldChange<string | null>;
  versionConstraint?: FieldChange<string | null>;
}

export interface ModuleDocsDiff {
  inputs: { added: ModuleInput[]; removed: ModuleInput[]; changed: InputChange[] };
  outputs: { added: ModuleOutput[]; removed: ModuleOutput[]; changed: OutputChange[] };
  providers: { added: ModuleProvider[]; removed: ModuleProvider[]; changed: ProviderChange[] };
  requiredVersion: FieldChange<string | null> | null;
  /** True when callers of the old version may have to change their code to upgrade. */
  breaking: boolean;
  breakingReasons: string[];
}

/**
 * Compares the docs of two versions of a module. A change is breaking when an upgrade
 * can fail for existing callers: a new required input, a removed input, an input's
 * type change or an optional input turned required, or a removed output.
 */
export function diffModuleDocs(from: ModuleDocs, to: ModuleDocs): ModuleDocsDiff {
  const reasons: string[] = [];

  const inputs = diffByName(from.inputs, to.inputs, diffInput);
  for (const input of inputs.added) {
    if (input.required) reasons.push(`New required input "${input.name}"`);
  }
  for (const input of inputs.removed) reasons.push(`Removed input "${input.name}"`);
  for (const change of inputs.changed) {
    if (change.type) {
      reasons.push(`Input "${change.name}" changed type from ${formatTypeExpression(change.type.before)} to ${formatTypeExpression(change.type.after)}`);
    }
    if (change.required && change.required.after) reasons.push(`Input "${change.name}" is now required`);
  }

  const outputs = diffByName(from.outputs, to.outputs, diffOutput);
  for (const output of outputs.removed) reasons.push(`Removed output "${output.name}"`);

  const providers = diffByName(from.providers, to.providers, diffProvider);
  const requiredVersion =
    from.requiredVersion === to.requiredVersion ? null : { before: from.requiredVersion, after: to.requiredVersion };

  return {
    inputs,
    outputs,
    providers,
    requiredVersion,
    breaking: reasons.length > 0,
    breakingReasons: reasons,
  };
}

function diffByName<T extends { name: string }, C extends { name: string }>(
  before: T[],
  after: T[],
  compare: (a: T, b: T) => C | null,
): { added: T[]; removed: T[]; changed: C[] } {
  const beforeByName = new Map(before.map((item) => [item.name, item]));
  const afterByName = new Map(after.map((item) => [item.name, item]));
  const changed: C[] = [];
  for (const item of after) {
    const old = beforeByName.get(item.name);
    if (!old) continue;
    const change = compare(old, item);
    if (change) changed.push(change);
  }
  return {
    added: after.filter((item) => !beforeByName.has(item.name)),
    removed: before.filter((item) => !afterByName.has(item.name)),
    changed,
  };
}

function diffInput(a: ModuleInput, b: ModuleInput): InputChange | null {
  const change: InputChange = { name: b.name };
  if (normalizeTypeExpression(a.type) !== normalizeTypeExpression(b.type)) change.type = { before: a.type, after: b.type };
  if (a.defaultText !== b.defaultText) change.default = { before: a.defaultText, after: b.defaultText };
  if (a.required !== b.required) change.required = { before: a.required, after: b.required };
  if (a.sensitive !== b.sensitive) change.sensitive = { before: a.sensitive, after: b.sensitive };
  if (a.nullable !== b.nullable) change.nullable = { before: a.nullable, after: b.nullable };
  if (a.description !== b.description) change.description = { before: a.description, after: b.description };
  if (JSON.stringify(a.validations) !== JSON.stringify(b.validations)) {
    change.validations = { before: a.validations, after: b.validations };
  }
  return Object.keys(change).length > 1 ? change : null;
}

function diffOutput(a: ModuleOutput, b: ModuleOutput): OutputChange | null {
  const change: OutputChange = { name: b.name };
  if (a.description !== b.description) change.description = { before: a.description, after: b.description };
  if (a.sensitive !== b.sensitive) change.sensitive = { before: a.sensitive, after: b.sensitive };
  return Object.keys(change).length > 1 ? change : null;
}

function diffProvider(a: ModuleProvider, b: ModuleProvider): ProviderChange | null {
  const change: ProviderChange = { name: b.name };
  if (a.source !== b.source) change.source = { before: a.source, after: b.source };
  if (a.versionConstraint !== b.versionConstraint) {
    change.versionConstraint = { before: a.versionConstraint, after: b.versionConstraint };
  }
  return Object.keys(change).length > 1 ? change : null;
}
