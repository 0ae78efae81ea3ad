import Link from "next/link";
import { VersionStatusActions, type SetVersionStatus } from "@/components/catalogue-admin/version-status-actions";
import type { ModuleVersionSummary } from "@/lib/catalogue/catalogue-views";
import { formatDay, VersionStatusBadges } from "./version-status-badge";

/**
 * Every version of the module, newest first: release date, status (with the reason or the
 * advisory), how many units use it, and for admins the status actions of each version.
 */
export function ModuleVersions({
  versions,
  selected,
  href,
  usageCounts,
  setStatus,
}: {
  versions: ModuleVersionSummary[];
  selected: string;
  /** The module page path without query. */
  href: string;
  /** Units using each version, by version id. */
  usageCounts: Record<string, number>;
  /** Given to admins only: the server action behind the per-version actions. */
  setStatus?: SetVersionStatus;
}) {
  const deprecated = versions.filter((v) => v.status === "deprecated").length;
  const vulnerable = versions.filter((v) => v.status === "vulnerable").length;
  return (
    <div>
      <p className="mb-3 text-sm text-fg-muted" data-testid="version-status-summary">
        {versions.length} {versions.length === 1 ? "version" : "versions"}
        {vulnerable > 0 ? `, ${vulnerable} flagged vulnerable` : ""}
        {deprecated > 0 ? `, ${deprecated} deprecated` : ""}
        {vulnerable + deprecated === 0 ? ", none deprecated or vulnerable" : ""}. Deprecated and vulnerable versions stay available to the
        units that pin them, and are marked here, in the registry and in the catalogue filters.
      </p>
      <ul className="divide-y divide-line rounded-lg border border-line">
        {[...versions].map((v) => {
          const newer = versions.filter((other) => other.status !== "withdrawn" && isNewer(other, v, versions)).map((other) => other.version);
          const used = usageCounts[v.id] ?? 0;
          return (
            <li key={v.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2 text-sm" data-testid="module-version" data-version={v.version} data-status={v.status}>
              <Link
                prefetch={false}
                href={`${href}?version=${encodeURIComponent(v.version)}`}
                aria-current={v.version === selected ? "page" : undefined}
                className="font-mono font-medium text-accent underline-offset-2 hover:underline"
              >
                {v.version}
              </Link>
              <span className="text-xs text-fg-subtle">{v.publishedAt ? <>released <time dateTime={v.publishedAt}>{formatDay(v.publishedAt)}</time></> : "release date unknown"}</span>
              <span className="flex flex-wrap gap-1">
                <VersionStatusBadges version={v} />
              </span>
              <span className="text-xs text-fg-subtle">{used === 0 ? "not in use" : `used by ${used} ${used === 1 ? "unit" : "units"}`}</span>
              {setStatus ? <VersionStatusActions version={v} newerVersions={newer} setStatus={setStatus} /> : null}
              {v.status === "deprecated" || v.status === "vulnerable" ? <StatusDetail version={v} /> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function StatusDetail({ version }: { version: ModuleVersionSummary }) {
  return (
    <p className="order-1 basis-full text-xs text-fg-muted">
      {version.statusReason}
      {version.status === "vulnerable" && version.advisoryUrl ? (
        <>
          {" "}
          <a href={version.advisoryUrl} rel="noopener noreferrer nofollow" className="underline">
            Advisory
          </a>
        </>
      ) : null}
      {version.fixedIn ? ` Fixed in ${version.fixedIn}.` : ""}
    </p>
  );
}

/** Whether `a` comes after `b` in the list (which is newest first). */
function isNewer(a: ModuleVersionSummary, b: ModuleVersionSummary, newestFirst: ModuleVersionSummary[]): boolean {
  return newestFirst.indexOf(a) < newestFirst.indexOf(b);
}
