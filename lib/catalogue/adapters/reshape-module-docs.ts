import "server-only";
import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client";
import { docsErrorSchema, emptyModuleDocs, moduleDocsSchema, type DocsError, type ModuleDocs } from "@/lib/modules/module-docs";

/*
 * The one place where the docs JSON stored with a module version turns into the app's
 * `ModuleDocs`, and back. Every reader of the `docs` and `errors` columns goes through here:
 * the catalogue's adapters, and other domains through `@/lib/catalogue`.
 */

/**
 * Stored docs JSON → `ModuleDocs`, checked against `moduleDocsSchema`. A row written by an
 * older extractor must not break a page: what does not parse reads as empty docs with one
 * error that tells the admin to re-sync.
 */
export function reshapeModuleDocs(json: unknown): ModuleDocs {
  const parsed = moduleDocsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return emptyModuleDocs({
    errors: [{ file: "(stored docs)", line: null, message: "The stored docs of this version could not be read; re-sync the source." }],
  });
}

const docsErrorsSchema = z.array(docsErrorSchema);

/** The stored `errors` column → `DocsError[]`; NULL or anything unreadable reads as none. */
export function reshapeDocsErrors(json: unknown): DocsError[] {
  const parsed = docsErrorsSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}

/** `ModuleDocs` → the value of the `docs` column. */
export function toDocsJson(docs: ModuleDocs): Prisma.InputJsonObject {
  return toJsonObject(docs);
}

// Docs hold `unknown` defaults (hcl2json output), which Prisma's JSON input type does not
// accept as such; walking them proves they are JSON instead of asserting it.
function toJsonObject(value: object): Prisma.InputJsonObject {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([key, v]) => [key, toJsonValue(v)]));
}

function toJsonValue(value: unknown): Prisma.InputJsonValue | null {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toJsonValue(item)));
  if (typeof value === "object") return toJsonObject(value);
  throw new TypeError(`Module docs hold a ${typeof value}, which JSON cannot store`);
}
