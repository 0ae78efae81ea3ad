import Link from "next/link";
import { classifyBump, compareSemver } from "@/lib/modules/semver";
import type { ScaffoldView } from "@/lib/scaffold";
import type { WorkloadDetail, WorkloadUnitView } from "@/lib/workloads";
import { workloadEnvs } from "@/lib/workloads/core/workload-envs";
import { ScaffoldStateBadge } from "@/components/scaffold/scaffold-state-badge";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { TableHead } from "@/components/ui/table-head";
import { DetailItem } from "@/components/ui/detail-item";

const formatDate = (iso: string) => `${new Date(iso).toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC`;

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
    <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400" data-testid="role-source">
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
                {detail.yourRole.source === "manual" ? <Badge tone="neutral">manual</Badge> : <span className="text-xs text-zinc-500">from your IdP groups</span>}
              </span>
            ) : (
              <span className="text-zinc-500">none</span>
            )}
          </DetailItem>
        </dl>
        <RoleSource detail={detail} />
        {workload.description ? <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">{workload.description}</p> : null}
      </Card>

      {detail.repoError ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
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
          <EmptyState title="No consumptions recorded yet">A consumption is recorded when a scaffold pull request merges, or when the repo is scanned.</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
            <table className="w-full text-left text-sm" data-testid="consumptions">
              <caption className="sr-only">Consumption records</caption>
              <TableHead className="border-b border-zinc-200 text-xs text-zinc-500 uppercase dark:border-zinc-800" cellClassName="px-4 py-3" columns={["Unit", "Source", "Recorded", "Commit"]} />
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {detail.consumptions.map((c) => {
                  const scaffold = c.scaffoldRequestId ? scaffolds.find((s) => s.id === c.scaffoldRequestId) : undefined;
                  return (
                    <tr key={c.unitPath}>
                      <th scope="row" className="px-4 py-3 font-mono text-xs font-normal break-all">{c.unitPath}</th>
                      <td className="px-4 py-3 font-mono text-xs break-all">
                        {c.source}
                        {c.ref ? <span className="text-zinc-500"> ?ref={c.ref}</span> : null}
                      </td>
                      <td className="px-4 py-3">
                        {formatDate(c.recordedAt)}
                        <span className="block text-xs text-zinc-500">
                          {c.recordedBy === "scaffold" ? (
                            c.scaffoldRequestId && scaffold?.detailsVisible !== false ? (
                              <Link href={`/scaffold/${c.scaffoldRequestId}`} className="underline">
                                merged scaffold{scaffold ? ` by ${scaffold.requestedByName}` : ""}
                              </Link>
                            ) : (
                              "merged scaffold"
                            )
                          ) : (
                            "repo scan"
                          )}
                        </span>
                      </td>
                      <td className="px-4 py-3 font-mono text-xs">{c.commitSha.slice(0, 7)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="scaffolds-heading" className="space-y-3">
        <h2 id="scaffolds-heading" className="text-lg font-semibold">
          Recent scaffold requests
        </h2>
        {scaffolds.some((s) => !s.detailsVisible) ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="requests-members-only">
            The inputs and files of these requests are visible to the workload&apos;s members and admins.
          </p>
        ) : null}
        {scaffolds.length === 0 ? (
          <EmptyState title="No scaffold requests yet" />
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
            {scaffolds.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm" data-testid="scaffold-row">
                {s.detailsVisible ? (
                  <Link href={`/scaffold/${s.id}`} className="font-medium underline">
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
                <span className="flex items-center gap-2 text-xs text-zinc-500">
                  {s.requestedByName} · {formatDate(s.createdAt)} <ScaffoldStateBadge state={s.state} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
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
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No units in {env} yet.</p>
      ) : (
        regions.map((region) => (
          <div key={region} className="mt-3">
            <h4 className="text-xs font-semibold text-zinc-500 uppercase">{region}</h4>
            <ul className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800">
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
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="unit-row" data-unit-path={unit.unitPath}>
      <div className="min-w-0">
        <p className="font-medium">{unit.unitName}</p>
        <p className="font-mono text-xs break-all text-zinc-500">{unit.unitPath}</p>
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
          {unit.module ? (
            <>
              <span>
                {unit.module.name} <span className="font-mono">{unit.version ?? unit.ref}</span>
              </span>
              {unit.latestVersion ? <span className="text-xs text-zinc-500">latest available {unit.latestVersion}</span> : null}
              {upgrade ? <Badge tone="amber">{upgrade} upgrade available</Badge> : null}
            </>
          ) : (
            <span className="text-xs text-zinc-500">{unit.parseError ? `Could not read: ${unit.parseError}` : `Not from the catalogue${unit.source ? `: ${unit.source}` : ""}`}</span>
          )}
          {unit.consumption ? <Badge tone="green">consumption recorded</Badge> : null}
        </p>
      </div>
      {unit.promoteTo && detail.canEdit ? (
        <Link
          href={`/workloads/${detail.workload.slug}/promote?unit=${encodeURIComponent(unit.unitPath)}`}
          className={buttonClasses("secondary")}
          aria-label={`Promote ${unit.unitName} (${unit.env}/${unit.region}) to ${unit.promoteTo}`}
        >
          Promote to {unit.promoteTo}
        </Link>
      ) : null}
    </li>
  );
}
