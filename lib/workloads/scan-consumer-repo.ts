import { systemActor, type AuditActor } from "@/lib/platform/audit";
import { AppError } from "@/lib/errors/app-error";
import type { WorkloadsDeps } from "./ports";
import { readWorkloadUnits } from "./read-workload-units";
import { consumerRepoOf } from "./workload-access";

/**
 * Reads every unit on the consumer repo's default branch and records what it uses: catalogue
 * versions by source and tag, and bring-your-own IaC (sources not in the catalogue) with no
 * module version. Rows of units that disappeared are removed. Safe to run at any time.
 */
export async function scanConsumerRepo(
  deps: WorkloadsDeps,
  options: { workload: string; actor?: AuditActor },
): Promise<{ units: number; catalogued: number; upserted: number; removed: number; commitSha: string }> {
  const workload = await deps.store.findWorkload(options.workload);
  if (!workload) throw new AppError("NOT_FOUND", `There is no workload "${options.workload}"`);
  const repo = consumerRepoOf(workload);
  const startedAt = new Date();
  const head = await deps.repos.readHead(repo);
  const all = await readWorkloadUnits(deps, repo, head.sha);
  const units = all.filter((u) => u.parseError === null && u.source !== null);
  const unreadable = all.filter((u) => !units.includes(u)).map((u) => u.unitPath);
  const result = await deps.store.recordScan(
    workload.id,
    units.map((unit) => ({
      env: unit.env,
      region: unit.region,
      unitPath: unit.unitPath,
      moduleVersionId: unit.match?.moduleVersionId ?? null,
      source: unit.source!,
      ref: unit.ref,
      commitSha: head.sha,
    })),
    options.actor ?? systemActor("scan"),
    { startedAt, keepPaths: unreadable },
  );
  return { units: units.length, catalogued: units.filter((u) => u.match?.moduleVersionId).length, ...result, commitSha: head.sha };
}
