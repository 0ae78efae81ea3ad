import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

import { extractModuleDocs } from "@/lib/catalogue/core/extract-module-docs";
import { renderDocsMarkdown, toTerraformDocsJson } from "@/lib/catalogue/core/render-docs-markdown";
import type { ModuleFile } from "@/lib/modules/module-docs";
import type { CliIo } from "../cli-io";

const USAGE = `Usage: bulkhead module-docs <dir> [--format json|markdown] [--version <semver>]

Prints the docs of the Terraform module in <dir>, as terraform-docs would:
  --format markdown  Requirements, Providers, Modules, Resources, Inputs and Outputs tables (default)
  --format json      terraform-docs' json format, plus sensitive, nullable and validations on inputs
  --version <v>      include the CHANGELOG.md section of this version (json only)

Files over 1 MiB and binary files are skipped, each named on stderr with the reason.
Exits 1 when a .tf file does not parse (the errors go to stderr), 2 on bad usage.
`;

const SKIPPED_DIRS = new Set([".git", ".terraform"]);
// Module folders hold text; anything bigger is a stray artefact, not docs.
const MAX_FILE_BYTES = 1024 * 1024;

type Format = "json" | "markdown";

interface ParsedArgs {
  dir: string;
  format: Format;
  version?: string;
}

/**
 * `bulkhead module-docs <dir>`: extracts a local module folder's docs and prints them
 * as markdown or terraform-docs JSON. Returns the process exit code.
 */
export async function runModuleDocs(argv: string[], io: Pick<CliIo, "stdout" | "stderr">): Promise<number> {
  const parsed = parseArgs(argv);
  if ("help" in parsed) {
    io.stdout(USAGE);
    return 0;
  }
  if ("error" in parsed) {
    io.stderr(`module-docs: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }

  const root = path.resolve(parsed.dir);
  const info = await stat(root).catch(() => null);
  if (!info) {
    io.stderr(`module-docs: directory not found: ${parsed.dir}\n`);
    return 1;
  }
  if (!info.isDirectory()) {
    io.stderr(`module-docs: not a directory: ${parsed.dir}\n`);
    return 1;
  }

  const { files, skipped } = await readModuleFiles(root);
  for (const file of skipped) io.stderr(`module-docs: skipped ${file.path}: ${file.reason}\n`);
  if (!files.some((f) => !f.path.includes("/") && f.path.endsWith(".tf"))) {
    io.stderr(`module-docs: no .tf files in ${parsed.dir}\n`);
    return 1;
  }

  const docs = await extractModuleDocs({ files, version: parsed.version });
  if (parsed.format === "json") {
    const json = toTerraformDocsJson(docs);
    const output = parsed.version ? { ...json, changelog: docs.changelog } : json;
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  } else {
    io.stdout(renderDocsMarkdown(docs));
  }

  for (const error of docs.errors) {
    io.stderr(`${error.file}${error.line === null ? "" : `:${error.line}`}: ${error.message}\n`);
  }
  return docs.errors.length > 0 ? 1 : 0;
}

function parseArgs(argv: string[]): ParsedArgs | { error: string } | { help: true } {
  let dir: string | undefined;
  let format: Format = "markdown";
  let version: string | undefined;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === "--help" || arg === "-h") return { help: true };
    const [flag, inline] = arg.startsWith("--") ? splitFlag(arg) : [arg, undefined];
    if (flag === "--format" || flag === "--version") {
      const value = inline ?? argv[++k];
      if (value === undefined || value === "") return { error: `${flag} needs a value` };
      if (flag === "--version") {
        version = value;
      } else if (value === "json" || value === "markdown") {
        format = value;
      } else {
        return { error: `unknown format "${value}" (use json or markdown)` };
      }
    } else if (arg.startsWith("-")) {
      return { error: `unknown option ${flag}` };
    } else if (dir === undefined) {
      dir = arg;
    } else {
      return { error: `unexpected argument "${arg}" (only one directory)` };
    }
  }
  if (dir === undefined) return { error: "missing module directory" };
  return { dir, format, version };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * Every text file under `root`, paths relative to it with `/` separators, and the files
 * left out (too big, or binary) with the reason, so that the caller can name them.
 */
async function readModuleFiles(root: string): Promise<{ files: ModuleFile[]; skipped: SkippedFile[] }> {
  const files: ModuleFile[] = [];
  const skipped: SkippedFile[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const relative = path.relative(root, full).split(path.sep).join("/");
      // Size first, so that a stray multi-gigabyte artefact is never read.
      const { size } = await stat(full);
      if (size > MAX_FILE_BYTES) {
        skipped.push({ path: relative, reason: `larger than 1 MiB (${size} bytes)` });
        continue;
      }
      const buffer = await readFile(full);
      if (buffer.includes(0)) {
        skipped.push({ path: relative, reason: "binary (contains NUL bytes)" });
        continue;
      }
      files.push({ path: relative, content: buffer.toString("utf8") });
    }
  }
  await walk(root);
  const byPath = <T extends { path: string }>(a: T, b: T) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: files.sort(byPath), skipped: skipped.sort(byPath) };
}
