/*
 * Portal URLs of the scaffold: those written into pull request bodies (the catalogue module
 * page, the scaffold request page) and the scaffold form's own. Keep them in step with the pages.
 */

function join(publicUrl: string | null, path: string): string {
  return publicUrl ? `${publicUrl.replace(/\/+$/, "")}${path}` : path;
}

/** `/catalogue/<owner>/<repo>/<module>?version=<v>` */
export function buildCatalogueUrl(options: { publicUrl: string | null; owner: string; repo: string; module: string; version: string }): string {
  const path = [options.owner, options.repo, options.module].map(encodeURIComponent).join("/");
  return join(options.publicUrl, `/catalogue/${path}?version=${encodeURIComponent(options.version)}`);
}

/** `/scaffold/<id>` */
export function buildScaffoldRequestUrl(options: { publicUrl: string | null; id: string }): string {
  return join(options.publicUrl, `/scaffold/${options.id}`);
}

/** `/scaffold/new?versionId=<module version id>[&workload=<slug>]`: the form, with no lookup by name. */
export function buildNewScaffoldPath(options: { versionId: string; workload?: string }): string {
  const query = new URLSearchParams({ versionId: options.versionId });
  if (options.workload) query.set("workload", options.workload);
  return `/scaffold/new?${query.toString()}`;
}

/** A module version named the way older scaffold links name it, instead of by id. */
export type ModuleVersionLink = { moduleId: string; version: string } | { source: { owner: string; repo: string }; module: string; version: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the older links to the scaffold form, which still work by redirecting to
 * `?versionId=`: `?module=<module id>&version=<x.y.z>` (the catalogue's earlier "Use this
 * module"), `?source=<owner/repo>&module=<name>&version=<x.y.z>`, and `?version=<version id>` or
 * `?module=<version id>` alone. Null when the query names no module version.
 */
export function readLegacyScaffoldLink(search: Record<string, string | string[] | undefined>): { versionId: string } | ModuleVersionLink | null {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
  const moduleParam = first(search.module);
  const version = first(search.version);
  const source = first(search.source);
  if (source && moduleParam && version) {
    const [owner = "", repo = ""] = source.split("/");
    return { source: { owner, repo }, module: moduleParam, version };
  }
  if (version && UUID.test(version)) return { versionId: version };
  if (moduleParam && UUID.test(moduleParam) && version) return { moduleId: moduleParam, version };
  if (moduleParam && UUID.test(moduleParam)) return { versionId: moduleParam };
  return null;
}
