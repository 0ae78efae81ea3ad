import { AppError } from "@/lib/errors/app-error";
import { findBlockAttributes, type HclAttributeLocation } from "./find-block-attributes";

export interface BumpModuleVersionOptions {
  text: string;
  /**
   * For a `module` block: the new `version = "..."` constraint, e.g. `~> 2.0` or `2.1.0`.
   * For a Terragrunt `tfr://` source: the exact version put in its `version=` query parameter.
   */
  newVersion: string;
  /** When given, the current value must be this one (guards against editing a file that moved on). */
  expectedOldVersion?: string;
  /** Edit this `module "<name>"` block's `version` attribute instead of the Terragrunt `terraform { source = "tfr://..." }`. */
  moduleName?: string;
}

export interface BumpModuleVersionResult {
  text: string;
  oldVersion: string;
  changed: boolean;
}

// A version constraint is digits, letters (prerelease), dots, commas, spaces and the operators; nothing
// that could close the string, start a template or break the line.
const CONSTRAINT = /^[0-9A-Za-z.+\-=!<>~, ]{1,100}$/;
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Changes a registry module's version in place: the `version = "..."` attribute of a `module`
 * block, or the `version=` query parameter of a Terragrunt `tfr://` source. Only the bytes between
 * the quotes (or of the parameter value) change; every other byte of the file stays as it was.
 */
export async function bumpModuleVersion({ text, newVersion, expectedOldVersion, moduleName }: BumpModuleVersionOptions): Promise<BumpModuleVersionResult> {
  const located = await findBlockAttributes(text);
  if (!located.ok) throw new AppError("INVALID_INPUT", `${located.message}; it is not edited`);
  const target = moduleName !== undefined ? findModuleVersion(located.blocks, moduleName) : findTfrSource(located.blocks);
  if (target.kind === "attribute" && (!CONSTRAINT.test(newVersion) || newVersion.trim() !== newVersion)) {
    throw new AppError("INVALID_INPUT", `"${newVersion}" is not a usable version constraint`);
  }
  if (target.kind === "query" && !EXACT_VERSION.test(newVersion)) {
    throw new AppError("INVALID_INPUT", `"${newVersion}" is not an exact version: a tfr:// source takes one version`);
  }
  const oldVersion = target.raw;
  if (expectedOldVersion !== undefined && oldVersion !== expectedOldVersion) {
    throw new AppError("CONFLICT", `The version is "${oldVersion}", not "${expectedOldVersion}"`);
  }
  if (oldVersion === newVersion) return { text, oldVersion, changed: false };
  return { text: text.slice(0, target.start) + newVersion + text.slice(target.end), oldVersion, changed: true };
}

interface Target {
  kind: "attribute" | "query";
  start: number;
  end: number;
  raw: string;
}

function findModuleVersion(blocks: Array<{ type: string; labels: string[]; attributes: HclAttributeLocation[] }>, moduleName: string): Target {
  const matches = blocks.filter((b) => b.type === "module" && b.labels[0] === moduleName);
  if (matches.length === 0) throw new AppError("NOT_FOUND", `No module "${moduleName}" in this file`);
  if (matches.length > 1) throw new AppError("CONFLICT", `More than one module "${moduleName}" in this file`);
  const version = matches[0]!.attributes.find((a) => a.name === "version");
  if (!version) throw new AppError("NOT_FOUND", `Module "${moduleName}" has no version attribute to bump`);
  if (!version.literal || /[\\$%]/.test(version.literal.raw)) {
    throw new AppError("CONFLICT", `Module "${moduleName}" sets its version with an expression; it is not edited`);
  }
  return { kind: "attribute", start: version.literal.start, end: version.literal.end, raw: version.literal.raw };
}

function findTfrSource(blocks: Array<{ type: string; attributes: HclAttributeLocation[] }>): Target {
  const sources = blocks
    .filter((b) => b.type === "terraform")
    .flatMap((b) => b.attributes.filter((a) => a.name === "source"));
  if (sources.length === 0) throw new AppError("NOT_FOUND", "No terraform { source } in this file");
  if (sources.length > 1) throw new AppError("CONFLICT", "More than one terraform { source } in this file");
  const literal = sources[0]!.literal;
  if (!literal) throw new AppError("CONFLICT", "The source is built from an expression; it is not edited");
  if (!/^tfr:\/\//i.test(literal.raw)) throw new AppError("CONFLICT", "The source is not a tfr:// registry source");
  const queryAt = literal.raw.indexOf("?");
  const match = queryAt < 0 ? null : /(?:^|&)version=([^&#]*)/.exec(literal.raw.slice(queryAt + 1));
  if (!match) throw new AppError("NOT_FOUND", "The tfr:// source has no version= parameter");
  const valueStart = literal.start + queryAt + 1 + match.index + match[0].length - match[1]!.length;
  return { kind: "query", start: valueStart, end: valueStart + match[1]!.length, raw: match[1]! };
}
