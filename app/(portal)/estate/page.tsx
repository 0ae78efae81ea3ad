import Link from "next/link";
import { ComplianceLineChart } from "@/components/estate/compliance-line-chart";
import { ReferenceName } from "@/components/estate/reference-name";
import { VersionBarChart } from "@/components/estate/version-bar-chart";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CardList, CardListItem, NarrowOnly, WideOnly } from "@/components/ui/card-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import { getEstateDeps, getEstateOverview } from "@/lib/estate";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";

export const metadata = { title: "Estate" };
export const dynamic = "force-dynamic";

/** A bring-your-own reference's version: its registry constraint or its git ref. */
const referenceVersion = (b: { versionConstraint: string | null; ref: string | null }) => b.versionConstraint ?? b.ref ?? "–";

export default async function EstatePage() {
  const viewer = await requirePageViewer();
  const overview = await getEstateOverview(getEstateDeps(), viewer);
  const { totals } = overview;
  return (
    <>
      <PageHeader
        title="Estate"
        description={overview.scope === "all" ? "Which workload runs which module version, what is overdue, and compliance over time." : "The module versions your workloads run, and what is due."}
        actions={
          <>
            {viewer.role === "admin" ? (
              <Link href="/admin/estate" className={buttonClasses("secondary")}>
                Notice policy
              </Link>
            ) : null}
            <a href="/api/estate/export?kind=estate" className={buttonClasses("secondary")} download>
              Export estate (CSV)
            </a>
            <a href="/api/estate/export?kind=overdue" className={buttonClasses("secondary")} download>
              Export overdue (CSV)
            </a>
          </>
        }
      />
      {totals.units === 0 ? (
        <EmptyState title="No module consumption recorded yet">
          When scaffold pull requests merge and consumer repos are scanned, this view shows which workload uses which module version, and which upgrades are due by when.
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-6">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="estate-totals">
            {(
              [
                ["Units", totals.units],
                ["On catalogue versions", totals.catalogued],
                ["Bring your own", totals.bringYourOwn],
                ["Due soon", totals.dueSoon],
                ["Overdue", totals.overdue],
                ["Vulnerable", totals.vulnerable],
              ] as const
            ).map(([label, value]) => (
              <Card key={label} as="div" className="p-3">
                <dt className="text-xs text-fg-muted">{label}</dt>
                <dd className="text-xl font-semibold">{value}</dd>
              </Card>
            ))}
          </dl>

          <section aria-labelledby="versions-heading">
            <h2 id="versions-heading" className="mb-3 text-lg font-semibold">
              Versions in use
            </h2>
            {overview.modules.length === 0 ? (
              <p className="text-sm text-fg-muted">No unit runs a catalogue module version yet.</p>
            ) : (
              <div className="grid gap-4 md:grid-cols-2">
                {overview.modules.map((m) => (
                  <Card key={m.id} className="p-4">
                    <h3 className="mb-2 font-medium">{m.name}</h3>
                    <VersionBarChart module={m.name} versions={m.versions} />
                  </Card>
                ))}
              </div>
            )}
          </section>

          <section aria-labelledby="overdue-heading">
            <h2 id="overdue-heading" className="mb-3 text-lg font-semibold">
              Overdue and due soon, by workload
            </h2>
            {overview.overdueByWorkload.length === 0 ? (
              <p className="text-sm text-fg-muted">Nothing is due within the policy&apos;s warning period.</p>
            ) : (
              <Table label="Overdue and due-soon units by workload">
                <thead className="bg-sunken text-xs text-fg-muted">
                  <tr>
                    <th scope="col" className="px-3 py-2">Workload</th>
                    <th scope="col" className="px-3 py-2">Overdue</th>
                    <th scope="col" className="px-3 py-2">Due soon</th>
                    <th scope="col" className="px-3 py-2">Vulnerable</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.overdueByWorkload.map((w) => (
                    <tr key={w.slug} className="border-t border-line">
                      <td className="px-3 py-2">
                        <Link href={`/workloads/${encodeURIComponent(w.slug)}`} prefetch={false} className="underline">
                          {w.name}
                        </Link>
                      </td>
                      <td className="px-3 py-2">{w.overdue}</td>
                      <td className="px-3 py-2">{w.dueSoon}</td>
                      <td className="px-3 py-2">{w.vulnerable}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </section>

          {overview.scope === "all" ? (
            <section aria-labelledby="compliance-heading">
              <h2 id="compliance-heading" className="mb-3 text-lg font-semibold">
                Compliance over time
              </h2>
              <Card className="p-4">
                <ComplianceLineChart weeks={overview.compliance} />
                <Table label="Compliance per week" frame={false} dense>
                  <thead className="text-fg-muted">
                    <tr>
                      <th scope="col" className="px-2 py-1">Week</th>
                      <th scope="col" className="px-2 py-1">Units</th>
                      <th scope="col" className="px-2 py-1">Supported</th>
                      <th scope="col" className="px-2 py-1">Share</th>
                      <th scope="col" className="px-2 py-1">Overdue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overview.compliance.map((w) => (
                      <tr key={w.week}>
                        <td className="px-2 py-1">{w.week}</td>
                        <td className="px-2 py-1">{w.units}</td>
                        <td className="px-2 py-1">{w.supported}</td>
                        <td className="px-2 py-1">{w.share === null ? "–" : `${Math.round(w.share * 100)}%`}</td>
                        <td className="px-2 py-1">{w.overdue}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </Card>
            </section>
          ) : null}

          <section aria-labelledby="byo-heading">
            <h2 id="byo-heading" className="mb-3 text-lg font-semibold">
              Bring-your-own references
            </h2>
            {overview.bringYourOwn.length === 0 ? (
              <p className="text-sm text-fg-muted">Every module reference points at the catalogue.</p>
            ) : (
              <>
                <NarrowOnly breakpoint="lg">
                  <CardList label="Module references outside the catalogue">
                    {overview.bringYourOwn.map((b) => (
                      <CardListItem key={`${b.workload}:${b.file}#${b.address}`}>
                        <p className="font-medium">{b.workload}</p>
                        <p className="font-mono text-xs">
                          <ReferenceName file={b.file} address={b.address} />
                        </p>
                        <p className="mt-1 font-mono text-xs break-all text-fg-muted">{b.source}</p>
                        <p className="text-xs">Version: {referenceVersion(b)}</p>
                      </CardListItem>
                    ))}
                  </CardList>
                </NarrowOnly>
                <WideOnly breakpoint="lg">
                  <Table label="Module references outside the catalogue">
                    <TableHead className="bg-sunken text-xs text-fg-muted" cellClassName="px-3 py-2" columns={["Workload", "File", "Source", "Version"]} />
                    <tbody>
                      {overview.bringYourOwn.map((b) => (
                        <tr key={`${b.workload}:${b.file}#${b.address}`} className="border-t border-line">
                          <td className="px-3 py-2">{b.workload}</td>
                          <td className="px-3 py-2 font-mono text-xs">
                            <ReferenceName file={b.file} address={b.address} />
                          </td>
                          <td className="px-3 py-2 font-mono text-xs break-all">{b.source}</td>
                          <td className="px-3 py-2 font-mono text-xs">{referenceVersion(b)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </Table>
                </WideOnly>
              </>
            )}
          </section>
        </div>
      )}
    </>
  );
}
