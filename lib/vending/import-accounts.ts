import type { AuditActor } from "@/lib/platform/audit";
import type { ImportedAccount, VendingDeps } from "./ports";
import { nowOf } from "./vending-timings";

/**
 * Reads every account in the organization (`ListAccounts`, then `ListParents` and
 * `ListTagsForResource` per account, every page) and records it: new accounts as imported,
 * known ones refreshed (name, email, OU, state, observed tags). Accounts no workload claims are
 * linked to the workload their Workload tag names. Runs on a schedule and on demand; one
 * summary goes to the audit log.
 */
export async function importAccounts(deps: VendingDeps, options: { actor: AuditActor }): Promise<{ seen: number; created: number; updated: number; linked: number }> {
  const [accounts, ous] = await Promise.all([deps.directory.listAccounts(), deps.directory.listOrganizationalUnits()]);
  const ouNames = new Map(ous.map((ou) => [ou.id, ou.name]));
  const imported: ImportedAccount[] = accounts.map((account) => ({
    awsAccountId: account.id,
    name: account.name,
    email: account.email,
    ou: account.parent?.type === "ORGANIZATIONAL_UNIT" ? { id: account.parent.id, name: ouNames.get(account.parent.id) ?? account.parent.id } : null,
    state: account.state,
    joinedAt: account.joinedAt,
    tags: account.tags,
  }));
  const summary = await deps.store.recordImportedAccounts(imported, { seenAt: nowOf(deps) }, options.actor);
  return { seen: imported.length, ...summary };
}
