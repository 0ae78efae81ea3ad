import { moduleHref } from "@/components/catalogue/module-href";

/**
 * Where a unit's "What changed in <latest>" link leads: the module page's compare view between
 * the version the unit pins and the latest (`?version=<latest>&from=<pinned>&to=<latest>#changes`).
 * Null when the unit is not from the catalogue or already on the latest.
 */
export function upgradeCompareHref(unit: { module: { name: string; source: string } | null; version: string | null; latestVersion: string | null }): string | null {
  if (!unit.module || !unit.version || !unit.latestVersion || unit.version === unit.latestVersion) return null;
  const [owner, repo] = unit.module.source.split("/");
  if (!owner || !repo) return null;
  const params = new URLSearchParams({ version: unit.latestVersion, from: unit.version, to: unit.latestVersion });
  return `${moduleHref({ owner, repo, name: unit.module.name })}?${params}#changes`;
}

/**
 * A consumption's source for display, with its ref once: sources written by the portal already
 * end in `?ref=<tag>`, so the ref is only added when the source does not carry it.
 */
export function formatConsumptionSource(source: string, ref: string | null): string {
  if (!ref || /[?&]ref=/.test(source)) return source;
  return `${source}${source.includes("?") ? "&" : "?"}ref=${ref}`;
}
