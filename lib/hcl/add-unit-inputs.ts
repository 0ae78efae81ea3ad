import type { Node } from "web-tree-sitter";
import { AppError } from "@/lib/errors/app-error";
import type { HclExpressionPolicy } from "./check-hcl-expression";
import { emitHclValue, isHclIdentifier } from "./emit-hcl";
import { isDeepEqual, type InputValue } from "./input-value";
import { loadHclTreeSitter } from "./load-hcl-tree-sitter";
import { readUnit } from "./read-unit";

export interface AddUnitInputsOptions {
  text: string;
  /** New inputs, in the order they are written. Names must be plain identifiers not set yet. */
  inputs: Record<string, InputValue>;
  /** Add them to this `module "<name>"` block instead of the Terragrunt `inputs = { ... }`. */
  moduleName?: string;
  /** What raw expressions may reference in this file (the emitter refuses anything else). */
  policy: HclExpressionPolicy;
}

export interface AddUnitInputsResult {
  text: string;
  added: string[];
}

interface Insertion {
  /** Where the new lines go. */
  at: number;
  /** Indentation of the new attributes, in emitter levels (two spaces each). */
  level: number;
  /** Names already set there. */
  existing: Set<string>;
  /** The closing brace shares its line with other text (`inputs = {}`), so the new lines open with a line break. */
  openLine: boolean;
  /** Neither an `inputs` attribute nor anything to insert into: append a new one at the end. */
  append: boolean;
}

/**
 * Adds attributes to a unit's inputs in place: before the closing brace of a Terragrunt unit's
 * `inputs = { ... }` (appended as a new `inputs` block when there is none) or of a `module`
 * block. Only the new lines are inserted; every other byte of the file stays as it was (the
 * other attributes' alignment too, which `terraform fmt` may redo later). Values go through the
 * emitter (strings escaped, expressions only when `policy` allows them), and the result is read
 * back: the inputs must be exactly the old ones, unchanged, plus the new ones.
 */
export async function addUnitInputs({ text, inputs, moduleName, policy }: AddUnitInputsOptions): Promise<AddUnitInputsResult> {
  const names = Object.keys(inputs);
  if (names.length === 0) return { text, added: [] };
  for (const name of names) {
    if (!isHclIdentifier(name)) throw new AppError("INVALID_INPUT", `"${name.slice(0, 80)}" is not a valid input name`, { fieldErrors: [{ path: name.slice(0, 80), message: "Not a valid input name" }] });
  }
  const before = await readInputs(text, moduleName);
  const insertion = await locate(text, moduleName);
  const clash = names.find((name) => insertion.existing.has(name) || name in before);
  if (clash) throw new AppError("CONFLICT", `The unit already sets ${clash}; change it by hand`, { fieldErrors: [{ path: clash, message: "Already set in the unit" }] });

  const pad = "  ".repeat(insertion.level);
  // Keep the file's line ends (a CRLF file stays CRLF).
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = names.map((name) => `${pad}${name} = ${emitHclValue(inputs[name]!, insertion.level, policy).replace(/\n/g, eol)}${eol}`).join("");
  let next: string;
  if (insertion.append) {
    const separator = text.length === 0 || text.endsWith(eol + eol) ? "" : text.endsWith(eol) ? eol : eol + eol;
    next = `${text}${separator}inputs = {${eol}${lines}}${eol}`;
  } else {
    const piece = insertion.openLine ? `${eol}${lines}` : lines;
    next = text.slice(0, insertion.at) + piece + text.slice(insertion.at);
  }

  // The last line: whatever the values were, the file must read back as the old inputs plus exactly these.
  const after = await readInputs(next, moduleName).catch((error: unknown) => {
    throw new AppError("INVALID_INPUT", "Writing these inputs would break the file; nothing was written", { cause: error });
  });
  const expected = new Set([...Object.keys(before), ...names]);
  const keys = Object.keys(after);
  const same = keys.length === expected.size && keys.every((k) => expected.has(k)) && Object.keys(before).every((k) => isDeepEqual(before[k]!, after[k]!));
  if (!same) throw new AppError("INVALID_INPUT", "Writing these inputs would change the unit's other inputs; nothing was written");
  return { text: next, added: names };
}

async function readInputs(text: string, moduleName: string | undefined): Promise<Record<string, InputValue>> {
  const unit = await readUnit(text);
  if (moduleName === undefined) return unit.inputs;
  const block = unit.modules.find((m) => m.name === moduleName);
  if (!block) throw new AppError("NOT_FOUND", `No module "${moduleName}" in this file`);
  const { version: _version, providers: _providers, count: _count, for_each: _forEach, depends_on: _dependsOn, ...rest } = block.inputs;
  return rest;
}

async function locate(text: string, moduleName: string | undefined): Promise<Insertion> {
  const parser = await loadHclTreeSitter();
  const tree = parser.parse(text);
  if (!tree) throw new AppError("INVALID_INPUT", "HCL could not be parsed");
  try {
    if (tree.rootNode.hasError) throw new AppError("INVALID_INPUT", "The file has HCL syntax errors; it is not edited");
    const body = tree.rootNode.namedChildren.find((n) => n?.type === "body");
    const children = (body?.namedChildren ?? []).filter((n): n is Node => n !== null);
    if (moduleName !== undefined) return locateInModule(text, children, moduleName);
    const attributes = children.filter((n) => n.type === "attribute" && n.namedChildren[0]?.text === "inputs");
    if (attributes.length > 1) throw new AppError("CONFLICT", "The unit sets inputs more than once; add the inputs by hand");
    const attribute = attributes[0];
    if (!attribute) return { at: text.length, level: 1, existing: new Set(), openLine: false, append: true };
    const expression = attribute.namedChildren.find((n) => n?.type === "expression");
    const object = expression?.namedChildren[0]?.type === "collection_value" ? expression.namedChildren[0].namedChildren[0] : null;
    if (!object || object.type !== "object") throw new AppError("CONFLICT", "The unit's inputs are built by an expression (a merge or a local); add the new inputs by hand");
    const elements = object.namedChildren.filter((n): n is Node => n?.type === "object_elem");
    const close = object.namedChildren.find((n) => n?.type === "object_end");
    if (!close) throw new AppError("CONFLICT", "The unit's inputs have no closing brace");
    const existing = new Set(elements.map((e) => keyName(e.childForFieldName("key")?.text ?? "")));
    return { ...insertBefore(text, close.startIndex, elements[0] ?? null), existing };
  } finally {
    tree.delete();
  }
}

function locateInModule(text: string, children: Node[], moduleName: string): Insertion {
  const blocks = children.filter((n) => n.type === "block" && n.namedChildren[0]?.text === "module" && n.namedChildren[1]?.text.replace(/^"|"$/g, "") === moduleName);
  if (blocks.length !== 1) throw new AppError(blocks.length === 0 ? "NOT_FOUND" : "CONFLICT", blocks.length === 0 ? `No module "${moduleName}" in this file` : `More than one module "${moduleName}" in this file`);
  const block = blocks[0]!;
  const blockBody = block.namedChildren.find((n) => n?.type === "body");
  const attributes = (blockBody?.namedChildren ?? []).filter((n): n is Node => n?.type === "attribute");
  const close = block.namedChildren.find((n) => n?.type === "block_end");
  if (!close) throw new AppError("CONFLICT", `Module "${moduleName}" has no closing brace`);
  const existing = new Set(attributes.map((a) => a.namedChildren[0]?.text ?? ""));
  return { ...insertBefore(text, close.startIndex, attributes[0] ?? null), existing };
}

/** Inserts at the start of the closing brace's line when it stands alone, else right before it. */
function insertBefore(text: string, closeAt: number, sibling: Node | null): Omit<Insertion, "existing"> {
  const lineStart = text.lastIndexOf("\n", closeAt - 1) + 1;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, closeAt));
  let level = 1;
  if (sibling) {
    const siblingLine = text.lastIndexOf("\n", sibling.startIndex - 1) + 1;
    const indent = text.slice(siblingLine, sibling.startIndex);
    // Tabs or odd widths: the emitter writes two-space levels, so take the nearest one.
    if (/^ +$/.test(indent)) level = Math.max(1, Math.round(indent.length / 2));
  } else if (alone) {
    level = Math.round(text.slice(lineStart, closeAt).replace(/\t/g, "  ").length / 2) + 1;
  }
  return alone ? { at: lineStart, level, openLine: false, append: false } : { at: closeAt, level, openLine: true, append: false };
}

function keyName(key: string): string {
  const trimmed = key.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) {
    try {
      return JSON.parse(trimmed) as string;
    } catch {
      return trimmed.slice(1, -1);
    }
  }
  return trimmed;
}
