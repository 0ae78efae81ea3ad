import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * Issue 13: an `aria-label` on a `<pre>` with no role is not announced (axe
 * `aria-prohibited-attr`). A labelled `<pre>` that scrolls is a region: role="region" and
 * tabIndex={0}, as CodeBlock and FileContent do. The e2e guard finds it only on the pages and
 * states a journey opens (the audit event page's JSON had it); this finds it everywhere.
 */

const ROOT = path.resolve(__dirname, "..");

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listSources(full);
    return entry.name.endsWith(".tsx") && !/\.(test|spec)\.tsx$/.test(entry.name) ? [full] : [];
  });
}

function labelledPresWithoutRole(): string[] {
  const found: string[] = [];
  for (const file of ["app", "components"].flatMap((dir) => listSources(path.join(ROOT, dir)))) {
    const text = fs.readFileSync(file, "utf8");
    if (!text.includes("<pre")) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const visit = (node: ts.Node): void => {
      if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && node.tagName.getText(source) === "pre") {
        const names = node.attributes.properties.filter(ts.isJsxAttribute).map((a) => a.name.getText(source));
        if ((names.includes("aria-label") || names.includes("aria-labelledby")) && !names.includes("role")) {
          found.push(`${path.relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("labelled <pre> elements", () => {
  it("have a role, so their label is announced", () => {
    expect(labelledPresWithoutRole()).toEqual([]);
  });
});
