import { findBlockAttributes, parseHcl, scanHclBlocks, type HclBlockLocation, type HclBody, type HclFileError } from "@/lib/hcl";
import { DEFAULT_ENVS, deriveUnitLocation } from "./derive-unit-location";
import { dirnameOf, joinRepoPath } from "./join-repo-path";
import { normalizeModuleSource, redactSourceCredentials, type NormalizedSource } from "./normalize-module-source";
import { resolveSourceTemplate, splitHclTemplate, type TemplateScope } from "./resolve-source-template";

/** A file of a consumer repo at one commit; `path` is relative to the repo root. */
export interface RepoFile {
  path: string;
  content: string;
}

/** One place where a consumer repo uses a module. `file` + `address` identify it within a commit. */
export interface ModuleReference {
  file: string;
  /** 1-based line of the `source` attribute (of the `include` block for an inherited source). */
  line: number;
  /** `terragrunt` for a unit's `terraform { source }`, `module` for a Terraform `module` block. */
  kind: "terragrunt" | "module";
  /** `terraform.source` or `module.<name>`. */
  address: string;
  /** The `module` block's label; null for Terragrunt. */
  moduleName: string | null;
  /** The unit's folder (`dev/eu-west-1/vpc`); a `.tf` file's folder. */
  unitPath: string;
  env: string | null;
  region: string | null;
  /** The source as written (a template keeps its `${...}`), with credentials redacted. */
  source: string;
  /** The source after substituting locals, with credentials redacted; null when it could not be resolved. */
  resolvedSource: string | null;
  /** Expressions that kept the source from being read statically; null when it was resolved. */
  unresolved: { expressions: string[] } | null;
  /** What the source identifies; null when unresolved. */
  normalized: NormalizedSource | null;
  /** The git `ref` (from the query, wherever it sits); for unresolved sources, read from the literal tail. */
  ref: string | null;
  /** A registry module's `version` constraint, or the exact version of a `tfr://` source. */
  versionConstraint: string | null;
  /** Set when the unit takes its source from an included config (Terragrunt's `_envcommon` pattern). */
  inheritedFrom: { file: string; line: number } | null;
}

export interface FindModuleReferencesOptions {
  /** Hosts of the portal's own Terraform registry (`<host>/<namespace>/<name>/<provider>` sources). */
  registryHosts?: readonly string[];
  /** First-level folders that are environments. Default dev, stage, prod. */
  envs?: readonly string[];
  /** Local sources (`../modules/x`): left out (default) or recorded as `local`. */
  localSources?: "ignore" | "record";
}

export interface FindModuleReferencesResult {
  /** Sorted by file, then line. */
  references: ModuleReference[];
  /** One entry per parse problem; a broken file never stops the others. */
  errors: HclFileError[];
}

interface ParsedFile {
  path: string;
  dir: string;
  body: HclBody;
  blocks: PositionedBlock[];
}

interface PositionedBlock {
  type: string;
  labels: string[];
  line: number;
  attributeLines: Record<string, number>;
}

// Tool caches and state, never the repo's own configuration.
const IGNORED_SEGMENTS = new Set([".terraform", ".terragrunt-cache", ".git", "node_modules"]);

/**
 * Finds every module reference in a consumer repo's files: Terragrunt units' `terraform { source }`
 * (own, or inherited from an included config), and `module` blocks in `.tf` files anywhere, with
 * git, registry (public, another host, or the portal's own) and local sources. Sources built from
 * `${local.x}` or `${include.<name>.locals.x}` are resolved when those locals are plain strings;
 * other expressions are recorded as unresolved. Files that do not parse yield error entries.
 */
export async function findModuleReferences(files: readonly RepoFile[], options: FindModuleReferencesOptions = {}): Promise<FindModuleReferencesResult> {
  const byPath = new Map<string, RepoFile>();
  for (const file of files) {
    const path = file.path.replace(/^\.?\/+/, "");
    if (!path.split("/").some((segment) => IGNORED_SEGMENTS.has(segment))) byPath.set(path, { path, content: file.content });
  }
  const errors: HclFileError[] = [];
  const parsed = new Map<string, Promise<ParsedFile | null>>();
  const parse = (path: string): Promise<ParsedFile | null> => {
    let pending = parsed.get(path);
    if (!pending) {
      pending = parseFile(byPath.get(path)!, errors);
      parsed.set(path, pending);
    }
    return pending;
  };

  const references: ModuleReference[] = [];
  const context: Context = { options, paths: byPath, parse };
  for (const path of [...byPath.keys()].sort()) {
    if (path.endsWith(".tf")) {
      const file = await parse(path);
      if (file) references.push(...readModuleBlocks(file, context));
    } else if (path === "terragrunt.hcl" || path.endsWith("/terragrunt.hcl")) {
      const file = await parse(path);
      if (file) references.push(...(await readTerragruntUnit(file, context)));
    }
  }
  references.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { references, errors };
}

interface Context {
  options: FindModuleReferencesOptions;
  paths: Map<string, RepoFile>;
  parse: (path: string) => Promise<ParsedFile | null>;
}

async function parseFile(file: RepoFile, errors: HclFileError[]): Promise<ParsedFile | null> {
  const result = await parseHcl(file.path, file.content);
  if (!result.ok) {
    errors.push(...result.errors);
    return null;
  }
  // Positions cost a second parse; files with nothing to point at (variables.tf, account.hcl) skip it.
  const hasReferences = file.path.endsWith(".tf") ? "module" in result.body : "terraform" in result.body || "include" in result.body;
  return { path: file.path, dir: dirnameOf(file.path), body: result.body, blocks: hasReferences ? await locateBlocks(file.content) : [] };
}

/** Positions from tree-sitter; when it stumbles on a file hcl2json accepted, block lines from the tolerant scanner. */
async function locateBlocks(content: string): Promise<PositionedBlock[]> {
  const located = await findBlockAttributes(content);
  if (located.ok) return located.blocks.map(toPositioned);
  return scanHclBlocks(content).map((b) => ({ type: b.type, labels: b.labels, line: b.line, attributeLines: {} }));
}

function toPositioned(block: HclBlockLocation): PositionedBlock {
  const attributeLines: Record<string, number> = {};
  for (const attribute of block.attributes) attributeLines[attribute.name] ??= attribute.line;
  return { type: block.type, labels: block.labels, line: block.line, attributeLines };
}

/** The line of `attribute` in the `occurrence`-th block of that type and label (hcl2json keeps that order). */
function lineOf(file: ParsedFile, type: string, label: string | null, occurrence: number, attribute: string): number {
  const block = file.blocks.filter((b) => b.type === type && (label === null ? b.labels.length === 0 : b.labels[0] === label))[occurrence];
  return block?.attributeLines[attribute] ?? block?.line ?? 1;
}

function asBodies(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];
}

function asLabelled(value: unknown): Array<[string, Array<Record<string, unknown>>]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value).map(([label, bodies]) => [label, asBodies(bodies)]);
}

function readModuleBlocks(file: ParsedFile, context: Context): ModuleReference[] {
  const out: ModuleReference[] = [];
  for (const [name, bodies] of asLabelled(file.body.module)) {
    bodies.forEach((body, occurrence) => {
      if (typeof body.source !== "string") return;
      const version = typeof body.version === "string" ? body.version : null;
      const reference = buildReference(context, {
        file: file.path,
        line: lineOf(file, "module", name, occurrence, "source"),
        kind: "module",
        address: `module.${name}`,
        moduleName: name,
        rawSource: body.source,
        // Terraform reads `source` literally: no locals, no includes.
        scope: { locals: {}, includes: {} },
        versionAttribute: version,
        inheritedFrom: null,
      });
      if (reference) out.push(reference);
    });
  }
  return out;
}

interface TerragruntConfig {
  file: ParsedFile;
  scope: TemplateScope;
  /** The last `terraform { source }` (Terragrunt merges blocks; the later one wins). */
  source: { raw: string; line: number } | null;
}

async function readTerragruntUnit(file: ParsedFile, context: Context): Promise<ModuleReference[]> {
  const includes = readIncludes(file);
  const includeScopes: Record<string, TemplateScope | null> = {};
  const included: Array<{ include: IncludeBlock; config: TerragruntConfig | null }> = [];
  for (const include of includes) {
    const target = resolveIncludePath(include.path, file.dir, context.paths);
    const config = target && target !== file.path ? await readConfig(target, context) : null;
    includeScopes[include.name] = config?.scope ?? null;
    included.push({ include, config });
  }
  const own = readConfigOf(file, includeScopes);
  const common = { file: file.path, kind: "terragrunt" as const, address: "terraform.source", moduleName: null, versionAttribute: null };
  if (own.source) {
    const reference = buildReference(context, { ...common, line: own.source.line, rawSource: own.source.raw, scope: own.scope, inheritedFrom: null });
    return reference ? [reference] : [];
  }
  // No source of its own: the last included config that has one provides it.
  const provider = included.filter((i) => i.config?.source).at(-1);
  if (!provider?.config?.source) return [];
  const reference = buildReference(context, {
    ...common,
    line: provider.include.line,
    rawSource: provider.config.source.raw,
    scope: provider.config.scope,
    inheritedFrom: { file: provider.config.file.path, line: provider.config.source.line },
  });
  return reference ? [reference] : [];
}

async function readConfig(path: string, context: Context): Promise<TerragruntConfig | null> {
  const file = await context.parse(path);
  // Terragrunt allows one level of include: an included config's own includes are not followed.
  return file ? readConfigOf(file, {}) : null;
}

function readConfigOf(file: ParsedFile, includes: Record<string, TemplateScope | null>): TerragruntConfig {
  const locals: Record<string, unknown> = {};
  for (const body of asBodies(file.body.locals)) Object.assign(locals, body);
  const terraform = asBodies(file.body.terraform);
  let source: TerragruntConfig["source"] = null;
  terraform.forEach((body, occurrence) => {
    if (typeof body.source === "string") source = { raw: body.source, line: lineOf(file, "terraform", null, occurrence, "source") };
  });
  return { file, scope: { locals, includes }, source };
}

interface IncludeBlock {
  /** "" for the old unlabelled `include {}`. */
  name: string;
  path: string;
  line: number;
}

function readIncludes(file: ParsedFile): IncludeBlock[] {
  const value = file.body.include;
  const out: IncludeBlock[] = [];
  if (Array.isArray(value)) {
    asBodies(value).forEach((body, occurrence) => {
      if (typeof body.path === "string") out.push({ name: "", path: body.path, line: lineOf(file, "include", null, occurrence, "path") });
    });
  } else {
    for (const [name, bodies] of asLabelled(value)) {
      bodies.forEach((body, occurrence) => {
        if (typeof body.path === "string") out.push({ name, path: body.path, line: blockLineOf(file, "include", name, occurrence) });
      });
    }
  }
  return out;
}

function blockLineOf(file: ParsedFile, type: string, label: string, occurrence: number): number {
  return file.blocks.filter((b) => b.type === type && b.labels[0] === label)[occurrence]?.line ?? 1;
}

const FIND_IN_PARENT = /^find_in_parent_folders\(\s*(?:"([^"\\$%]*)")?\s*\)$/;
const DIRNAME_FIND_IN_PARENT = /^dirname\(\s*find_in_parent_folders\(\s*(?:"([^"\\$%]*)")?\s*\)\s*\)$/;

/**
 * The repo path an `include { path = ... }` points at, for the forms live repos use:
 * `find_in_parent_folders("root.hcl")`, `"${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/vpc.hcl"`,
 * `"${get_terragrunt_dir()}/../_envcommon/vpc.hcl"`, `"${get_repo_root()}/_envcommon/vpc.hcl"` and relative
 * literals. Other expressions fall back to the one repo file whose path ends with the literal tail.
 */
export function resolveIncludePath(pathValue: string, fileDir: string, paths: ReadonlyMap<string, unknown>): string | null {
  const parts = splitHclTemplate(pathValue);
  const exists = (path: string) => (paths.has(path) ? path : null);
  if (parts.length === 1 && parts[0]!.kind === "literal") {
    return parts[0]!.text.startsWith("/") ? null : exists(joinRepoPath(fileDir, parts[0]!.text));
  }
  const [head, ...rest] = parts;
  if (!head || head.kind !== "expression" || rest.some((p) => p.kind !== "literal")) return null;
  const tail = rest.map((p) => p.text).join("");
  const find = FIND_IN_PARENT.exec(head.text);
  if (find && tail === "") return findInParentFolders(fileDir, find[1] || "terragrunt.hcl", paths);
  const dirnameFind = DIRNAME_FIND_IN_PARENT.exec(head.text);
  if (dirnameFind) {
    const found = findInParentFolders(fileDir, dirnameFind[1] || "terragrunt.hcl", paths);
    return found ? exists(joinRepoPath(dirnameOf(found), `./${tail}`)) : null;
  }
  if (/^get_terragrunt_dir\(\s*\)$/.test(head.text)) return exists(joinRepoPath(fileDir, `./${tail}`));
  if (/^(?:get_repo_root|get_path_to_repo_root)\(\s*\)$/.test(head.text)) return exists(joinRepoPath("", `./${tail}`));
  const suffix = joinRepoPath("", `./${tail}`);
  if (suffix === "") return null;
  const candidates = [...paths.keys()].filter((p) => p === suffix || p.endsWith(`/${suffix}`));
  return candidates.length === 1 ? candidates[0]! : null;
}

/** Terragrunt's lookup: the parent folders of the config's folder, nearest first. */
function findInParentFolders(fileDir: string, name: string, paths: ReadonlyMap<string, unknown>): string | null {
  let dir = fileDir;
  while (dir !== "") {
    dir = dirnameOf(dir);
    const candidate = joinRepoPath(dir, name);
    if (paths.has(candidate)) return candidate;
  }
  return null;
}

interface ReferenceDraft {
  file: string;
  line: number;
  kind: ModuleReference["kind"];
  address: string;
  moduleName: string | null;
  rawSource: string;
  scope: TemplateScope;
  versionAttribute: string | null;
  inheritedFrom: ModuleReference["inheritedFrom"];
}

function buildReference(context: Context, draft: ReferenceDraft): ModuleReference | null {
  const location = deriveUnitLocation(draft.file, context.options.envs ?? DEFAULT_ENVS);
  const resolved = resolveSourceTemplate(draft.rawSource, draft.scope);
  const versionAttribute = draft.versionAttribute === null ? null : readVersionAttribute(draft.versionAttribute);
  const base = {
    file: draft.file,
    line: draft.line,
    kind: draft.kind,
    address: draft.address,
    moduleName: draft.moduleName,
    ...location,
    source: redactSourceCredentials(draft.rawSource),
    inheritedFrom: draft.inheritedFrom,
  };
  if (!resolved.resolved) {
    const query = readQuery(resolved.literalTail);
    return {
      ...base,
      resolvedSource: null,
      unresolved: { expressions: resolved.expressions },
      normalized: null,
      ref: query.get("ref"),
      versionConstraint: versionAttribute ?? query.get("version"),
    };
  }
  // Relative sources resolve against the unit's folder, even when an included config wrote them.
  const normalized = normalizeModuleSource(resolved.text, { fileDir: location.unitPath, registryHosts: context.options.registryHosts });
  if (normalized.type === "local" && (context.options.localSources ?? "ignore") === "ignore") return null;
  return {
    ...base,
    resolvedSource: redactSourceCredentials(resolved.text),
    unresolved: null,
    normalized,
    ref: normalized.type === "git" ? normalized.ref : null,
    versionConstraint: normalized.type === "registry" ? (normalized.version ?? versionAttribute) : null,
  };
}

/** A `version` attribute as written; an expression is kept as its text (the matcher reports it as invalid). */
function readVersionAttribute(value: string): string {
  const resolved = resolveSourceTemplate(value, { locals: {}, includes: {} });
  return resolved.resolved ? resolved.text.trim() : value;
}

function readQuery(text: string): URLSearchParams {
  const at = text.indexOf("?");
  return new URLSearchParams(at < 0 ? "" : text.slice(at + 1));
}
