"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { CardList, CardListItem, NarrowOnly, WideOnly } from "@/components/ui/card-list";
import { Table } from "@/components/ui/table";
import type { BulkUnitResult, BulkUnitStatus, UnitStatusView } from "@/lib/estate";
import { formatDate } from "@/lib/platform/format-date-time";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { UpgradeAction, type UpgradeRun } from "./notice-actions";
import { ReferenceName } from "./reference-name";
import { UnitStatusBadge } from "./unit-status-badge";
import { bulkUpgradeUnits, offersUpgrade } from "./upgrade-offers";

export type BulkUpgradeRun = (input: { consumptionIds: string[]; onlyEnv?: "dev" | "stage" | "prod" | null }) => Promise<ActionResult<{ results: BulkUnitResult[] }>>;

const RESULT_LABELS: Record<BulkUnitStatus, [string, "green" | "brand" | "amber" | "neutral" | "red"]> = {
  opened: ["Opened", "green"],
  already_open: ["Already open", "brand"],
  inputs_required: ["Needs inputs", "amber"],
  held: ["Held for promotion", "neutral"],
  refused: ["Refused", "red"],
  failed: ["Failed", "red"],
};

/**
 * A workload's module units: module, version, status (current, update available, due, overdue,
 * vulnerable) and the upgrade action, or the unit's open upgrade PR; units of one module can be
 * selected and upgraded together (one PR each), or dev first, the other environments then promoted
 * from it. Units whose upgrade PR is open already are left out of the selection.
 */
export function WorkloadUnits({ units, upgrade, upgradeMany, maxBatch }: { units: UnitStatusView[]; upgrade: UpgradeRun; upgradeMany: BulkUpgradeRun; maxBatch: number }) {
  const router = useRouter();
  const { selectable: upgradable, alreadyOpen } = useMemo(() => bulkUpgradeUnits(units), [units]);
  const modules = useMemo(() => [...new Map(upgradable.map((u) => [u.module!.id, u.module!.name])).entries()].sort((a, b) => a[1].localeCompare(b[1])), [upgradable]);
  const [pickedModule, setModuleId] = useState<string>(modules[0]?.[0] ?? "");
  // The picked module leaves the list once each of its units has its PR open: the first one stands in.
  const moduleId = modules.some(([id]) => id === pickedModule) ? pickedModule : (modules[0]?.[0] ?? "");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<BulkUnitResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const candidates = upgradable.filter((u) => u.module!.id === moduleId);
  const openAlready = alreadyOpen.filter((u) => u.module!.id === moduleId).length;
  const chosen = candidates.filter((u) => selected.has(u.consumptionId));
  const allChosen = candidates.length > 0 && chosen.length === candidates.length;
  const devFirst = chosen.some((u) => u.env === "dev") && chosen.some((u) => u.env !== "dev");
  const tooMany = chosen.length > maxBatch;
  const moduleName = modules.find(([id]) => id === moduleId)?.[1] ?? "";

  function toggle(id: string, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  function selectAll(on: boolean) {
    setSelected(on ? new Set(candidates.map((u) => u.consumptionId)) : new Set());
  }

  const isCandidate = (u: UnitStatusView) => candidates.includes(u);

  // A unit's selection box; the table and the phone cards render one each, and CSS shows one.
  // Called, not rendered as a component defined here, so React keeps the box (and its focus) across renders.
  const unitCheckbox = (unit: UnitStatusView) => (
    <input type="checkbox" checked={selected.has(unit.consumptionId)} aria-label={`Select ${unit.file}`} onChange={(e) => toggle(unit.consumptionId, e.target.checked)} />
  );

  function run(onlyEnv: "dev" | null) {
    startTransition(async () => {
      const outcome = await upgradeMany({ consumptionIds: chosen.map((u) => u.consumptionId), onlyEnv });
      if (outcome.ok) {
        setResults(outcome.data.results);
        setError(null);
        setSelected(new Set());
      } else {
        setError(outcome.error.message);
      }
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="estate-units-heading" className="mt-8">
      <h2 id="estate-units-heading" className="mb-3 text-lg font-semibold">
        Module versions and notices
      </h2>
      {units.length === 0 ? (
        <p className="text-sm text-fg-muted">No module reference recorded yet: the next scan of the consumer repo records them.</p>
      ) : (
        <>
          {modules.length > 0 ? (
            <div role="group" aria-labelledby="bulk-upgrade-heading" className="mb-3 flex flex-wrap items-end gap-3 rounded-md border border-line bg-raised p-3" data-testid="bulk-upgrade">
              <h3 id="bulk-upgrade-heading" className="basis-full text-sm font-semibold">
                Upgrade several units
              </h3>
              <label className="flex flex-col gap-1 text-sm">
                Module
                <Select
                  compact
                  value={moduleId}
                  onChange={(e) => {
                    setModuleId(e.target.value);
                    setSelected(new Set());
                  }}
                >
                  {modules.map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
                </Select>
              </label>
              <p className="text-sm text-fg-muted" aria-live="polite">
                {chosen.length} of {candidates.length} selected
              </p>
              <Button type="button" disabled={pending || chosen.length === 0 || tooMany} onClick={() => run(null)}>
                {pending ? "Opening…" : `Open upgrade PRs (${chosen.length})`}
              </Button>
              {devFirst ? (
                <Button type="button" variant="secondary" disabled={pending || tooMany} onClick={() => run("dev")}>
                  Upgrade dev first
                </Button>
              ) : null}
              <p className="basis-full text-xs text-fg-muted">
                One PR per unit. &ldquo;Upgrade dev first&rdquo; opens only the dev units&apos; PRs; once they merge, promote to stage and prod from the workload&apos;s units list. At most {maxBatch} units at once.
                {openAlready > 0 ? ` ${openAlready} ${moduleName} unit${openAlready === 1 ? " has its" : "s have their"} upgrade PR open already, so ${openAlready === 1 ? "it is" : "they are"} not offered here.` : ""}
              </p>
              {tooMany ? (
                <p role="alert" className="basis-full text-sm text-danger">
                  Select at most {maxBatch} units at once ({chosen.length} selected).
                </p>
              ) : null}
            </div>
          ) : null}
          {error ? (
            <Alert tone="error" className="mb-3">
              {error}
            </Alert>
          ) : null}
          {results ? <BulkResults results={results} /> : null}
          {/* Seven columns do not fit beside the side navigation below lg: one card per unit there. */}
          <NarrowOnly breakpoint="lg">
            {candidates.length > 0 ? (
              <label className="mb-2 flex items-center gap-2 text-sm">
                <input type="checkbox" checked={allChosen} onChange={(e) => selectAll(e.target.checked)} />
                Select every upgradable {moduleName} unit
              </label>
            ) : null}
            <CardList label="Module units and their status" data-testid="estate-unit-cards">
              {units.map((u) => (
                <CardListItem key={u.consumptionId} className="flex items-start gap-3" data-unit={`${u.file}#${u.address}`}>
                  {/* The box keeps its column when a unit has none, so the cards line up. */}
                  <span className="mt-0.5 w-4 shrink-0">{isCandidate(u) ? unitCheckbox(u) : null}</span>
                  <div className="min-w-0 flex-1 space-y-1">
                    <p className="font-mono text-xs wrap-anywhere">
                      <ReferenceName file={u.file} address={u.address} />
                    </p>
                    <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                      <span className="font-medium">
                        <UnitModule unit={u} />
                      </span>
                      <span>
                        {unitVersion(u)}
                        {u.notice?.targetVersion ? ` → ${u.notice.targetVersion}` : ""}
                      </span>
                      <UnitStatusBadge status={u.status} />
                    </p>
                    {u.notice ? (
                      <p className="text-xs text-fg-muted">
                        Due <DueDate at={u.notice.dueAt} />
                      </p>
                    ) : null}
                    {u.openUpgrade || offersUpgrade(u) ? (
                      <div className="pt-1">
                        <UnitUpgradeAction unit={u} run={upgrade} />
                      </div>
                    ) : null}
                  </div>
                </CardListItem>
              ))}
            </CardList>
          </NarrowOnly>
          <WideOnly breakpoint="lg">
            <Table label="Module units and their status" data-testid="estate-units">
              <thead className="bg-sunken text-xs text-fg-muted">
                <tr>
                  <th scope="col" className="w-10 px-3 py-2">
                    {candidates.length > 0 ? (
                      <input
                        type="checkbox"
                        checked={allChosen}
                        aria-label={`Select every upgradable ${moduleName} unit`}
                        onChange={(e) => selectAll(e.target.checked)}
                      />
                    ) : (
                      <span className="sr-only">Select</span>
                    )}
                  </th>
                  <th scope="col" className="px-3 py-2">Unit</th>
                  <th scope="col" className="px-3 py-2">Module</th>
                  <th scope="col" className="px-3 py-2">Version</th>
                  <th scope="col" className="px-3 py-2">Status</th>
                  <th scope="col" className="px-3 py-2">Due</th>
                  <th scope="col" className="px-3 py-2">Actions</th>
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.consumptionId} className="border-t border-line" data-unit={`${u.file}#${u.address}`}>
                    <td className="px-3 py-2">
                      {isCandidate(u) ? unitCheckbox(u) : null}
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">
                      <ReferenceName file={u.file} address={u.address} />
                    </td>
                    <td className="px-3 py-2">
                      <UnitModule unit={u} />
                    </td>
                    <td className="px-3 py-2">{unitVersion(u)}</td>
                    <td className="px-3 py-2">
                      <UnitStatusBadge status={u.status} />
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      {u.notice ? (
                        <>
                          <DueDate at={u.notice.dueAt} />
                          {u.notice.targetVersion ? <div className="text-xs text-fg-muted">to {u.notice.targetVersion}</div> : null}
                        </>
                      ) : (
                        "–"
                      )}
                    </td>
                    <td className="px-3 py-2">{u.openUpgrade || offersUpgrade(u) ? <UnitUpgradeAction unit={u} run={upgrade} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </WideOnly>
        </>
      )}
    </section>
  );
}

const unitVersion = (u: UnitStatusView) => u.version?.version ?? u.versionConstraint ?? u.ref ?? "–";

function UnitModule({ unit }: { unit: UnitStatusView }) {
  return <>{unit.module?.name ?? <span className="font-mono text-xs break-all">{unit.source}</span>}</>;
}

function DueDate({ at }: { at: Date | string }) {
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{formatDate(date)}</time>;
}

/** The unit's open upgrade PR, and "Open upgrade PR" while it wants one (named with the newer version when an older PR is open). */
function UnitUpgradeAction({ unit, run }: { unit: UnitStatusView; run: UpgradeRun }) {
  const target = unit.notice?.targetVersion ?? null;
  const label = unit.openUpgrade && target ? `Open upgrade PR to ${target}: ${unit.file}` : `Open upgrade PR: ${unit.file}`;
  return <UpgradeAction consumptionId={unit.consumptionId} run={run} label={label} openUpgrade={unit.openUpgrade} offer={offersUpgrade(unit)} targetVersion={target} />;
}

/** Each selected unit's outcome: its PR, or why there is none. */
function BulkResults({ results }: { results: BulkUnitResult[] }) {
  const opened = results.filter((r) => r.status === "opened" || r.status === "already_open").length;
  return (
    <div role="status" className="mb-3 rounded-md border border-line bg-raised p-3 text-sm" data-testid="bulk-results">
      <h3 className="font-semibold">
        {opened} of {results.length} upgrade PR{results.length === 1 ? "" : "s"} open
      </h3>
      <ul className="mt-2 space-y-2">
        {results.map((r) => {
          const [label, tone] = RESULT_LABELS[r.status];
          return (
            <li key={r.consumptionId} data-result={r.file} className="flex flex-wrap items-center gap-2">
              <code className="text-xs break-all">{r.file}</code>
              <Badge tone={tone}>{label}</Badge>
              {r.prUrl ? (
                <a href={r.prUrl} className="underline" target="_blank" rel="noreferrer">
                  PR #{r.prNumber}
                  {r.to ? ` to ${r.to}` : ""}
                </a>
              ) : null}
              {r.message ? <span className="text-fg-muted">{r.message}</span> : null}
              {r.formUrl ? (
                <Link href={r.formUrl} prefetch={false} className="underline">
                  Fill in {r.requiredInputs.join(", ")}
                </Link>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
