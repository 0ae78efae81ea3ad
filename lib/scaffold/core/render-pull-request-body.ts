import { emitHclValue, type InputValue, isExprValue } from "@/lib/hcl";
import { escapeMarkdownText, markdownFencedBlock, markdownInlineCode, markdownLink } from "@/lib/markdown";
import type { VersionAdvisory } from "./decide-vulnerable-version";

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
  /** Set when the version is flagged vulnerable: reviewers see the advisory at the top. */
  advisory?: VersionAdvisory | null;
}

/** A warning block for a vulnerable version; every piece of it inert, as the rest of the body. */
function renderAdvisory(options: RenderPullRequestOptions, advisory: VersionAdvisory): string[] {
  const severity = advisory.severity ? ` (${advisory.severity} severity)` : "";
  const parts = [
    `**${escapeMarkdownText(`${options.module.name} ${options.version}`)} is flagged vulnerable${severity}.**`,
    advisory.text ? escapeMarkdownText(advisory.text) : "",
    advisory.fixedIn ? `Fixed in ${escapeMarkdownText(advisory.fixedIn)}.` : "No fixed version is known yet.",
    advisory.url && /^https:\/\//.test(advisory.url) ? markdownLink("Advisory", advisory.url) : "",
  ].filter(Boolean);
  return [
    "> [!WARNING]",
    `> ${parts.join(" ")}`,
    "> The requester confirmed they read the advisory; the portal's audit log records it.",
    "",
  ];
}

const MAX_VALUE = 400;

/** The value as HCL, for reading; the file in the PR is what counts. */
function displayValue(value: unknown): string {
  try {
    return emitHclValue(value as InputValue, 0);
  } catch {
    // A promotion copies a unit byte for byte, with expressions the portal itself would not
    // write; the body still shows them, inert inside a code block.
    return JSON.stringify(value, null, 2);
  }
}

interface ShownInput {
  /** The list item. */
  line: string;
  /** A multi-line value, shown in a code block after the list. */
  block: string | null;
}

function showInput(name: string, value: unknown, sensitive: boolean): ShownInput {
  const label = markdownInlineCode(name);
  if (sensitive) {
    // Validation only lets references through for sensitive inputs; never print anything else.
    const shown = isExprValue(value) ? `${markdownInlineCode(value.__expr)} _(reference; sensitive input)_` : "_(sensitive, hidden)_";
    return { line: `- ${label} = ${shown}`, block: null };
  }
  const text = displayValue(value);
  const short = text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
  if (!short.includes("\n")) return { line: `- ${label} = ${markdownInlineCode(short)}`, block: null };
  return { line: `- ${label}: see below`, block: `Value of ${label}:\n\n${markdownFencedBlock(short, "hcl")}` };
}

/** The PR title: what changes where. */
export function renderPullRequestTitle(options: Pick<RenderPullRequestOptions, "kind" | "module" | "version" | "unitPath">): string {
  const verb = options.kind === "promote" ? "Promote" : options.kind === "update" ? "Update" : "Add";
  const folder = options.unitPath.replace(/\/terragrunt\.hcl$|\/main\.tf$/, "");
  return `${verb} ${options.module.name} ${options.version} in ${folder}`;
}

/**
 * The PR body: module and version with a catalogue link, inputs, who asked, and a review
 * checklist. Every piece of user text (names, values, the requester) goes through
 * lib/markdown/markdown-safe, so none of it can add headings, mentions, links or HTML, or start
 * a line outside a code block.
 */
export function renderPullRequestBody(options: RenderPullRequestOptions): string {
  const inputs = Object.entries(options.inputs).map(([name, value]) => showInput(name, value, options.sensitiveInputs.has(name)));
  const workload = `**${escapeMarkdownText(options.workload)}**`;
  const lines = [
    ...(options.advisory ? renderAdvisory(options, options.advisory) : []),
    options.kind === "promote"
      ? `Promotes ${markdownInlineCode(options.promotedFrom ?? "a unit")} to ${markdownInlineCode(options.unitPath)} for the ${workload} workload.`
      : `${options.kind === "update" ? "Updates" : "Adds"} ${markdownInlineCode(options.unitPath)} for the ${workload} workload.`,
    "",
    `**Module:** ${markdownLink(`${options.module.name} ${options.version}`, options.catalogueUrl)} from ${markdownInlineCode(options.module.source)}`,
    `**Requested by:** ${escapeMarkdownText(options.requestedBy)} via ${markdownLink("Bulkhead", options.requestUrl)}`,
    "",
    "### Inputs",
    "",
    ...(inputs.length === 0 ? ["_No inputs set: the module's defaults apply._"] : inputs.map((input) => input.line)),
    ...inputs.flatMap((input) => (input.block ? ["", input.block] : [])),
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
