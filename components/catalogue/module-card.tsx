import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { ModuleSearchHit } from "@/lib/catalogue/catalogue-views";
import { moduleHref } from "./module-href";
import { formatDay } from "./version-status-badge";

/** One search result: name, source, owners, latest version, version statuses and what the module is for. */
export function ModuleCard({ module }: { module: ModuleSearchHit }) {
  return (
    <article className="relative rounded-lg border border-line bg-raised p-4 focus-within:ring-2 focus-within:ring-focus hover:border-focus">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          <Link href={moduleHref(module)} prefetch={false} className="after:absolute after:inset-0 focus:outline-none" data-testid="module-link">
            {module.name}
          </Link>
        </h3>
        <span className="font-mono text-sm text-fg-muted">v{module.latestVersion}</span>
      </div>
      <p className="mt-0.5 font-mono text-xs break-all text-fg-subtle">
        {module.source}
        {module.owners.length > 0 ? <span data-testid="module-owners"> · owned by {module.owners.join(", ")}</span> : null}
      </p>
      {module.description ? <p className="mt-2 line-clamp-2 text-sm text-fg-muted">{module.description}</p> : null}
      <div className="mt-3 flex flex-wrap items-center gap-2 text-xs text-fg-subtle">
        <Badge>{module.provider}</Badge>
        {module.category ? <Badge tone="brand">{module.category}</Badge> : null}
        {module.status === "deprecated" ? <Badge tone="amber">Module deprecated</Badge> : null}
        {module.vulnerableVersions > 0 ? (
          <Badge tone="red">
            {module.vulnerableVersions} vulnerable {module.vulnerableVersions === 1 ? "version" : "versions"}
          </Badge>
        ) : null}
        {module.deprecatedVersions > 0 ? (
          <Badge tone="amber">
            {module.deprecatedVersions} deprecated {module.deprecatedVersions === 1 ? "version" : "versions"}
          </Badge>
        ) : null}
        <span>
          {module.versionCount} {module.versionCount === 1 ? "version" : "versions"} · updated <time dateTime={module.updatedAt}>{formatDay(module.updatedAt)}</time>
        </span>
      </div>
    </article>
  );
}
