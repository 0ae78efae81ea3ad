import Link from "next/link";
import type { ModuleUsage } from "@/lib/catalogue/catalogue-views";
import { formatDay } from "./version-status-badge";

/** "Used by": the workloads and units that use each version of the module, newest version first. */
export function ModuleUsageList({ usage, href }: { usage: ModuleUsage; href: string }) {
  if (usage.consumers.length === 0) {
    return (
      <p className="text-sm text-fg-muted" data-testid="used-by-empty">
        No workload uses this module yet. A use is recorded when a scaffold pull request merges, or when a workload&apos;s consumer repo is scanned.
      </p>
    );
  }
  const byVersion = new Map<string, typeof usage.consumers>();
  for (const consumer of usage.consumers) byVersion.set(consumer.version, [...(byVersion.get(consumer.version) ?? []), consumer]);
  return (
    <div className="space-y-4" data-testid="used-by">
      <p className="text-sm text-fg-muted">
        {usage.consumers.length} {usage.consumers.length === 1 ? "unit" : "units"} in {usage.workloadCount} {usage.workloadCount === 1 ? "workload" : "workloads"}.
      </p>
      {[...byVersion].map(([version, consumers]) => (
        <section key={version} aria-label={`Used by, version ${version}`} data-testid="used-by-version" data-version={version}>
          <h3 className="text-sm font-semibold">
            <Link prefetch={false} href={`${href}?version=${encodeURIComponent(version)}`} className="font-mono underline-offset-2 hover:underline">
              {version}
            </Link>{" "}
            <span className="font-normal text-fg-subtle">
              · {consumers.length} {consumers.length === 1 ? "unit" : "units"}
            </span>
          </h3>
          <ul className="mt-1 space-y-1 text-sm">
            {consumers.map((c) => (
              <li key={`${c.workload.slug}/${c.unitPath}`} className="flex flex-wrap items-baseline gap-x-2">
                <Link prefetch={false} href={`/workloads/${encodeURIComponent(c.workload.slug)}`} className="font-medium text-accent underline-offset-2 hover:underline">
                  {c.workload.name}
                </Link>
                <span className="text-fg-muted">
                  {c.env} · {c.region}
                </span>
                <code className="font-mono text-xs break-all text-fg-muted">{c.unitPath}</code>
                <span className="text-xs text-fg-subtle">
                  {c.recordedBy === "scaffold" ? "merged scaffold" : "repo scan"}, {formatDay(c.recordedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
