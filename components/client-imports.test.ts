import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * What client components bundle (issue 13: every page within 1.2× of a bare Next page). The walk
 * follows static, non-type-only imports from every "use client" file in app/ and components/,
 * stopping at server actions ("use server": the browser gets a reference, not the code).
 */

const ROOT = path.resolve(__dirname, "..");
/** Packages no browser code may pull in (zod added a 31 KB chunk to the two heaviest pages; re2js, the RE2 engine, took /scaffold/new from 1.17× to 1.54× of a bare page). */
const SERVER_ONLY_PACKAGES = /^(zod(\/|$)|next-auth|@prisma\/|pg$|pg-boss$|@octokit\/|@aws-sdk\/|marked$|sanitize-html$|server-only$|re2js$)/;
/** TanStack Query: only the screens that page or poll, under components/shell/query-provider.tsx. */
const QUERY_USERS = ["components/admin/audit-log.tsx", "components/catalogue/catalogue-browser.tsx", "components/shared/live-request.tsx", "components/shell/query-provider.tsx"];

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listSources(full);
    return /\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function readImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause?.isTypeOnly ||
        (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.push(node.moduleSpecifier.text);
    }
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const hasDirective = (file: string, directive: string) => new RegExp(`^\\s*["']${directive}["']`).test(fs.readFileSync(file, "utf8"));

/** Each file in a client bundle, with the chain of imports that brought it in. */
function collectClientFiles(): Map<string, string[]> {
  const roots = ["app", "components"].flatMap((dir) => listSources(path.join(ROOT, dir))).filter((file) => hasDirective(file, "use client"));
  const via = new Map<string, string[]>();
  const pending = roots.map((file) => ({ file, chain: [path.relative(ROOT, file)] }));
  while (pending.length > 0) {
    const { file, chain } = pending.pop()!;
    if (via.has(file)) continue;
    via.set(file, chain);
    if (hasDirective(file, "use server")) continue;
    for (const specifier of readImports(file)) {
      const local = resolveLocal(file, specifier);
      if (local) pending.push({ file: local, chain: [...chain, path.relative(ROOT, local)] });
    }
  }
  return via;
}

describe("client bundles", () => {
  const clientFiles = collectClientFiles();

  it("pull in no server-side package (zod, next-auth, Prisma, Octokit, the AWS SDK, marked…)", () => {
    expect(clientFiles.size).toBeGreaterThan(20);
    const problems = [...clientFiles].flatMap(([file, chain]) =>
      hasDirective(file, "use server") ? [] : readImports(file).filter((s) => SERVER_ONLY_PACKAGES.test(s)).map((s) => `${chain.join(" → ")} imports ${s}`),
    );
    expect(problems).toEqual([]);
  });

  it("leave the scaffold form's parsers out of the first load: the form loads them with import() when used", () => {
    // The HCL expression parser and the condition evaluator are ~9 KB gzip; statically bundled they
    // put /scaffold/new at 1.21× of a bare page. components/scaffold/load-form-checks.ts loads them.
    const deferred = ["lib/hcl/check-hcl-expression.ts", "lib/hcl/parse-hcl-expression.ts", "lib/scaffold/core/evaluate-condition.ts", "lib/scaffold/core/build-form-model.ts", "components/scaffold/form-checks.ts"];
    const eager = [...clientFiles].filter(([file]) => deferred.includes(path.relative(ROOT, file))).map(([, chain]) => chain.join(" → "));
    expect(eager).toEqual([]);
    expect(fs.readFileSync(path.join(ROOT, "components/scaffold/load-form-checks.ts"), "utf8")).toContain('import("./form-checks")');
  });

  it("use TanStack Query only in the screens that need it, never from the root layout", () => {
    const users = [...clientFiles.keys()].filter((file) => readImports(file).some((s) => s.startsWith("@tanstack/react-query"))).map((file) => path.relative(ROOT, file));
    expect(users.filter((file) => !QUERY_USERS.includes(file))).toEqual([]);
    expect(readImports(path.join(ROOT, "app/layout.tsx")).some((s) => s.includes("query-provider"))).toBe(false);
  });

  it("build no regex from data: admin and repo patterns are matched on the server, with RE2 (lib/patterns)", () => {
    const problems = [...clientFiles].flatMap(([file, chain]) => (hasDirective(file, "use server") ? [] : findDynamicRegExps(file).map((call) => `${chain.join(" → ")}: ${call}`)));
    expect(problems).toEqual([]);
  });
});

/**
 * `new RegExp(x)` and `RegExp(x)` calls whose pattern is not fixed in the source. A pattern is
 * fixed when it is a literal, or a template or `+` of literals and module-level constants that
 * are themselves fixed. A policy or validation pattern in the browser would be run by the
 * backtracking engine (a catastrophic pattern hangs the tab) and could disagree with the server's RE2.
 */
function findDynamicRegExps(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const constants = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) constants.set(declaration.name.text, declaration.initializer);
    }
  }
  const fixed = (node: ts.Expression, seen: Set<string> = new Set()): boolean => {
    if (ts.isStringLiteralLike(node) || ts.isRegularExpressionLiteral(node)) return true;
    if (ts.isParenthesizedExpression(node)) return fixed(node.expression, seen);
    if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => fixed(span.expression, seen));
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return fixed(node.left, seen) && fixed(node.right, seen);
    if (ts.isIdentifier(node) && constants.has(node.text) && !seen.has(node.text)) return fixed(constants.get(node.text)!, new Set([...seen, node.text]));
    // String.raw`...` with fixed parts.
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === "String.raw") return ts.isNoSubstitutionTemplateLiteral(node.template) || node.template.templateSpans.every((span) => fixed(span.expression, seen));
    return false;
  };
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") {
      const pattern = node.arguments?.[0];
      if (!pattern || !fixed(pattern)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`line ${line + 1}: ${node.getText(source).slice(0, 80)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
