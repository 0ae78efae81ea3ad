import { systemActor, type AuditActor } from "@/lib/platform/audit";
import { logger } from "@/lib/platform/logger";
import { computeNotices, isNoticeSatisfied, type VersionState } from "./core/compute-notices";
import { reconcileNotice, type NoticeChange } from "./core/reconcile-notice";
import type { ConsumptionRecord, EstateDeps, NoticeRecord } from "./ports";

export interface ReconcileNoticesResult {
  opened: number;
  updated: number;
  tightened: number;
  resolved: number;
  consumptions: number;
  /** Changes another reconcile (or a policy save) beat us to, recomputed once; left over after that. */
  stale: number;
  /** The policy revision the last pass computed under (`EstateStore.getPolicyState`). */
  policyRevision: number;
}

type Change = { consumptionId: string; expectedNoticeId: string | null; change: NoticeChange };

/**
 * Brings the notices of open consumptions in line with the catalogue and the policy: a newer
 * version opens notices on every older consumption (due by change level), a deprecated or
 * vulnerable flag opens or tightens them, and a unit on a version that meets its notice resolves
 * it. `endedConsumptionIds` (from a scan) resolves the notices of consumptions that ended: met
 * when the unit's new version satisfies them, else no longer applying (the new consumption gets
 * its own). Scoped to a module (new version, flag), a workload (scan) or everything (the job).
 * Safe to repeat: a second run changes nothing.
 */
export async function reconcileNotices(
  deps: EstateDeps,
  options: { moduleId?: string; workloadId?: string; endedConsumptionIds?: readonly string[]; allowLaterDue?: boolean; actor?: AuditActor } = {},
): Promise<ReconcileNoticesResult> {
  const actor = options.actor ?? systemActor("estate-notices");
  const result: ReconcileNoticesResult = { opened: 0, updated: 0, tightened: 0, resolved: 0, consumptions: 0, stale: 0, policyRevision: 0 };
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = deps.now();
    const { policy, revision } = await deps.store.getPolicyState();
    result.policyRevision = revision;
    const open = (await deps.store.listOpenConsumptions({ workloadId: options.workloadId, moduleId: options.moduleId })).filter((c) => c.moduleId && c.moduleVersionId);
    result.consumptions = open.length;
    const byModule = new Map<string, ConsumptionRecord[]>();
    for (const c of open) byModule.set(c.moduleId!, [...(byModule.get(c.moduleId!) ?? []), c]);
    const states = new Map<string, Array<VersionState & { id: string }>>();
    for (const moduleId of byModule.keys()) states.set(moduleId, await deps.store.listVersionStates(moduleId));

    // Notices left on consumptions that ended (a scan or a merge moved the unit) resolve too.
    const stranded = await deps.store.listNoticesOnEndedConsumptions({ workloadId: options.workloadId, moduleId: options.moduleId });
    const openIds = new Set(open.map((c) => c.id));
    const ended = [...new Set([...(options.endedConsumptionIds ?? []), ...stranded.map((n) => n.consumptionId)])].filter((id) => !openIds.has(id));
    const existing = await deps.store.findOpenNotices([...open.map((c) => c.id), ...ended]);
    const changes: Change[] = [];
    for (const consumption of open) {
      const versions = states.get(consumption.moduleId!) ?? [];
      const version = versions.find((v) => v.id === consumption.moduleVersionId);
      if (!version) continue;
      const notice = existing.get(consumption.id) ?? null;
      const computed = computeNotices({ version: version.version, versions, policy, now }).notice;
      const change = reconcileNotice({ existing: notice, computed, version: version.version, versions, allowLaterDue: options.allowLaterDue });
      if (change.action !== "none") changes.push({ consumptionId: consumption.id, expectedNoticeId: notice?.id ?? null, change });
    }
    // Notices of consumptions that ended: the unit moved (or went). Met when its new version satisfies it.
    const openByKey = new Map(open.map((c) => [`${c.workloadId}:${c.file}#${c.address}`, c]));
    const endedNotices = ended.flatMap((id) => (existing.get(id) ? [existing.get(id)!] : []));
    if (endedNotices.length > 0) {
      const endedRecords = await consumptionsById(deps, endedNotices);
      for (const notice of endedNotices) {
        const before = endedRecords.get(notice.consumptionId);
        const successor = before ? openByKey.get(`${before.workloadId}:${before.file}#${before.address}`) : undefined;
        const versions = successor?.moduleId ? (states.get(successor.moduleId) ?? []) : [];
        const now = successor?.moduleVersionId ? versions.find((v) => v.id === successor.moduleVersionId) : undefined;
        const met = successor?.moduleId === notice.moduleId && now !== undefined && isNoticeSatisfied(notice, now.version, versions);
        changes.push({ consumptionId: notice.consumptionId, expectedNoticeId: notice.id, change: { action: "resolve", reason: met ? "satisfied" : "no_longer_applies", next: null } });
      }
    }

    const applied = await deps.store.applyNoticeChanges(changes, { actor, policyRevision: revision });
    await announceChanges(deps, [...applied.opened, ...applied.updated, ...applied.resolved]);
    result.opened += applied.opened.length;
    result.updated += applied.updated.length;
    result.resolved += applied.resolved.length;
    result.tightened += changes.filter((c) => c.change.action === "update" && c.change.tightened && !applied.stale.includes(c.consumptionId)).length;
    result.stale = applied.stale.length;
    if (applied.stale.length === 0) break;
  }
  return result;
}

/** Queues the channels' delivery of changed notices; a failure only delays it to the next sweep. */
async function announceChanges(deps: EstateDeps, notices: readonly NoticeRecord[]): Promise<void> {
  if (notices.length === 0 || !deps.onNoticesChanged) return;
  try {
    await deps.onNoticesChanged(notices.map((n) => n.id));
  } catch (error) {
    logger.warn("notice channel delivery not queued; the next sweep delivers it", { error: error instanceof Error ? error.message : String(error) });
  }
}

/** The ended consumptions behind notices, read through the store's interval listing. */
async function consumptionsById(deps: EstateDeps, notices: readonly NoticeRecord[]): Promise<Map<string, ConsumptionRecord>> {
  const workloadIds = [...new Set(notices.map((n) => n.workloadId))];
  const out = new Map<string, ConsumptionRecord>();
  for (const workloadId of workloadIds) {
    for (const record of await deps.store.listConsumptions({ workloadId, ids: notices.filter((n) => n.workloadId === workloadId).map((n) => n.consumptionId) })) out.set(record.id, record);
  }
  return out;
}

/**
 * After an admin changes a version's status: a deprecated or vulnerable flag opens or tightens the
 * notices of every unit of the module at once; reactivating may move due dates later again.
 */
export async function reconcileNoticesAfterStatusChange(
  deps: EstateDeps,
  options: { versionId: string; reactivated: boolean; actor: AuditActor },
): Promise<ReconcileNoticesResult | null> {
  const moduleId = await deps.store.findModuleOfVersion(options.versionId);
  if (!moduleId) return null;
  return reconcileNotices(deps, { moduleId, allowLaterDue: options.reactivated, actor: options.actor });
}
