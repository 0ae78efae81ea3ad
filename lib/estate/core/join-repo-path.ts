/**
 * Joins a folder and a relative path inside a repo, resolving `.` and `..` ("" is the repo root).
 * A path that climbs above the root keeps its leading `../` parts, so it never silently aliases
 * a folder inside the repo.
 */
export function joinRepoPath(dir: string, relative: string): string {
  const out: string[] = [];
  const segments = relative.startsWith("/") ? relative.split("/") : [...dir.split("/"), ...relative.split("/")];
  for (const segment of segments) {
    if (segment === "" || segment === ".") continue;
    if (segment === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(segment);
  }
  return out.join("/");
}

/** The folder of a repo file path ("" for a file at the root). */
export function dirnameOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}
