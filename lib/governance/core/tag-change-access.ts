import { AppError } from "@/lib/errors/app-error";

/*
 * Who may ask for a tag change. A lead asks for one account of a workload they lead; admins may
 * ask for any account and raise bulk requests (a whole workload or team). Deciding is
 * `assertCanDecide` from vending: admins only, never their own request.
 */

/** The person acting, as the use cases see them. */
export interface GovernanceActor {
  id: string;
  name: string;
  isAdmin: boolean;
  /** Slugs of the workloads they lead. */
  leadOf: string[];
}

export interface AccountRef {
  awsAccountId: string;
  name: string;
  workloadSlug: string | null;
}

/** Throws FORBIDDEN unless `actor` may request a change of these accounts. */
export function assertMayRequestTagChange(actor: GovernanceActor, accounts: AccountRef[]): void {
  if (actor.isAdmin) return;
  if (accounts.length !== 1) throw new AppError("FORBIDDEN", "Only platform admins raise a tag change for several accounts at once");
  const [account] = accounts;
  if (!account!.workloadSlug) throw new AppError("FORBIDDEN", `Account ${account!.name} (${account!.awsAccountId}) belongs to no workload, so only platform admins can change its tags`);
  if (!actor.leadOf.includes(account!.workloadSlug)) {
    throw new AppError("FORBIDDEN", `Only a lead of workload "${account!.workloadSlug}" or a platform admin can ask to change the tags of ${account!.name}`);
  }
}

/** Throws FORBIDDEN unless `actor` is a platform admin (retry, cancel of others' requests, drift, bulk fixes). */
export function assertAdmin(actor: GovernanceActor, what: string): void {
  if (!actor.isAdmin) throw new AppError("FORBIDDEN", `Only platform admins can ${what}`);
}
