import type { ChangelogEntry } from "@/lib/modules/changelog";
import { diffModuleDocs, type ModuleDocsDiff } from "@/lib/modules/diff-module-docs";
import type { ModuleDocs } from "@/lib/modules/module-docs";
import { AppError } from "@/lib/errors/app-error";
import { addUnitInputs, bumpModuleVersion, bumpSourceRef, parseHcl, TERRAFORM_MODULE_EXPRESSION_POLICY, TERRAGRUNT_UNIT_EXPRESSION_POLICY, type InputValue } from "@/lib/hcl";
import { classifyUpgrade } from "./classify-upgrade";
import type { NoticeKind } from "./compute-notices";
import { cleanUserText, markdownFencedBlock, markdownInlineCode, markdownLink, plainTitle, type MarkdownInlineCodeOptions } from "@/lib/markdown";
import type { ModuleReference } from "./find-module-references";
import { splitHclTemplate } from "./resolve-source-template";
import { rewriteVersionConstraint } from "./rewrite-version-constraint";
import type { VersionAdvisory } from "./types";

export interface UpgradeVersion {
  /** Canonical semver, e.g. `1.4.0`. */
  version: string;
  /** The git tag, e.g. `vpc/v1.4.0`. */
  tag: string;
  /** Null when the version's docs could not be extracted. */
  docs: ModuleDocs | null;
}

export interface BuildUpgradePlanOptions {
  /** The file the reference sits in, at the commit the PR is based on. */
  file: { path: string; content: string };
  reference: Pick<ModuleReference, "kind" | "moduleName" | "normalized" | "ref" | "versionConstraint" | "source" | "resolvedSource" | "inheritedFrom" | "unitPath">;
  module: { name: string };
  workload: string;
  from: UpgradeVersion;
  to: UpgradeVersion;
  /** The changelog sections after `from` up to `to`, newest first (`extractChangelogRange`). */
  changelog: readonly ChangelogEntry[];
  /** The notice the upgrade answers, if any; `url` is its page in the portal. */
  notice: { kind: NoticeKind; dueAt: Date; url: string; advisory: VersionAdvisory | null } | null;
  /**
   * Values for the target version's new required inputs, already validated against its variables
   * (the scaffold's `validateInputs`): written into the unit's inputs in place, and struck from
   * what the user must do.
   */
  newInputs?: Record<string, InputValue>;
}

export type InputAction =
  | { kind: "add_required_input"; name: string; type: string; description: string | null }
  | { kind: "input_now_required"; name: string; type: string }
  | { kind: "remove_input"; name: string }
  | { kind: "check_input_type"; name: string; before: string; after: string };

export interface UpgradePlan {
  /** The file with only the ref (or version) changed. */
  content: string;
  changed: boolean;
  edit: { kind: "ref" | "version"; before: string; after: string };
  /** What the user must change by hand for the new version. */
  actions: InputAction[];
  /** Null when either version's docs are missing. */
  diff: ModuleDocsDiff | null;
  /**
   * Inputs the target version requires that the unit does not set (added as required, or no
   * default any more): what the portal's form asks for before the PR opens. Empty once filled.
   */
  requiredInputs: string[];
  /** The portal can write inputs into this file in place (they are a literal object, not an expression). */
  inputsWritable: boolean;
  /** Inputs this plan writes (from `newInputs`). */
  filledInputs: string[];
  title: string;
  body: string;
}

/** Which expressions a value written into this reference's file may hold: dependency outputs in a Terragrunt unit, var./local. in a module block. */
export function expressionStyleOf(reference: Pick<ModuleReference, "kind">): "terragrunt" | "terraform" {
  return reference.kind === "module" ? "terraform" : "terragrunt";
}

// GitHub refuses PR bodies over 65,536 characters; leave room for what GitHub and we add.
const MAX_BODY = 60_000;
const MAX_CHANGELOG = 40_000;
const MAX_LIST = 50;
const MAX_INLINE = 200;

/** A value as inline code, capped so that one long name or path cannot crowd out the changelog. */
function inlineCode(value: string, options: MarkdownInlineCodeOptions = { maxLength: MAX_INLINE }): string {
  return markdownInlineCode(value, options);
}

/**
 * Builds an upgrade PR's content: the unit file with only its `?ref=` (or registry `version`)
 * changed in place, the input changes the user must act on, and a PR body carrying the changelog
 * between the versions, the input and output diff, the due date and a link to the notice. Every
 * value taken from a user or a repo goes through `lib/markdown`.
 */
export async function buildUpgradePlan(options: BuildUpgradePlanOptions): Promise<UpgradePlan> {
  const level = classifyUpgrade(options.from.tag, options.to.tag);
  if (level === "none") throw new AppError("INVALID_INPUT", `${options.to.version} is not newer than ${options.from.version}`);
  const edited = await editFile(options);
  const diff = options.from.docs && options.to.docs ? diffModuleDocs(options.from.docs, options.to.docs) : null;
  const setInputs = await readSetInputs(options.file, options.reference);
  const allActions = diff ? listActions(diff, setInputs) : [];
  const missing = allActions.filter((a) => a.kind === "add_required_input" || a.kind === "input_now_required").map((a) => a.name);
  const newInputs = options.newInputs ?? {};
  const filledInputs = Object.keys(newInputs);
  const stray = filledInputs.find((name) => !missing.includes(name));
  if (stray) {
    throw new AppError("INVALID_INPUT", `${stray} is not an input ${options.to.version} newly requires of this unit; change other inputs in a PR of your own`, { fieldErrors: [{ path: stray, message: "Not a new required input" }] });
  }
  let content = edited.content;
  if (filledInputs.length > 0) {
    const moduleName = options.reference.kind === "module" ? (options.reference.moduleName ?? undefined) : undefined;
    const policy = expressionStyleOf(options.reference) === "terraform" ? TERRAFORM_MODULE_EXPRESSION_POLICY : TERRAGRUNT_UNIT_EXPRESSION_POLICY;
    content = (await addUnitInputs({ text: content, inputs: newInputs, moduleName, policy })).text;
  }
  const actions = allActions.filter((a) => !((a.kind === "add_required_input" || a.kind === "input_now_required") && filledInputs.includes(a.name)));
  const requiredInputs = missing.filter((name) => !filledInputs.includes(name));
  const title = plainTitle(`Upgrade ${options.module.name} to ${options.to.version} in ${options.reference.unitPath || "/"}`);
  const body = renderBody({ ...options, level, edit: edited.edit, actions, diff, setInputs, filledInputs });
  return { content, changed: edited.changed, edit: edited.edit, actions, diff, requiredInputs, inputsWritable: setInputs.names !== null, filledInputs, title, body };
}

async function editFile(options: BuildUpgradePlanOptions): Promise<Pick<UpgradePlan, "content" | "changed" | "edit">> {
  const { reference, file, to } = options;
  if (reference.inheritedFrom) {
    throw new AppError("CONFLICT", `This unit takes its source from ${reference.inheritedFrom.file}; changing it there would upgrade every unit that includes it`);
  }
  const normalized = reference.normalized;
  if (!normalized || reference.resolvedSource === null) throw new AppError("CONFLICT", "The source is built from expressions the portal cannot read; upgrade it by hand");
  if (splitHclTemplate(reference.source).some((part) => part.kind === "expression")) {
    throw new AppError("CONFLICT", "The source is built from locals; upgrade it by hand where the ref is set");
  }
  const moduleName = reference.kind === "module" ? (reference.moduleName ?? undefined) : undefined;
  if (normalized.type === "git") {
    // Keep the team's spelling of a full tag ref.
    const prefix = reference.ref?.startsWith("refs/tags/") ? "refs/tags/" : "";
    const result = await bumpSourceRef({ text: file.content, newRef: `${prefix}${to.tag}`, expectedOldRef: reference.ref ?? undefined, moduleName });
    return { content: result.text, changed: result.changed, edit: { kind: "ref", before: result.oldRef ?? "", after: `${prefix}${to.tag}` } };
  }
  if (normalized.type === "registry") {
    const newVersion = reference.kind === "module" ? rewriteVersionConstraint(reference.versionConstraint, to.version) : to.version;
    if (reference.kind === "module" && reference.versionConstraint === null) {
      throw new AppError("CONFLICT", "The module block has no version constraint, so it already takes the newest version");
    }
    const result = await bumpModuleVersion({ text: file.content, newVersion, expectedOldVersion: reference.versionConstraint ?? undefined, moduleName });
    return { content: result.text, changed: result.changed, edit: { kind: "version", before: result.oldVersion, after: newVersion } };
  }
  throw new AppError("CONFLICT", `A ${normalized.type} source has no version to upgrade`);
}

/** Input names the reference sets in this file; null when they are built by an expression the portal cannot list. */
interface SetInputs {
  names: Set<string> | null;
  /** Terragrunt units with includes may get inputs from the included configs too. */
  mayComeFromIncludes: boolean;
}

const MODULE_META_ARGUMENTS = new Set(["source", "version", "providers", "count", "for_each", "depends_on"]);

async function readSetInputs(file: BuildUpgradePlanOptions["file"], reference: BuildUpgradePlanOptions["reference"]): Promise<SetInputs> {
  const parsed = await parseHcl(file.path, file.content);
  if (!parsed.ok) throw new AppError("INVALID_INPUT", `${file.path} does not parse: ${parsed.errors[0]?.message ?? "syntax error"}`);
  if (reference.kind === "module") {
    const blocks = (parsed.body.module as Record<string, Array<Record<string, unknown>>> | undefined)?.[reference.moduleName ?? ""];
    const block = blocks?.[0] ?? {};
    return { names: new Set(Object.keys(block).filter((k) => !MODULE_META_ARGUMENTS.has(k))), mayComeFromIncludes: false };
  }
  const inputs = parsed.body.inputs;
  const mayComeFromIncludes = parsed.body.include !== undefined;
  if (inputs === undefined) return { names: new Set(), mayComeFromIncludes };
  if (typeof inputs === "object" && inputs !== null && !Array.isArray(inputs)) return { names: new Set(Object.keys(inputs)), mayComeFromIncludes };
  return { names: null, mayComeFromIncludes };
}

function listActions(diff: ModuleDocsDiff, set: SetInputs): InputAction[] {
  const isSet = (name: string) => set.names?.has(name) ?? null;
  const actions: InputAction[] = [];
  for (const input of diff.inputs.added) {
    if (input.required && isSet(input.name) !== true) actions.push({ kind: "add_required_input", name: input.name, type: input.type, description: input.description });
  }
  for (const change of diff.inputs.changed) {
    if (change.required?.after === true && isSet(change.name) !== true) {
      actions.push({ kind: "input_now_required", name: change.name, type: change.type?.after ?? "" });
    }
  }
  for (const input of diff.inputs.removed) {
    if (isSet(input.name) !== false) actions.push({ kind: "remove_input", name: input.name });
  }
  for (const change of diff.inputs.changed) {
    if (change.type && isSet(change.name) !== false) actions.push({ kind: "check_input_type", name: change.name, before: change.type.before, after: change.type.after });
  }
  return actions;
}

interface RenderBodyOptions extends BuildUpgradePlanOptions {
  level: string;
  edit: UpgradePlan["edit"];
  actions: InputAction[];
  diff: ModuleDocsDiff | null;
  setInputs: SetInputs;
  filledInputs: string[];
}

function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function renderBody(o: RenderBodyOptions): string {
  const lines: string[] = [];
  const where = o.reference.kind === "module" ? `module ${inlineCode(o.reference.moduleName ?? "")} in ${inlineCode(o.file.path)}` : inlineCode(o.file.path);
  lines.push(
    `Upgrades ${inlineCode(o.module.name)} from ${inlineCode(o.from.version)} to ${inlineCode(o.to.version)} (${o.level}) in ${where}, for the workload ${inlineCode(o.workload)}.`,
    "",
    o.filledInputs.length === 0
      ? `**Change:** ${o.edit.kind === "ref" ? "the source's ref" : "the version"} ${inlineCode(o.edit.before)} becomes ${inlineCode(o.edit.after)}. No other byte of the file changes.`
      : `**Change:** ${o.edit.kind === "ref" ? "the source's ref" : "the version"} ${inlineCode(o.edit.before)} becomes ${inlineCode(o.edit.after)}, and the new required ${o.filledInputs.length === 1 ? "input" : "inputs"} ${o.filledInputs.slice(0, MAX_LIST).map((n) => inlineCode(n)).join(", ")} ${o.filledInputs.length === 1 ? "is" : "are"} added to the unit's inputs with the values filled in through the portal: review them. No other byte of the file changes.`,
  );
  if (o.notice) {
    lines.push(`**Due:** ${formatDate(o.notice.dueAt)}, see ${markdownLink("the notice in Bulkhead", o.notice.url)}.`);
    if (o.notice.kind === "vulnerable") {
      const advisory = o.notice.advisory;
      lines.push(
        `**Why:** ${inlineCode(o.from.version)} is flagged vulnerable${advisory ? ` (severity ${advisory.severity}${advisory.reference ? `, ${inlineCode(advisory.reference)}` : ""}${advisory.fixedIn ? `, fixed in ${inlineCode(advisory.fixedIn)}` : ""})` : ""}.`,
      );
      if (advisory?.summary) lines.push("", "Advisory:", "", markdownFencedBlock(advisory.summary, "text"));
    } else if (o.notice.kind === "deprecated") {
      lines.push(`**Why:** ${inlineCode(o.from.version)} is deprecated.`);
    } else {
      lines.push("**Why:** a newer version is available.");
    }
  }

  lines.push("", "### What you must do", "");
  if (!o.diff) {
    lines.push("_The portal could not read the inputs of one of the versions: compare them in the catalogue before merging._");
  } else if (o.actions.length === 0) {
    lines.push("Nothing by hand: no input change needs action. Review the plan as usual.");
  } else {
    const elsewhere = o.setInputs.names === null ? " (the inputs are built by an expression here, so check where they come from)" : o.setInputs.mayComeFromIncludes ? " (unless an included config sets it)" : "";
    for (const action of o.actions.slice(0, MAX_LIST)) lines.push(`- ${renderAction(action, o.to.version, elsewhere)}`);
    if (o.actions.length > MAX_LIST) lines.push(`- …and ${o.actions.length - MAX_LIST} more: see the catalogue's comparison.`);
  }

  lines.push("", "### Inputs and outputs", "");
  if (!o.diff) {
    lines.push("_Not available._");
  } else {
    const d = o.diff;
    const names = (items: Array<{ name: string }>) =>
      items
        .slice(0, MAX_LIST)
        .map((i) => inlineCode(i.name))
        .join(", ") + (items.length > MAX_LIST ? `, …and ${items.length - MAX_LIST} more` : "");
    const rows: string[] = [];
    if (d.inputs.added.length) rows.push(`- Inputs added: ${d.inputs.added.slice(0, MAX_LIST).map((i) => `${inlineCode(i.name)} (${i.required ? "required" : "optional"})`).join(", ")}`);
    if (d.inputs.removed.length) rows.push(`- Inputs removed: ${names(d.inputs.removed)}`);
    if (d.inputs.changed.length) rows.push(`- Inputs changed: ${d.inputs.changed.slice(0, MAX_LIST).map((c) => `${inlineCode(c.name)} (${describeInputChange(c)})`).join(", ")}`);
    if (d.outputs.added.length) rows.push(`- Outputs added: ${names(d.outputs.added)}`);
    if (d.outputs.removed.length) rows.push(`- Outputs removed: ${names(d.outputs.removed)} (units that read them through a dependency break)`);
    if (d.requiredVersion) rows.push(`- Terraform version: ${inlineCode(d.requiredVersion.before ?? "any")} becomes ${inlineCode(d.requiredVersion.after ?? "any")}`);
    lines.push(...(rows.length ? rows : ["No change to inputs or outputs."]));
  }

  lines.push("", "### Changelog", "");
  lines.push(...renderChangelog(o.changelog, o.from.version, o.to.version));
  lines.push("", "<sub>Opened by the Bulkhead GitHub App. Merging resolves the notice once the portal sees the new version.</sub>", "");
  let body = lines.join("\n");
  if (body.length > MAX_BODY) body = `${lines.slice(0, lines.indexOf("### Changelog")).join("\n")}\n### Changelog\n\n_Too long to include: read it in the catalogue._\n`;
  return body;
}

function renderAction(action: InputAction, version: string, elsewhere: string): string {
  switch (action.kind) {
    case "add_required_input":
      return `Add the input ${inlineCode(action.name)} (type ${inlineCode(action.type)}): ${inlineCode(version)} requires it and has no default${elsewhere}.${action.description ? ` It is described as ${inlineCode(action.description, { maxLength: 160 })}.` : ""}`;
    case "input_now_required":
      return `Set the input ${inlineCode(action.name)}${action.type ? ` (type ${inlineCode(action.type)})` : ""}: it has no default any more${elsewhere}.`;
    case "remove_input":
      return `Remove the input ${inlineCode(action.name)}: ${inlineCode(version)} no longer has it.`;
    case "check_input_type":
      return `Check the value of ${inlineCode(action.name)}: its type changes from ${inlineCode(action.before)} to ${inlineCode(action.after)}.`;
  }
}

function describeInputChange(change: ModuleDocsDiff["inputs"]["changed"][number]): string {
  const parts: string[] = [];
  if (change.type) parts.push(`type ${inlineCode(change.type.before)} → ${inlineCode(change.type.after)}`);
  if (change.required) parts.push(change.required.after ? "now required" : "now optional");
  if (change.default) parts.push(`default ${inlineCode(change.default.before ?? "none")} → ${inlineCode(change.default.after ?? "none")}`);
  if (change.sensitive) parts.push(change.sensitive.after ? "now sensitive" : "no longer sensitive");
  if (change.nullable) parts.push(change.nullable.after ? "now nullable" : "no longer nullable");
  if (change.validations) parts.push("validation changed");
  if (change.description) parts.push("description changed");
  return parts.join("; ");
}

function renderChangelog(entries: readonly ChangelogEntry[], from: string, to: string): string[] {
  if (entries.length === 0) return [`_The module's changelog has no entries between ${inlineCode(from)} and ${inlineCode(to)}._`];
  const out: string[] = [];
  let used = 0;
  let shown = 0;
  for (const entry of entries) {
    const text = cleanUserText(entry.markdown);
    if (used + text.length > MAX_CHANGELOG && shown > 0) break;
    const clipped = text.length > MAX_CHANGELOG ? `${text.slice(0, MAX_CHANGELOG)}\n…` : text;
    out.push(`**${inlineCode(entry.version)}**`, "", markdownFencedBlock(clipped, "markdown"), "");
    used += clipped.length;
    shown++;
  }
  if (shown < entries.length) out.push(`_${entries.length - shown} older entries left out: read them in the catalogue._`, "");
  return out;
}
