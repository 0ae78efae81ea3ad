import { format } from "@cdktn/hcl-tools";
import type { FileContent } from "./module-definition";

/**
 * Formats every `.tf` and `.hcl` file the way `terraform fmt` would, so the templates can stay readable
 * without hand-aligning `=` signs. Files that do not parse (the deliberately broken version) come back
 * re-indented but still broken.
 */
export async function formatHclFiles(files: Record<string, FileContent>): Promise<Record<string, FileContent>> {
  const entries = await Promise.all(
    Object.entries(files).map(async ([path, content]): Promise<[string, FileContent]> => {
      if (typeof content !== "string" || !/\.(tf|hcl)$/.test(path)) return [path, content];
      return [path, await format(content)];
    }),
  );
  return Object.fromEntries(entries);
}
