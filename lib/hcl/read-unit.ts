import { convertHclJsonValue } from "./convert-hcl-json";
import type { InputValue } from "./input-value";
import { parseHclFile } from "./parse-hcl";

export interface UnitContents {
  /** The `terraform { source }` string, or null when the unit has none. */
  source: string | null;
  /** `inputs = { ... }`, with literal strings unescaped and references as `{ __expr }`. */
  inputs: Record<string, InputValue>;
  dependencies: Array<{ name: string; configPath: InputValue }>;
  /** `module "<name>" { source, ...inputs }` blocks, for plain Terraform files. */
  modules: Array<{ name: string; source: string | null; inputs: Record<string, InputValue> }>;
}

type Blocks = Record<string, Array<Record<string, unknown>>>;

/** Reads an existing unit (or plain Terraform file) into its source and input values. */
export async function readUnit(text: string): Promise<UnitContents> {
  const parsed = await parseHclFile(text);
  const terraform = (parsed.terraform as Array<Record<string, unknown>> | undefined)?.[0];
  const inputs = convertHclJsonValue(parsed.inputs ?? {});
  const dependencies = Object.entries((parsed.dependency as Blocks | undefined) ?? {}).map(([name, blocks]) => ({
    name,
    configPath: convertHclJsonValue(blocks[0]?.config_path ?? null),
  }));
  const modules = Object.entries((parsed.module as Blocks | undefined) ?? {}).map(([name, blocks]) => {
    const { source, ...rest } = blocks[0] ?? {};
    return {
      name,
      source: typeof source === "string" ? source : null,
      inputs: convertHclJsonValue(rest) as Record<string, InputValue>,
    };
  });
  return {
    source: typeof terraform?.source === "string" ? terraform.source : null,
    inputs: typeof inputs === "object" && inputs !== null && !Array.isArray(inputs) ? (inputs as Record<string, InputValue>) : {},
    dependencies,
    modules,
  };
}
