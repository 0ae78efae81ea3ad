import type { Node } from "web-tree-sitter";
import { loadHclTreeSitter } from "./load-hcl-tree-sitter";

/** Where one attribute of a top-level block sits in the file. Offsets are UTF-16 indices into the text. */
export interface HclAttributeLocation {
  name: string;
  /** 1-based line of the attribute name. */
  line: number;
  expressionStart: number;
  expressionEnd: number;
  /**
   * For a plain quoted string (no `${...}`/`%{...}` part, no heredoc): the offsets of the text
   * between the quotes, and that raw text (escapes as written). Null for any other expression.
   */
  literal: { start: number; end: number; raw: string } | null;
}

/** A top-level block such as `module "vpc" {`, with its direct attributes in file order. */
export interface HclBlockLocation {
  type: string;
  labels: string[];
  /** 1-based line of the block type keyword. */
  line: number;
  start: number;
  end: number;
  attributes: HclAttributeLocation[];
}

export type FindBlockAttributesResult = { ok: true; blocks: HclBlockLocation[] } | { ok: false; message: string };

/**
 * The top-level blocks of an HCL file with exact positions of their direct attributes, read with
 * tree-sitter. hcl2json gives values but no positions; this gives positions (for line links and
 * in-place edits) and nothing else. A file with syntax errors yields `ok: false`, never a guess.
 */
export async function findBlockAttributes(text: string): Promise<FindBlockAttributesResult> {
  const parser = await loadHclTreeSitter();
  const tree = parser.parse(text);
  if (!tree) return { ok: false, message: "HCL could not be parsed" };
  try {
    if (tree.rootNode.hasError) return { ok: false, message: "The file has HCL syntax errors" };
    const body = tree.rootNode.namedChildren.find((n) => n?.type === "body");
    const blocks: HclBlockLocation[] = [];
    for (const block of body?.namedChildren ?? []) {
      if (!block || block.type !== "block") continue;
      const [typeNode, ...rest] = block.namedChildren;
      if (!typeNode) continue;
      const labels: string[] = [];
      for (const node of rest) {
        if (!node) continue;
        if (node.type === "string_lit") labels.push(node.text.slice(1, -1));
        else if (node.type === "identifier") labels.push(node.text);
        else break;
      }
      const blockBody = block.namedChildren.find((n) => n?.type === "body");
      const attributes: HclAttributeLocation[] = [];
      for (const attribute of blockBody?.namedChildren ?? []) {
        if (!attribute || attribute.type !== "attribute") continue;
        const name = attribute.namedChildren[0];
        const expression = attribute.namedChildren.find((n) => n?.type === "expression");
        if (!name || !expression) continue;
        attributes.push({
          name: name.text,
          line: name.startPosition.row + 1,
          expressionStart: expression.startIndex,
          expressionEnd: expression.endIndex,
          literal: readStringLiteral(expression, text),
        });
      }
      blocks.push({ type: typeNode.text, labels, line: block.startPosition.row + 1, start: block.startIndex, end: block.endIndex, attributes });
    }
    return { ok: true, blocks };
  } finally {
    tree.delete();
  }
}

function readStringLiteral(expression: Node, text: string): HclAttributeLocation["literal"] {
  const literal = expression.namedChildren[0];
  const stringLit = literal?.type === "literal_value" ? literal.namedChildren[0] : null;
  if (!stringLit || stringLit.type !== "string_lit") return null;
  const children = stringLit.namedChildren;
  const open = children.find((n) => n?.type === "quoted_template_start");
  const close = children.find((n) => n?.type === "quoted_template_end");
  if (!open || !close) return null;
  if (children.some((n) => n && n.type !== "quoted_template_start" && n.type !== "quoted_template_end" && n.type !== "template_literal")) return null;
  return { start: open.endIndex, end: close.startIndex, raw: text.slice(open.endIndex, close.startIndex) };
}
