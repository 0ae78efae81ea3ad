import type { Node } from "web-tree-sitter";
import { AppError } from "@/lib/errors/app-error";
import { parseGitSource, replaceSourceRef } from "./build-git-source";
import { loadHclTreeSitter } from "./load-hcl-tree-sitter";

export interface SourceLocation {
  /** `terraform` for a Terragrunt unit, `module` for a module block. */
  blockType: "terraform" | "module";
  /** The module block label; null for `terraform`. */
  label: string | null;
  /** The source string as written between the quotes. */
  source: string;
  ref: string | null;
  /** UTF-16 offsets of the text between the quotes. */
  start: number;
  end: number;
}

/**
 * Finds every `source = "..."` of top-level `terraform` and `module` blocks, with exact offsets.
 * Sources that are templates (with `${...}`) are skipped: they cannot be rewritten safely.
 */
export async function findSourceLocations(text: string): Promise<SourceLocation[]> {
  const parser = await loadHclTreeSitter();
  const tree = parser.parse(text);
  if (!tree) throw new AppError("INVALID_INPUT", "HCL could not be parsed");
  try {
    if (tree.rootNode.hasError) throw new AppError("INVALID_INPUT", "The file has HCL syntax errors; it is not edited");
    const body = tree.rootNode.namedChildren.find((n) => n?.type === "body");
    const out: SourceLocation[] = [];
    for (const block of body?.namedChildren ?? []) {
      if (!block || block.type !== "block") continue;
      const type = block.namedChildren[0]?.text;
      if (type !== "terraform" && type !== "module") continue;
      const labelNode = block.namedChildren.find((n) => n?.type === "string_lit");
      const label = labelNode ? labelNode.text.slice(1, -1) : null;
      const blockBody = block.namedChildren.find((n) => n?.type === "body");
      for (const attribute of blockBody?.namedChildren ?? []) {
        if (!attribute || attribute.type !== "attribute" || attribute.namedChildren[0]?.text !== "source") continue;
        const literal = findStringLiteral(attribute);
        if (!literal) continue;
        const source = text.slice(literal.start, literal.end);
        out.push({ blockType: type, label, source, ref: parseGitSource(source)?.ref ?? null, start: literal.start, end: literal.end });
      }
    }
    return out;
  } finally {
    tree.delete();
  }
}

function findStringLiteral(attribute: Node): { start: number; end: number } | null {
  const expression = attribute.namedChildren.find((n) => n?.type === "expression");
  const literal = expression?.namedChildren[0];
  const stringLit = literal?.type === "literal_value" ? literal.namedChildren[0] : null;
  if (!stringLit || stringLit.type !== "string_lit") return null;
  const open = stringLit.namedChildren.find((n) => n?.type === "quoted_template_start");
  const close = stringLit.namedChildren.find((n) => n?.type === "quoted_template_end");
  if (!open || !close) return null;
  if (stringLit.namedChildren.some((n) => n && n.type !== "quoted_template_start" && n.type !== "quoted_template_end" && n.type !== "template_literal")) {
    return null;
  }
  return { start: open.endIndex, end: close.startIndex };
}

export interface BumpSourceRefOptions {
  text: string;
  newRef: string;
  /** When given, the current ref must be this one (guards against editing a file that moved on). */
  expectedOldRef?: string;
  /** Edit this `module "<name>"` block instead of the Terragrunt `terraform` block. */
  moduleName?: string;
}

export interface BumpSourceRefResult {
  text: string;
  oldRef: string | null;
  changed: boolean;
}

/**
 * Changes only the `ref=` value in the unit's `terraform { source = ... }` (or a module block's
 * `source`), leaving every other byte of the file (formatting, comments) untouched.
 */
export async function bumpSourceRef({ text, newRef, expectedOldRef, moduleName }: BumpSourceRefOptions): Promise<BumpSourceRefResult> {
  const locations = await findSourceLocations(text);
  const target = pickLocation(locations, moduleName);
  if (expectedOldRef !== undefined && target.ref !== expectedOldRef) {
    throw new AppError("CONFLICT", `The source is at ref "${target.ref ?? "(none)"}", not "${expectedOldRef}"`);
  }
  const source = replaceSourceRef(target.source, newRef);
  if (source === target.source) return { text, oldRef: target.ref, changed: false };
  return { text: text.slice(0, target.start) + source + text.slice(target.end), oldRef: target.ref, changed: true };
}

function pickLocation(locations: SourceLocation[], moduleName: string | undefined): SourceLocation {
  if (moduleName !== undefined) {
    const found = locations.find((l) => l.blockType === "module" && l.label === moduleName);
    if (!found) throw new AppError("NOT_FOUND", `No module "${moduleName}" with a literal source in this file`);
    return found;
  }
  const terraform = locations.filter((l) => l.blockType === "terraform");
  if (terraform.length === 1) return terraform[0]!;
  if (terraform.length > 1) throw new AppError("CONFLICT", "More than one terraform { source } in this file");
  const modules = locations.filter((l) => l.blockType === "module");
  if (modules.length === 1) return modules[0]!;
  throw new AppError(modules.length === 0 ? "NOT_FOUND" : "CONFLICT", modules.length === 0 ? "No terraform { source } in this file" : "Several module blocks: say which one");
}

/**
 * Rewrites one `source = "..."` line (as Renovate reads it) to a new ref; other lines are
 * returned unchanged. For quick edits of single lines, e.g. when promoting a unit.
 */
export function rewriteSourceLine(line: string, newRef: string): string {
  const match = /^(\s*source\s*=\s*")([^"]*)("\s*(?:#.*|\/\/.*)?)$/.exec(line);
  if (!match) return line;
  return `${match[1]}${replaceSourceRef(match[2]!, newRef)}${match[3]}`;
}
