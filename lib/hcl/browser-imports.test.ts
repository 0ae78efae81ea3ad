import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/*
 * lib/hcl's two import rules, checked on the source tree:
 *  - outside lib/hcl, code imports it through `@/lib/hcl` (index.ts), except code that reaches the
 *    browser, which deep-imports small pure modules and never index.ts;
 *  - importing index.ts loads none of the node-only parsers (hcl2json, hcl-tools, tree-sitter):
 *    they are imported on first use.
 */

const ROOT = path.resolve(__dirname, "../..");
const HCL_DIR = path.join(ROOT, "lib/hcl");
const INDEX = path.join(HCL_DIR, "index.ts");
const NODE_ONLY = /^(node:|web-tree-sitter$|@cdktn\/|@tree-sitter-grammars\/)/;
const SOURCE_DIRS = ["app", "components", "lib", "bench", "scripts", "test", "e2e", "emulators"];

interface ModuleImport {
  specifier: string;
  /** `import()`: a separate chunk, loaded only when called. */
  dynamic: boolean;
}

function readImports(file: string): ModuleImport[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: ModuleImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && !isTypeOnly(node.importClause)) {
      found.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      found.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) found.push({ specifier: argument.text, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// Type-only imports are erased before bundling, so they never bring code along.
function isTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return !clause.name && !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith(".") ? path.resolve(path.dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "generated" ? [] : listSources(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const hasDirective = (file: string, directive: string): boolean => new RegExp(`^\\s*["']${directive}["']`).test(fs.readFileSync(file, "utf8"));

/** Every file bundled with the client components: static imports, stopping at server actions. */
function collectBrowserFiles(): Map<string, ModuleImport[]> {
  const pending = listSources(path.join(ROOT, "components")).filter((file) => hasDirective(file, "use client"));
  const seen = new Map<string, ModuleImport[]>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    const imports = hasDirective(file, "use server") ? [] : readImports(file);
    seen.set(file, imports);
    for (const { specifier } of imports) {
      const local = resolveLocal(file, specifier);
      if (local) pending.push(local);
    }
  }
  return seen;
}

const relative = (file: string) => path.relative(ROOT, file);

describe("lib/hcl imports", () => {
  const browserFiles = collectBrowserFiles();

  it("keeps index.ts and the node-only parsers out of every client bundle", () => {
    expect(browserFiles.size).toBeGreaterThan(10);
    expect([...browserFiles.keys()].map(relative)).toContain("lib/hcl/parse-type-expression.ts");
    const problems: string[] = [];
    for (const [file, imports] of browserFiles) {
      if (file === INDEX) problems.push("lib/hcl/index.ts is in a client bundle");
      for (const { specifier } of imports) {
        if (NODE_ONLY.test(specifier) && file.startsWith(HCL_DIR)) problems.push(`${relative(file)} imports ${specifier}`);
        if (resolveLocal(file, specifier) === INDEX) problems.push(`${relative(file)} imports ${specifier}; browser code deep-imports lib/hcl`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("loads hcl2json, hcl-tools and tree-sitter only on first use", () => {
    const pending = [INDEX];
    const seen = new Set<string>();
    const eager: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const { specifier, dynamic } of readImports(file)) {
        if (dynamic) continue;
        if (NODE_ONLY.test(specifier)) eager.push(`${relative(file)} imports ${specifier}`);
        const local = resolveLocal(file, specifier);
        if (local) pending.push(local);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(eager).toEqual([]);
  });

  it("is imported through @/lib/hcl from outside, except by browser code", () => {
    const deep: string[] = [];
    for (const file of SOURCE_DIRS.flatMap((dir) => listSources(path.join(ROOT, dir)))) {
      if (file.startsWith(HCL_DIR + path.sep) || browserFiles.has(file)) continue;
      // Every path into lib/hcl names it; skipping the other files keeps this test fast.
      if (!fs.readFileSync(file, "utf8").includes("hcl")) continue;
      for (const { specifier } of readImports(file)) {
        const local = resolveLocal(file, specifier);
        if (local?.startsWith(HCL_DIR + path.sep) && local !== INDEX) deep.push(`${relative(file)} imports ${specifier}`);
      }
    }
    expect(deep).toEqual([]);
  });
});
