import { Table } from "@/components/ui/table";
import type { UnitStatusView } from "@/lib/estate";
import type { ActionResult } from "@/lib/platform/http/define-action";
import { UpgradeButton } from "./notice-actions";
import { UnitStatusBadge } from "./unit-status-badge";

/** A workload's module units: module, version, status (current, update available, due, overdue, vulnerable) and the upgrade action. */
export function WorkloadUnits({
  units,
  upgrade,
}: {
  units: UnitStatusView[];
  upgrade: (input: { consumptionId: string }) => Promise<ActionResult<{ prUrl: string | null; to: string; actions: number }>>;
}) {
  return (
    <section aria-labelledby="estate-units-heading" className="mt-8">
      <h2 id="estate-units-heading" className="mb-3 text-lg font-semibold">
        Module versions and notices
      </h2>
      {units.length === 0 ? (
        <p className="text-sm text-fg-muted">No module reference recorded yet: the next scan of the consumer repo records them.</p>
      ) : (
        <Table label="Module units and their status" data-testid="estate-units">
          <thead className="bg-sunken text-xs text-fg-muted">
            <tr>
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
                <td className="px-3 py-2 font-mono text-xs">
                  {u.file}
                  {u.address === "terraform.source" ? "" : ` (${u.address})`}
                </td>
                <td className="px-3 py-2">{u.module?.name ?? <span className="font-mono text-xs break-all">{u.source}</span>}</td>
                <td className="px-3 py-2">{u.version?.version ?? u.versionConstraint ?? u.ref ?? "–"}</td>
                <td className="px-3 py-2">
                  <UnitStatusBadge status={u.status} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {u.notice ? (
                    <>
                      <time dateTime={u.notice.dueAt.toISOString()}>{u.notice.dueAt.toISOString().slice(0, 10)}</time>
                      {u.notice.targetVersion ? <div className="text-xs text-fg-muted">to {u.notice.targetVersion}</div> : null}
                    </>
                  ) : (
                    "–"
                  )}
                </td>
                <td className="px-3 py-2">{u.canUpgrade && u.notice?.targetVersion ? <UpgradeButton consumptionId={u.consumptionId} run={upgrade} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
