import { extractChangelogSection } from "@/lib/modules/changelog";
import { displayTemplate, type HclBody, normalizeHclValue, parseHcl, type ParseHclResult, readHeaderComment, readLeadingComments, scanHclBlocks } from "@/lib/hcl";
import type {
  DocsError,
  InputValidation,
  ModuleCall,
  ModuleDocs,
  ModuleExample,
  ModuleFile,
  ModuleInput,
  ModuleOutput,
  ModuleProvider,
  ModuleResource,
} from "@/lib/modules/module-docs";

export interface ExtractModuleDocsOptions {
  /** The module's files, paths relative to the module root (or to the repo root when `modulePath` is set). */
  files: ModuleFile[];
  /** When set, only files under this folder are used, re-rooted at it (e.g. `modules/vpc`). */
  modulePath?: string;
  /** The version being documented; selects the CHANGELOG section. */
  version?: string;
  /**
   * Parses the root `.tf` files, results in their order; lib/hcl's `parseHcl` on each unless
   * given (the sync passes its worker-thread pool, which takes them as one batch).
   */
  parseFiles?: (files: Array<{ file: string; content: string }>) => Promise<ParseHclResult[]>;
}

const IGNORE_MARKER = "terraform-docs-ignore";

/**
 * Extracts a module version's docs from its files: inputs and outputs from the root
 * `.tf` files, plus providers, resources, module calls, submodules, examples, README
 * and the CHANGELOG section. A file that fails to parse is reported in `errors` with
 * its line, and the other files are still used. All `file` fields are relative to
 * the module root.
 */
export async function extractModuleDocs(options: ExtractModuleDocsOptions): Promise<ModuleDocs> {
  const files = rootFiles(options.files, options.modulePath);
  const errors: DocsError[] = [];
  const acc = new Accumulator(errors);

  const tfFiles = files.filter((f) => !f.path.includes("/") && f.path.endsWith(".tf"));
  tfFiles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // All files are parsed at once; the results are read in file order, so errors and inputs
  // keep a stable order.
  const parseFiles = options.parseFiles ?? ((batch) => Promise.all(batch.map((f) => parseHcl(f.file, f.content))));
  const results = await parseFiles(tfFiles.map((file) => ({ file: file.path, content: file.content })));
  tfFiles.forEach((file, k) => {
    const result = results[k] as ParseHclResult;
    if (!result.ok) errors.push(...result.errors);
    else acc.addFile(file, result.body);
  });

  const readme = findRootFile(files, /^readme(\.md|\.markdown|\.txt)?$/i);
  const changelogFile = findRootFile(files, /^changelog(\.md|\.markdown|\.txt)?$/i);
  const mainTf = files.find((f) => f.path === "main.tf");

  return {
    inputs: acc.inputs,
    outputs: acc.outputs,
    providers: acc.providers(),
    requiredVersion: acc.requiredVersions.length > 0 ? acc.requiredVersions.join(", ") : null,
    resources: acc.resources,
    modules: acc.modules,
    submodules: findSubmodules(files),
    examples: findExamples(files),
    readme: readme?.content ?? null,
    changelog:
      changelogFile && options.version ? extractChangelogSection(changelogFile.content, options.version) : null,
    header: mainTf ? readHeaderComment(mainTf.content) : null,
    errors,
  };
}

function rootFiles(files: ModuleFile[], modulePath: string | undefined): ModuleFile[] {
  const normalized = files.map((f) => ({ path: normalizePath(f.path), content: f.content }));
  if (!modulePath) return normalized;
  const prefix = `${normalizePath(modulePath).replace(/\/+$/, "")}/`;
  return normalized
    .filter((f) => f.path.startsWith(prefix))
    .map((f) => ({ path: f.path.slice(prefix.length), content: f.content }));
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^(\.\/)+/, "").replace(/^\/+/, "");
}

function findRootFile(files: ModuleFile[], pattern: RegExp): ModuleFile | undefined {
  const candidates = files.filter((f) => !f.path.includes("/") && pattern.test(f.path));
  // Prefer README.md over README, README.txt, ...
  return candidates.find((f) => f.path.toLowerCase().endsWith(".md")) ?? candidates[0];
}

function findSubmodules(files: ModuleFile[]): string[] {
  const found = new Set<string>();
  for (const f of files) {
    const match = /^modules\/([^/]+)\/[^/]+\.tf$/.exec(f.path);
    if (match) found.add(`modules/${match[1]}`);
  }
  return [...found].sort();
}

function findExamples(files: ModuleFile[]): ModuleExample[] {
  const byName = new Map<string, ModuleFile[]>();
  for (const f of files) {
    const match = /^examples\/([^/]+)\/.+$/.exec(f.path);
    if (!match) continue;
    const name = match[1]!;
    const list = byName.get(name) ?? [];
    list.push(f);
    byName.set(name, list);
  }
  return [...byName.keys()].sort().map((name) => ({
    name,
    path: `examples/${name}`,
    files: byName.get(name)!.sort((a, b) => (a.path < b.path ? -1 : 1)),
  }));
}

interface BlockContext {
  file: string;
  line: number;
  comment: string;
}

/** Collects blocks file by file, keeping source order and reporting duplicates. */
class Accumulator {
  inputs: ModuleInput[] = [];
  outputs: ModuleOutput[] = [];
  resources: ModuleResource[] = [];
  modules: ModuleCall[] = [];
  requiredVersions: string[] = [];
  private readonly providerMap = new Map<string, ModuleProvider>();
  private readonly seen = new Map<string, string>();

  constructor(private readonly errors: DocsError[]) {}

  addFile(file: ModuleFile, body: HclBody): void {
    const lines = new Map<string, number>();
    for (const block of scanHclBlocks(file.content)) {
      const key = [block.type, ...block.labels].join("\u0000");
      if (!lines.has(key)) lines.set(key, block.line);
    }
    const context = (type: string, ...labels: string[]): BlockContext => {
      const line = lines.get([type, ...labels].join("\u0000")) ?? 1;
      return { file: file.path, line, comment: readLeadingComments(file.content, line).join(" ") };
    };
    const byLine = <T extends { line: number }>(items: T[]): T[] => items.sort((a, b) => a.line - b.line);

    const inputs: ModuleInput[] = [];
    for (const [name, bodies] of entries(body.variable)) {
      const ctx = context("variable", name);
      if (this.isDuplicate("variable", name, ctx, bodies)) continue;
      inputs.push(buildInput(name, firstBody(bodies), ctx));
    }
    this.inputs.push(...byLine(inputs));

    const outputs: ModuleOutput[] = [];
    for (const [name, bodies] of entries(body.output)) {
      const ctx = context("output", name);
      if (this.isDuplicate("output", name, ctx, bodies)) continue;
      const b = firstBody(bodies);
      outputs.push({
        name,
        description: describe(b.description, ctx.comment),
        sensitive: isTrue(b.sensitive),
        docsIgnored: ctx.comment.includes(IGNORE_MARKER),
        file: ctx.file,
        line: ctx.line,
      });
    }
    this.outputs.push(...byLine(outputs));

    const resources: ModuleResource[] = [];
    for (const [blockType, mode] of [
      ["resource", "managed"],
      ["data", "data"],
    ] as const) {
      for (const [type, named] of entries(body[blockType])) {
        for (const [name, bodies] of entries(named)) {
          const ctx = context(blockType, type, name);
          if (this.isDuplicate(`${blockType} ${type}`, name, ctx, bodies)) continue;
          const provider = resourceProvider(type, firstBody(bodies).provider);
          resources.push({
            type,
            name,
            mode,
            provider: provider.name,
            providerAlias: provider.alias,
            description: ctx.comment === "" ? null : ctx.comment,
            docsIgnored: ctx.comment.includes(IGNORE_MARKER),
            file: ctx.file,
            line: ctx.line,
          });
        }
      }
    }
    this.resources.push(...byLine(resources));

    const modules: ModuleCall[] = [];
    for (const [name, bodies] of entries(body.module)) {
      const ctx = context("module", name);
      if (this.isDuplicate("module", name, ctx, bodies)) continue;
      const b = firstBody(bodies);
      modules.push({
        name,
        source: typeof b.source === "string" ? displayTemplate(b.source) : "",
        version: typeof b.version === "string" ? displayTemplate(b.version) : null,
        description: ctx.comment === "" ? null : ctx.comment,
        docsIgnored: ctx.comment.includes(IGNORE_MARKER),
        file: ctx.file,
        line: ctx.line,
      });
    }
    this.modules.push(...byLine(modules));

    for (const terraform of asArray(body.terraform)) {
      const t = asRecord(terraform);
      if (typeof t.required_version === "string") this.requiredVersions.push(displayTemplate(t.required_version));
      for (const block of asArray(t.required_providers)) {
        for (const [name, spec] of Object.entries(asRecord(block))) this.addProvider(name, spec);
      }
    }
  }

  providers(): ModuleProvider[] {
    return [...this.providerMap.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private addProvider(name: string, spec: unknown): void {
    // Terraform 0.12 allowed `aws = ">= 2.0"`; later versions use `{ source, version }`.
    const record = typeof spec === "string" ? { version: spec } : asRecord(spec);
    const source = typeof record.source === "string" ? displayTemplate(record.source) : null;
    const version = typeof record.version === "string" ? displayTemplate(record.version) : null;
    const existing = this.providerMap.get(name);
    if (!existing) {
      this.providerMap.set(name, { name, source, versionConstraint: version });
      return;
    }
    existing.source ??= source;
    if (version) {
      existing.versionConstraint = existing.versionConstraint ? `${existing.versionConstraint}, ${version}` : version;
    }
  }

  private isDuplicate(kind: string, name: string, ctx: BlockContext, bodies: unknown): boolean {
    const key = `${kind} ${name}`;
    const first = this.seen.get(key);
    if (first) {
      this.errors.push({ file: ctx.file, line: ctx.line, message: `Duplicate ${kind} "${name}" (first declared at ${first})` });
      return true;
    }
    this.seen.set(key, `${ctx.file}:${ctx.line}`);
    if (Array.isArray(bodies) && bodies.length > 1) {
      this.errors.push({ file: ctx.file, line: null, message: `Duplicate ${kind} "${name}" declared ${bodies.length} times` });
    }
    return false;
  }
}

function buildInput(name: string, b: Record<string, unknown>, ctx: BlockContext): ModuleInput {
  const hasDefault = Object.prototype.hasOwnProperty.call(b, "default");
  const normalized = hasDefault ? normalizeHclValue(b.default) : null;
  return {
    name,
    type: typeof b.type === "string" ? displayTemplate(b.type).trim() || "any" : "any",
    typeDeclared: typeof b.type === "string",
    description: describe(b.description, ctx.comment),
    defaultJson: normalized ? normalized.json : null,
    defaultText: normalized ? normalized.text : null,
    defaultIsExpression: normalized?.isExpression ?? false,
    required: !hasDefault,
    sensitive: isTrue(b.sensitive),
    nullable: !isFalse(b.nullable),
    validations: asArray(b.validation).map(buildValidation),
    docsIgnored: ctx.comment.includes(IGNORE_MARKER),
    file: ctx.file,
    line: ctx.line,
  };
}

function buildValidation(raw: unknown): InputValidation {
  const v = asRecord(raw);
  return { condition: displayValue(v.condition), errorMessage: displayValue(v.error_message) };
}

function displayValue(value: unknown): string {
  if (typeof value === "string") return displayTemplate(value);
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The description argument, else the leading comment (terraform-docs' read-comments default). */
function describe(description: unknown, comment: string): string | null {
  const text = typeof description === "string" ? displayTemplate(description).replace(/\r\n/g, "\n") : "";
  if (text !== "") return text;
  return comment === "" ? null : comment;
}

function resourceProvider(type: string, provider: unknown): { name: string; alias: string | null } {
  if (typeof provider === "string") {
    const ref = displayTemplate(provider);
    const [name, alias] = ref.split(".");
    if (name) return { name, alias: alias ?? null };
  }
  const underscore = type.indexOf("_");
  return { name: underscore === -1 ? type : type.slice(0, underscore), alias: null };
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

function isFalse(value: unknown): boolean {
  return value === false || value === "false";
}

function entries(value: unknown): Array<[string, unknown]> {
  return Object.entries(asRecord(value));
}

function firstBody(bodies: unknown): Record<string, unknown> {
  return asRecord(Array.isArray(bodies) ? bodies[0] : bodies);
}

function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
