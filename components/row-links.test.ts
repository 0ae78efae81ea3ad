import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * Issue 13: route prefetches from per-row links (25 on the workload page, 11 of them "Promote")
 * held back the page's LCP. A `<Link>` rendered once per item of a list, a link inside a
 * `.map()`/`.flatMap()` callback, must say `prefetch={false}`. Row components rendered from
 * a map elsewhere (ROW_COMPONENT_FILES) are held to the same rule for every link they render.
 */

const ROOT = path.resolve(__dirname, "..");
/** Files whose components render one table row or list item each (their links are per-row). */
const ROW_COMPONENT_FILES = [
  "components/admin/audit-table.tsx",
  "components/vending/accounts-table.tsx",
  "components/vending/approval-card.tsx",
  "components/governance/tag-change-card.tsx",
  "components/governance/drift-findings.tsx",
  "components/catalogue/module-card.tsx",
];
/** Navigation lists: the few fixed places a person goes next, worth prefetching. */
const NAVIGATION_FILES = new Set(["components/shell/nav-links.tsx", "app/(portal)/page.tsx", "app/(portal)/admin/drift/page.tsx"]);
/** Links in row files that are not per-row (a page's pager or reset link). */
const NOT_PER_ROW = new Set(["components/vending/accounts-table.tsx:Clear", "components/vending/accounts-table.tsx:Previous", "components/vending/accounts-table.tsx:Next"]);

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listSources(full);
    return entry.name.endsWith(".tsx") && !/\.(test|spec)\.tsx$/.test(entry.name) ? [full] : [];
  });
}

function insideMapCallback(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if ((ts.isArrowFunction(current) || ts.isFunctionExpression(current)) && ts.isCallExpression(current.parent)) {
      const callee = current.parent.expression;
      if (ts.isPropertyAccessExpression(callee) && ["map", "flatMap"].includes(callee.name.text)) return true;
    }
  }
  return false;
}

function linkText(element: ts.JsxOpeningLikeElement): string {
  const parent = ts.isJsxOpeningElement(element) ? element.parent : null;
  return parent ? parent.children.map((c) => (ts.isJsxText(c) ? c.text.trim() : "")).join("").trim() : "";
}

/** Every `<Link>` that renders once per row and may prefetch, as file:line. */
function perRowLinksThatPrefetch(): string[] {
  const found: string[] = [];
  for (const file of ["app", "components"].flatMap((dir) => listSources(path.join(ROOT, dir)))) {
    const text = fs.readFileSync(file, "utf8");
    const relative = path.relative(ROOT, file);
    if (!text.includes("<Link") || NAVIGATION_FILES.has(relative)) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const rowFile = ROW_COMPONENT_FILES.includes(relative);
    const visit = (node: ts.Node): void => {
      if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && node.tagName.getText(source) === "Link") {
        const perRow = (rowFile && !NOT_PER_ROW.has(`${relative}:${linkText(node)}`)) || insideMapCallback(node);
        const noPrefetch = node.attributes.properties.some((p) => ts.isJsxAttribute(p) && p.name.getText(source) === "prefetch" && p.initializer?.getText(source) === "{false}");
        if (perRow && !noPrefetch) found.push(`${relative}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

describe("per-row links", () => {
  it("do not prefetch their routes", () => {
    expect(perRowLinksThatPrefetch()).toEqual([]);
  });
});
