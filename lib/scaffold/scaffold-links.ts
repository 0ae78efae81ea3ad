/*
 * Portal URLs the scaffold writes into pull request bodies. Keep them in step with the pages:
 * the catalogue module page and the scaffold request page.
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
