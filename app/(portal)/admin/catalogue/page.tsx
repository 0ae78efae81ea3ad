import Link from "next/link";
import { moduleHref } from "@/components/catalogue/module-href";
import { formatDay, VersionStatusBadges } from "@/components/catalogue/version-status-badge";
import { AddSourceForm } from "@/components/catalogue-admin/add-source-form";
import { ReactivateVersionButton } from "@/components/catalogue-admin/reactivate-version-button";
import { ResyncButton } from "@/components/catalogue-admin/resync-button";
import { SourceOwnersForm } from "@/components/catalogue-admin/source-owners-form";
import { SourceToggle } from "@/components/catalogue-admin/source-toggle";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import type { SyncRunView } from "@/lib/catalogue/catalogue-views";
import { listModuleSources } from "@/lib/catalogue/list-module-sources";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { addModuleSourceAction, resyncSourceAction, setSourceDefaultOwnersAction, setSourceEnabledAction, setVersionStatusAction } from "./actions";
import { formatDateTime } from "@/lib/platform/format-date-time";

export const metadata = { title: "Catalogue sources" };
export const dynamic = "force-dynamic";

const statusTone = (status: string | null) =>
  status === "succeeded" ? "green" : status === "failed" ? "red" : status === "running" ? "brand" : "neutral";

const when = (iso: string | null) => (iso ? formatDateTime(iso) : "never");

function RunsTable({ runs, label }: { runs: SyncRunView[]; label: string }) {
  if (runs.length === 0) return <p className="text-sm text-fg-subtle">No sync has run yet.</p>;
  return (
    <Table label={`Recent syncs of ${label}`} frame={false} dense>
      <TableHead className="text-fg-subtle" cellClassName="py-1 pr-3 font-medium" columns={["Started", "Trigger", "Status", "Tags", "New", "Withdrawn", "With errors"]} />
      <tbody className="divide-y divide-line">
        {runs.map((run) => (
          <tr key={run.id} data-testid="sync-run" data-trigger={run.trigger} data-status={run.status}>
            <td className="py-1 pr-3 whitespace-nowrap">{when(run.startedAt)}</td>
            <td className="py-1 pr-3">{run.trigger}</td>
            <td className="py-1 pr-3">
              <Badge tone={statusTone(run.status)}>{run.status}</Badge>
              {run.error ? <span className="ml-2 text-danger">{run.error}</span> : null}
            </td>
            <td className="py-1 pr-3">{run.tagsSeen}</td>
            <td className="py-1 pr-3">{run.versionsIngested}</td>
            <td className="py-1 pr-3">{run.versionsWithdrawn}</td>
            <td className="py-1 pr-3">{run.versionsFailed}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export default async function CatalogueAdminPage() {
  await requirePageViewer({ role: "admin" });
  const view = await listModuleSources(getCatalogueDeps());
  return (
    <>
      <PageHeader
        title="Catalogue sources"
        description="The GitHub repos the module catalogue reads. Sync runs on tag webhooks, every 15 minutes, and when you ask; a tag is parsed once, and a deleted tag withdraws its version."
      />
      <section aria-labelledby="add-source-heading" className="mb-8">
        <h2 id="add-source-heading" className="mb-3 text-lg font-semibold">Add a source</h2>
        <Card>
          <AddSourceForm addSource={addModuleSourceAction} />
        </Card>
      </section>

      <section aria-labelledby="sources-heading" className="mb-8">
        <h2 id="sources-heading" className="mb-3 text-lg font-semibold">Sources</h2>
        {view.sources.length === 0 ? (
          <EmptyState title="No module sources yet">Add the repos that hold your Terraform modules above.</EmptyState>
        ) : (
          <ul className="grid gap-4">
            {view.sources.map((source) => {
              const label = `${source.owner}/${source.repo}`;
              return (
                <li key={source.id} className="min-w-0">
                  <Card aria-label={label} data-testid="module-source">
                    <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
                      <div>
                        <h3 className="font-mono text-sm font-semibold">{label}</h3>
                        <p className="mt-1 text-xs text-fg-muted">
                          {source.layout === "monorepo" ? `Monorepo, modules in ${source.modulesDir}/` : "One module per repo"} ·{" "}
                          {source.moduleCount} modules · {source.versionCount} versions · last sync {when(source.lastSyncedAt)}{" "}
                          <Badge tone={statusTone(source.lastSyncStatus)}>{source.lastSyncStatus ?? "never synced"}</Badge>{" "}
                          {source.enabled ? null : <Badge tone="amber">disabled</Badge>}
                        </p>
                        {source.lastSyncError ? <p className="mt-1 text-xs text-danger">{source.lastSyncError}</p> : null}
                      </div>
                      <div className="flex items-center gap-2">
                        <SourceToggle sourceId={source.id} enabled={source.enabled} label={label} setEnabled={setSourceEnabledAction} />
                        <ResyncButton
                          sourceId={source.id}
                          label={label}
                          latestRun={source.recentRuns[0] ? { id: source.recentRuns[0].id, status: source.recentRuns[0].status, startedAt: source.recentRuns[0].startedAt } : null}
                          resync={resyncSourceAction}
                        />
                      </div>
                    </div>
                    <RunsTable runs={source.recentRuns} label={label} />
                    <SourceOwnersForm sourceId={source.id} label={label} defaultOwners={source.defaultOwners} setOwners={setSourceDefaultOwnersAction} />
                  </Card>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="errors-heading" className="mb-8">
        <h2 id="errors-heading" className="mb-3 text-lg font-semibold">Versions with errors</h2>
        {view.brokenVersions.length === 0 ? (
          <p className="text-sm text-fg-muted">Every ingested version parsed cleanly.</p>
        ) : (
          <Card className="p-0">
            <ul className="divide-y divide-line text-sm">
              {view.brokenVersions.map((v) => (
                <li key={v.id} className="px-4 py-3" data-testid="broken-version">
                  <p>
                    <span className="font-medium">{v.moduleName}</span> <span className="font-mono">{v.version}</span>{" "}
                    <span className="text-xs text-fg-subtle">({v.source}, tag {v.tag})</span>
                  </p>
                  <ul className="mt-1 list-disc pl-5 text-xs text-danger">
                    {v.errors.map((e, i) => (
                      <li key={i}>
                        <span className="font-mono">{e.file}{e.line !== null ? `:${e.line}` : ""}</span> {e.message}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </section>

      <section aria-labelledby="status-heading">
        <h2 id="status-heading" className="mb-3 text-lg font-semibold">Deprecated and vulnerable versions</h2>
        <p className="mb-3 text-sm text-fg-muted">
          To deprecate a version or flag it vulnerable, open its module page: each version has its actions there. Flagged versions stay in the
          registry for the units that pin them, marked.
        </p>
        {view.flaggedVersions.length === 0 ? (
          <p className="text-sm text-fg-muted">No version is deprecated or flagged vulnerable.</p>
        ) : (
          <Card className="p-0">
            <ul className="divide-y divide-line text-sm" data-testid="flagged-versions">
              {view.flaggedVersions.map((v) => {
                const href = moduleHref({ owner: v.owner, repo: v.repo, name: v.moduleName });
                return (
                  <li key={v.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3" data-testid="flagged-version" data-status={v.status}>
                    <Link prefetch={false} href={`${href}?version=${encodeURIComponent(v.version)}#versions`} className="font-medium underline-offset-2 hover:underline">
                      {v.moduleName} <span className="font-mono">{v.version}</span>
                    </Link>
                    <span className="text-xs text-fg-subtle">{v.source}</span>
                    <VersionStatusBadges version={{ ...v, hasErrors: false, prerelease: false }} />
                    <span className="ml-auto">
                      <ReactivateVersionButton versionId={v.id} label={`${v.moduleName} ${v.version}`} setStatus={setVersionStatusAction} />
                    </span>
                    <p className="basis-full text-xs text-fg-muted">
                      {v.statusReason}
                      {v.fixedIn ? ` Fixed in ${v.fixedIn}.` : ""}
                      {v.upgradeDeadline ? ` Upgrade by ${formatDay(v.upgradeDeadline)}.` : ""}
                    </p>
                  </li>
                );
              })}
            </ul>
          </Card>
        )}
      </section>
    </>
  );
}
