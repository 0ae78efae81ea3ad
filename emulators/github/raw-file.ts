import { extname } from "node:path";
import type { EmulatorContext } from "./emulator-context.js";
import { entryAtPath, isPlainRefName } from "./git-read.js";

const RAW_PATH = /^\/([^/]+)\/([^/]+)\/(raw|blob)\/(.+)$/;

const contentTypes: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".webp": "image/webp",
};

/**
 * GitHub's `/<owner>/<repo>/raw/<ref>/<path>` (and `/blob/`, served the same way as plain
 * text), so README images and links resolved to the source work in dev. Refs may contain
 * slashes (`vpc/v1.2.0`), so, like GitHub, the longest ref that exists wins.
 */
export async function readRawFile(
  ctx: EmulatorContext,
  pathname: string,
): Promise<{ status: number; raw: Buffer; headers: Record<string, string> } | null> {
  const match = RAW_PATH.exec(pathname);
  if (!match) return null;
  const repo = ctx.repos.find(match[1] ?? "", match[2] ?? "");
  if (!repo) return null;
  const segments = (match[4] ?? "").split("/").map((s) => decodeURIComponent(s));
  for (let split = segments.length - 1; split >= 1; split--) {
    const ref = segments.slice(0, split).join("/");
    if (!isPlainRefName(ref)) continue;
    const commit = await repo.reader.read(`${ref}^{commit}`);
    if (!commit) continue;
    const path = segments.slice(split).join("/");
    const found = await entryAtPath(repo, commit.sha, path).catch(() => null);
    if (!found?.entry || found.entry.mode === "40000") return null;
    const blob = await repo.reader.read(found.entry.sha);
    if (!blob) return null;
    const type = contentTypes[extname(path).toLowerCase()] ?? "text/plain; charset=utf-8";
    return {
      status: 200,
      raw: Buffer.from(blob.content),
      headers: { "content-type": type, "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox" },
    };
  }
  return null;
}
