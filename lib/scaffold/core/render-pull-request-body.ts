import { emitHclValue, type InputValue, isExprValue } from "@/lib/hcl";

export interface RenderPullRequestOptions {
  kind: "create" | "update" | "promote";
  module: { name: string; source: string };
  version: string;
  /** Absolute (or portal-relative) link to the module's catalogue page at this version. */
  catalogueUrl: string;
  workload: string;
  unitPath: string;
  /** For promotions: the unit copied. */
  promotedFrom?: string | null;
  inputs: Record<string, unknown>;
  sensitiveInputs: ReadonlySet<string>;
  requestedBy: string;
  /** Link to the request in the portal. */
  requestUrl: string;
}

const MAX_VALUE = 400;

function showValue(name: string, value: unknown, sensitive: boolean): string {
  if (sensitive) {
    // Validation only lets references through for sensitive inputs; never print anything else.
    return isExprValue(value) ? `\`${value.__expr}\` _(reference; sensitive input)_` : "_(sensitive, hidden)_";
  }
  const text = emitHclValue(value as InputValue, 0);
  const short = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
  return short.includes("\n") ? `\n\n  \`\`\`hcl\n${short.replace(/^/gm, "  ")}\n  \`\`\`` : `\`${short.replace(/`/g, "'")}\``;
}

/** The PR title: what changes where. */
export function renderPullRequestTitle(options: Pick<RenderPullRequestOptions, "kind" | "module" | "version" | "unitPath">): string {
  const verb = options.kind === "promote" ? "Promote" : options.kind === "update" ? "Update" : "Add";
  const folder = options.unitPath.replace(/\/terragrunt\.hcl$|\/main\.tf$/, "");
  return `${verb} ${options.module.name} ${options.version} in ${folder}`;
}

/** The PR body: module and version with a catalogue link, inputs, who asked, and a review checklist. */
export function renderPullRequestBody(options: RenderPullRequestOptions): string {
  const inputs = Object.entries(options.inputs);
  const lines = [
    options.kind === "promote"
      ? `Promotes \`${options.promotedFrom ?? "a unit"}\` to \`${options.unitPath}\` for the **${options.workload}** workload.`
      : `${options.kind === "update" ? "Updates" : "Adds"} \`${options.unitPath}\` for the **${options.workload}** workload.`,
    "",
    `**Module:** [${options.module.name} ${options.version}](${options.catalogueUrl}) from \`${options.module.source}\``,
    `**Requested by:** ${options.requestedBy} via [Bulkhead](${options.requestUrl})`,
    "",
    "### Inputs",
    "",
    ...(inputs.length === 0
      ? ["_No inputs set: the module's defaults apply._"]
      : inputs.map(([name, value]) => `- \`${name}\` = ${showValue(name, value, options.sensitiveInputs.has(name))}`)),
    "",
    "Inputs left at their default are not written to the file. Sensitive inputs are references only, never values.",
    "",
    "### Checklist",
    "",
    "- [ ] The plan for this unit shows only the expected changes",
    "- [ ] Inputs match this environment (names, CIDRs, sizes)",
    "- [ ] Secrets are referenced, not committed",
    ...(options.kind === "promote" ? ["- [ ] The source unit has been applied and verified in the previous environment"] : []),
    "",
    "<sub>Opened by the Bulkhead GitHub App. Merging records the consumption in the portal; closing marks the request closed.</sub>",
  ];
  return `${lines.join("\n")}\n`;
}
