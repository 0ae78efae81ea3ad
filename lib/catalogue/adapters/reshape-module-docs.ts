import "server-only";
import { z } from "zod";
import { docsErrorSchema, emptyModuleDocs, moduleDocsSchema, type DocsError, type ModuleDocs } from "@/lib/modules/module-docs";

/*
 * The one place where the docs JSON stored with a module version turns into the app's
 * `ModuleDocs`. Every reader of the `docs` and `errors` columns goes through here: the
 * catalogue's adapters, and other domains through `@/lib/catalogue`. The sync writes them in the
 * store's `insertVersions`, which stores `JSON.stringify(docs)`: docs are built from hcl2json's
 * JSON output and strings, so that text holds them whole.
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
