import { AppError } from "@/lib/errors/app-error";

/** hcl2json's Terraform-JSON-syntax view of one file: block type → ... → array of bodies. */
export type HclBody = Record<string, unknown>;

/** A parse problem located in a file (`line` is null when hcl2json did not say); the catalogue stores these as a version's docs errors. */
export interface HclFileError {
  file: string;
  line: number | null;
  message: string;
}

export type ParseHclResult = { ok: true; body: HclBody } | { ok: false; errors: HclFileError[] };

/**
 * Parses one HCL file with hcl2json. A syntax error becomes `{ file, line, message }`
 * entries (one per diagnostic) instead of a thrown error, so a caller can carry on
 * with the module's other files.
 */
export async function parseHcl(file: string, content: string): Promise<ParseHclResult> {
  const parse = await loadHcl2json();
  try {
    const body = (await parse(file, content)) as HclBody;
    return { ok: true, body: body ?? {} };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: parseHclErrorMessage(file, message) };
  }
}

/** Parses an HCL file with hcl2json, throwing INVALID_INPUT (with hcl2json's message) on a syntax error. */
export async function parseHclFile(text: string, filename = "terragrunt.hcl"): Promise<Record<string, unknown>> {
  const parse = await loadHcl2json();
  try {
    return await parse(filename, text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError("INVALID_INPUT", `HCL does not parse: ${message.replace(/^Error:\s*/, "")}`, { cause: error });
  }
}

// Imported on first use: importing lib/hcl costs nothing until a file is parsed, and browser
// code that shares these modules never bundles the Go wasm parser.
async function loadHcl2json(): Promise<typeof import("@cdktn/hcl2json").parse> {
  return (await import("@cdktn/hcl2json")).parse;
}

/**
 * Splits hcl2json's error text, shaped like
 * `parse config: [main.tf:3,26-4,1: Summary; Detail. main.tf:4,2-5,1: ...]`,
 * into one error per diagnostic with its line.
 */
export function parseHclErrorMessage(file: string, message: string): HclFileError[] {
  const marker = new RegExp(`${escapeRegExp(file)}:(\\d+),(\\d+)(?:-\\d+(?:,\\d+)?)?: `, "g");
  const starts: Array<{ index: number; end: number; line: number }> = [];
  for (const match of message.matchAll(marker)) {
    starts.push({ index: match.index, end: match.index + match[0].length, line: Number(match[1]) });
  }
  if (starts.length === 0) {
    return [{ file, line: null, message: message.replace(/^parse config: /, "").trim() }];
  }
  const errors: HclFileError[] = [];
  const seen = new Set<string>();
  starts.forEach((start, k) => {
    const next = starts[k + 1];
    let text = message.slice(start.end, next ? next.index : message.length).trim();
    if (!next) text = text.replace(/\]$/, "").trim();
    const key = `${start.line}:${text}`;
    if (seen.has(key)) return;
    seen.add(key);
    errors.push({ file, line: start.line, message: text });
  });
  return errors;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
