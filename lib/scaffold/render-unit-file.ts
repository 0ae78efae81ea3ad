import { bumpSourceRef, isDeepEqual, readUnit, renderTerraformModuleBlock, renderTerragruntUnit, type InputValue, type TerragruntDependency } from "@/lib/hcl";
import { moduleKey, sourceKey } from "@/lib/workloads";
import type { ModuleVersionRecord } from "./ports";

export interface RenderUnitFileOptions {
  version: Pick<ModuleVersionRecord, "tag" | "module">;
  style: "terragrunt" | "terraform";
  unitName: string;
  inputs: Record<string, InputValue>;
  gitUrl: string;
  /** The file there now, if any: kept byte-for-byte where only the ref changes. */
  before: string | null;
}

/**
 * The unit file for a module version and inputs. When a unit of the same module already sits
 * there with the same inputs, only `?ref=` is bumped so the file keeps its formatting; otherwise
 * it is rendered fresh, reusing the existing repo URL and dependency blocks. Pure: text in, text
 * out (it lives outside core/ only because module matching is the workloads domain's).
 */
export async function renderUnitFile(options: RenderUnitFileOptions): Promise<string> {
  const { version } = options;
  const key = moduleKey(version.module.source, version.module.path);
  let repoUrl = `${options.gitUrl.replace(/\/+$/, "")}/${version.module.source.owner}/${version.module.source.repo}.git`;
  let dependencies: TerragruntDependency[] = [];
  if (options.before !== null) {
    const existing = await readUnit(options.before).catch(() => null);
    const block = options.style === "terraform" ? existing?.modules[0] : existing;
    const current = sourceKey(block?.source ?? null);
    if (existing && block && current?.key === key) {
      if (isDeepEqual(block.inputs, options.inputs)) {
        const bumped = await bumpSourceRef({ text: options.before, newRef: version.tag, ...(options.style === "terraform" ? { moduleName: existing.modules[0]?.name } : {}) });
        return bumped.text;
      }
      repoUrl = current.repoUrl;
      dependencies = existing.dependencies.filter((d): d is { name: string; configPath: string } => typeof d.configPath === "string").map((d) => ({ name: d.name, configPath: d.configPath }));
    }
  }
  const source = { repoUrl, path: version.module.path.replace(/^\.$/, ""), ref: version.tag };
  return options.style === "terraform"
    ? renderTerraformModuleBlock({ name: options.unitName.replace(/-/g, "_"), source, inputs: options.inputs })
    : renderTerragruntUnit({ source, inputs: options.inputs, dependencies });
}
