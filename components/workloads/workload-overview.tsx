import Link from "next/link";
import { classifyBump, compareSemver } from "@/lib/modules/semver";
import type { ScaffoldView } from "@/lib/scaffold";
import type { WorkloadDetail, WorkloadUnitView } from "@/lib/workloads";
import { workloadEnvs } from "@/lib/workloads/core/workload-envs";
import { ScaffoldStateBadge } from "@/components/scaffold/scaffold-state-badge";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CardList, CardListItem, NarrowOnly, WideOnly } from "@/components/ui/card-list";
import { EmptyState } from "@/components/ui/empty-state";
import { Table } from "@/components/ui/table";
import { TableHead } from "@/components/ui/table-head";
import { DetailItem } from "@/components/ui/detail-item";
import { formatDateTime } from "@/lib/platform/format-date-time";
import { ScanRepoButton } from "./scan-repo-button";
import { formatConsumptionSource, upgradeCompareHref } from "./unit-links";

/** "upgrade available" when the catalogue has a newer version than the one the unit pins. */
function upgradeOf(unit: WorkloadUnitView): string | null {
  if (!unit.version || !unit.latestVersion) return null;
  try {
    return compareSemver(unit.latestVersion, unit.version) > 0 ? classifyBump(unit.version, unit.latestVersion) : null;
  } catch {
    return null;
  }
}

/** Where the roles on this workload come from, so people know which group to ask for. */
function RoleSource({ detail }: { detail: WorkloadDetail }) {
  const { builder, lead } = detail.grantingGroups;
  const groups = [lead ? <span key="lead">leads: <code>{lead}</code></span> : null, builder ? <span key="builder">builders: <code>{builder}</code></span> : null].filter(Boolean);
  return (
    <p className="mt-3 text-xs text-fg-muted" data-testid="role-source">
      {detail.yourRole?.source === "manual" ? "Your role was granted in the portal when the workload was registered, and is kept when you sign in. " : null}
      {groups.length > 0 ? (
        <>
          IdP groups that grant roles on this workload: {groups.reduce<React.ReactNode[]>((out, group, i) => (i === 0 ? [group] : [...out, ", ", group]), [])}.
        </>
      ) : (
        "The role mapping names no IdP group for this workload: an admin grants roles."
      )}
    </p>
  );
}

/**
 * A workload's page body: its units on the consumer repo's default branch grouped by env and
 * region (with upgrade hints and promotion), consumption records and recent scaffold requests.
 */
export function WorkloadOverview({ detail, scaffolds }: { detail: WorkloadDetail; scaffolds: ScaffoldView[] }) {
  const { workload } = detail;
  return (
    <div className="space-y-8">
      <Card aria-labelledby="about-heading">
        <h2 id="about-heading" className="sr-only">
          About
        </h2>
        <dl className="grid gap-3 text-sm sm:grid-cols-4">
          <DetailItem term="Team" className="font-medium">{workload.team}</DetailItem>
          <DetailItem term="Consumer repo" className="font-mono text-xs break-all" data-testid="consumer-repo">
            {workload.consumerRepo ?? "not linked"}
          </DetailItem>
          <DetailItem term="Account folders">{workloadEnvs.join(", ")}</DetailItem>
          <DetailItem term="Your role" data-testid="workload-your-role">
            {detail.yourRole ? (
              <span className="inline-flex flex-wrap items-center gap-1">
                <Badge tone="brand">{detail.yourRole.role}</Badge>
                {detail.yourRole.source === "manual" ? <Badge tone="neutral">manual</Badge> : <span className="text-xs text-fg-subtle">from your IdP groups</span>}
              </span>
            ) : (
              <span className="text-fg-subtle">none</span>
            )}
          </DetailItem>
        </dl>
        <RoleSource detail={detail} />
        {workload.description ? <p className="mt-3 text-sm text-fg-muted">{workload.description}</p> : null}
        {detail.canEdit && workload.consumerRepo ? <ScanRepoButton slug={workload.slug} /> : null}
      </Card>

      {detail.repoError ? (
        <div role="alert" className="rounded-md border border-warning-line bg-warning-soft p-4 text-sm text-warning">
          The consumer repo could not be read: {detail.repoError}. Units below come from recorded consumptions only.
        </div>
      ) : null}

      <section aria-labelledby="units-heading" className="space-y-4">
        <h2 id="units-heading" className="text-lg font-semibold">
          Units
        </h2>
        {detail.units.length === 0 ? (
          <EmptyState
            title="No units yet"
            action={detail.canEdit ? <Link className={buttonClasses("primary")} href="/catalogue">Scaffold a module from the catalogue</Link> : undefined}
          >
            Units are the <code>&lt;env&gt;/&lt;region&gt;/&lt;unit&gt;/terragrunt.hcl</code> files in the consumer repo.
          </EmptyState>
        ) : (
          workloadEnvs.map((env) => <EnvUnits key={env} env={env} units={detail.units.filter((u) => u.env === env)} detail={detail} />)
        )}
      </section>

      <section aria-labelledby="consumptions-heading" className="space-y-3">
        <h2 id="consumptions-heading" className="text-lg font-semibold">
          Consumption records
        </h2>
        {detail.consumptions.length === 0 ? (
          <EmptyState title="No consumptions recorded yet">A consumption is recorded when a scaffold pull request merges, or when the repo is scanned: after every push, on the hourly schedule, or with “Scan the repo now”.</EmptyState>
        ) : (
          <>
            {/* Four columns leave a phone (or the space beside the side navigation below lg) a few characters each: one card per record there. */}
            <NarrowOnly breakpoint="lg">
              <CardList label="Consumption records by unit" data-testid="consumption-cards">
                {detail.consumptions.map((c) => (
                  <CardListItem key={c.unitPath}>
                    <p className="font-mono text-xs font-medium wrap-anywhere">{c.unitPath}</p>
                    <dl className="mt-2 grid grid-cols-2 gap-2">
                      <div className="col-span-2">
                        <dt className="text-fg-subtle">Source</dt>
                        <dd className="font-mono text-xs break-all">{formatConsumptionSource(c.source, c.ref)}</dd>
                      </div>
                      <DetailItem term="Recorded">
                        {formatDateTime(c.recordedAt)}
                        <RecordedBy consumption={c} scaffolds={scaffolds} />
                      </DetailItem>
                      <DetailItem term="Commit" className="font-mono text-xs">
                        {c.commitSha.slice(0, 7)}
                      </DetailItem>
                    </dl>
                  </CardListItem>
                ))}
              </CardList>
            </NarrowOnly>
            <WideOnly breakpoint="lg">
              <Table label="Consumption records by unit" data-testid="consumptions">
                <TableHead className="border-b border-line text-xs text-fg-subtle uppercase" cellClassName="px-4 py-3" columns={["Unit", "Source", "Recorded", "Commit"]} />
                <tbody className="divide-y divide-line">
                  {detail.consumptions.map((c) => (
                    <tr key={c.unitPath}>
                      <th scope="row" className="px-4 py-3 font-mono text-xs font-normal break-all">{c.unitPath}</th>
                      <td className="px-4 py-3 font-mono text-xs break-all">{formatConsumptionSource(c.source, c.ref)}</td>
                      <td className="px-4 py-3">
                        {formatDateTime(c.recordedAt)}
                        <RecordedBy consumption={c} scaffolds={scaffolds} />
                      </td>
                      <td className="px-4 py-3 font-mono text-xs">{c.commitSha.slice(0, 7)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </WideOnly>
          </>
        )}
      </section>

      <section aria-labelledby="scaffolds-heading" className="space-y-3">
        <h2 id="scaffolds-heading" className="text-lg font-semibold">
          Recent scaffold requests
        </h2>
        {scaffolds.some((s) => !s.detailsVisible) ? (
          <p className="text-xs text-fg-muted" data-testid="requests-members-only">
            The inputs and files of these requests are visible to the workload&apos;s members and admins.
          </p>
        ) : null}
        {scaffolds.length === 0 ? (
          <EmptyState title="No scaffold requests yet" />
        ) : (
          <ul className="divide-y divide-line rounded-lg border border-line bg-raised">
            {scaffolds.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm" data-testid="scaffold-row">
                {s.detailsVisible ? (
                  <Link href={`/scaffold/${s.id}`} prefetch={false} className="font-medium underline">
                    <ScaffoldTitle scaffold={s} />
                  </Link>
                ) : (
                  <span className="font-medium">
                    <ScaffoldTitle scaffold={s} />
                    {s.prUrl ? (
                      <a href={s.prUrl} className="ml-2 text-xs font-normal underline" rel="noreferrer">
                        PR #{s.prNumber}
                      </a>
                    ) : null}
                  </span>
                )}
                <span className="flex items-center gap-2 text-xs text-fg-subtle">
                  {s.requestedByName} · {formatDateTime(s.createdAt)} <ScaffoldStateBadge state={s.state} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** How a consumption was recorded: by a merged scaffold (linked when its details are visible) or a repo scan. */
function RecordedBy({ consumption: c, scaffolds }: { consumption: WorkloadDetail["consumptions"][number]; scaffolds: ScaffoldView[] }) {
  const scaffold = c.scaffoldRequestId ? scaffolds.find((s) => s.id === c.scaffoldRequestId) : undefined;
  return (
    <span className="block text-xs text-fg-subtle">
      {c.recordedBy === "scaffold" ? (
        c.scaffoldRequestId && scaffold?.detailsVisible !== false ? (
          <Link href={`/scaffold/${c.scaffoldRequestId}`} prefetch={false} className="underline">
            merged scaffold{scaffold ? ` by ${scaffold.requestedByName}` : ""}
          </Link>
        ) : (
          "merged scaffold"
        )
      ) : (
        "repo scan"
      )}
    </span>
  );
}

function ScaffoldTitle({ scaffold: s }: { scaffold: ScaffoldView }) {
  return (
    <>
      {s.kind === "promote" ? "Promote" : s.kind === "update" ? "Update" : "Scaffold"} {s.module.name} {s.version} → <span className="font-mono text-xs">{s.unitPath}</span>
    </>
  );
}

function EnvUnits({ env, units, detail }: { env: string; units: WorkloadUnitView[]; detail: WorkloadDetail }) {
  const regions = [...new Set(units.map((u) => u.region))].sort();
  return (
    <Card aria-labelledby={`env-${env}`}>
      <h3 id={`env-${env}`} className="text-base font-semibold">
        {env}
      </h3>
      {units.length === 0 ? (
        <p className="mt-2 text-sm text-fg-muted">No units in {env} yet.</p>
      ) : (
        regions.map((region) => (
          <div key={region} className="mt-3">
            <h4 className="text-xs font-semibold text-fg-subtle uppercase">{region}</h4>
            <ul className="mt-2 divide-y divide-line">
              {units
                .filter((u) => u.region === region)
                .map((unit) => (
                  <UnitRow key={unit.unitPath} unit={unit} detail={detail} />
                ))}
            </ul>
          </div>
        ))
      )}
    </Card>
  );
}

function UnitRow({ unit, detail }: { unit: WorkloadUnitView; detail: WorkloadDetail }) {
  const upgrade = upgradeOf(unit);
  const upgradeHref = upgrade ? upgradeCompareHref(unit) : null;
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="unit-row" data-unit-path={unit.unitPath}>
      <div className="min-w-0">
        <p className="font-medium">{unit.unitName}</p>
        <p className="font-mono text-xs break-all text-fg-subtle">{unit.unitPath}</p>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
          {unit.module ? (
            <>
              <span>
                {unit.module.name} <span className="font-mono">{unit.version ?? unit.ref}</span>
              </span>
              {unit.latestVersion ? <span className="text-xs text-fg-subtle">latest available {unit.latestVersion}</span> : null}
              {upgrade ? <Badge tone="amber">{upgrade} upgrade available</Badge> : null}
            </>
          ) : (
            <span className="text-xs text-fg-subtle">{unit.parseError ? `Could not read: ${unit.parseError}` : `Not from the catalogue${unit.source ? `: ${unit.source}` : ""}`}</span>
          )}
          {unit.consumption ? <Badge tone="green">consumption recorded</Badge> : null}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        {upgradeHref ? (
          // The compare view, what changes from the pinned version to the latest; the upgrade PR
          // itself is "Open upgrade PR" under "Module versions and notices".
          <Link
            href={upgradeHref}
            prefetch={false}
            className={buttonClasses("secondary")}
            aria-label={`What changed in ${unit.latestVersion}: ${unit.unitName} (${unit.env}/${unit.region}), since ${unit.version}`}
            data-testid="upgrade-link"
          >
            What changed in {unit.latestVersion}
          </Link>
        ) : null}
        {unit.promoteTo && detail.canEdit ? (
          // The name starts with the visible text (WCAG 2.5.3); one link per unit, so no prefetch each.
          <Link
            href={`/workloads/${detail.workload.slug}/promote?unit=${encodeURIComponent(unit.unitPath)}`}
            prefetch={false}
            className={buttonClasses("secondary")}
            aria-label={`Promote to ${unit.promoteTo}: ${unit.unitName} (${unit.env}/${unit.region})`}
          >
            Promote to {unit.promoteTo}
          </Link>
        ) : null}
      </div>
    </li>
  );
}
