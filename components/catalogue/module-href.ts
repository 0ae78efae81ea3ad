/**
 * The module page URL: `/catalogue/<owner>/<repo>/<module>`, plus `?version=` when a
 * specific version is meant. Module names are unique per source repo, not per owner.
 */
export function moduleHref(module: { owner: string; repo: string; name: string }, version?: string): string {
  const path = `/catalogue/${encodeURIComponent(module.owner)}/${encodeURIComponent(module.repo)}/${encodeURIComponent(module.name)}`;
  return version ? `${path}?version=${encodeURIComponent(version)}` : path;
}
