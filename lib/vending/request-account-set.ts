import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError, type FieldError } from "@/lib/errors/app-error";
import { viewerActor } from "@/lib/workloads";
import { foldForUniqueness } from "./core/account-naming";
import { planAccountSet } from "./core/plan-account-set";
import type { AccountSetRecord, NewAccountSet, VendingDeps, WorkloadRef } from "./ports";
import { buildSetEvent, publishVendingEvents } from "./publish-vending-events";
import { assertMayRequest, isAdmin, listRequestableTeams, ledSlugs } from "./vending-access";
import { requestAccountSetInputSchema, type RequestAccountSetInput } from "./vending-input";
import { nowOf } from "./vending-timings";

/**
 * A lead's request for a workload's account set (an existing workload, or a new one with its
 * owning team). The tier gives the environments (the lead may adjust them); names and root
 * emails come from the admins' patterns unless edited; each OU must be one Organizations
 * reports; tags are checked against the tag policy. Names and emails must be unique among
 * stored accounts, open requests and the accounts Organizations reports. Every problem is
 * reported at once, at its field (INVALID_INPUT, or CONFLICT when a name is taken), and nothing
 * is stored then. The idempotency key makes a double submit return the first request.
 */
export async function requestAccountSet(deps: VendingDeps, viewer: Viewer, rawInput: RequestAccountSetInput): Promise<{ record: AccountSetRecord; created: boolean }> {
  assertMayRequest(viewer);
  const input = requestAccountSetInputSchema.parse(rawInput);
  const { store, directory } = deps;

  const replay = await store.findAccountSetByIdempotencyKey(input.idempotencyKey);
  if (replay) {
    if (replay.requestedBy.id !== viewer.id) throw new AppError("CONFLICT", "This idempotency key belongs to another request; reload the form");
    return { record: replay, created: false };
  }

  const errors: FieldError[] = [];
  let workload: { id: string } | { new: { slug: string; name: string; teamId: string } };
  let workloadSlug: string;
  if (input.workload.kind === "existing") {
    const found: WorkloadRef | null = await store.findWorkload(input.workload.slug);
    if (!found) throw new AppError("INVALID_INPUT", `There is no workload "${input.workload.slug}"`, { fieldErrors: [{ path: "workload.slug", message: "Unknown workload" }] });
    if (!isAdmin(viewer) && !ledSlugs(viewer).includes(found.slug)) {
      throw new AppError("FORBIDDEN", `Only leads of ${found.name} and platform admins can request its accounts.`);
    }
    workload = { id: found.id };
    workloadSlug = found.slug;
  } else {
    const wanted = input.workload;
    const teams = await listRequestableTeams(store, viewer);
    const team = teams.find((t) => t.slug === wanted.teamSlug);
    if (!team) {
      const exists = await store.findTeam(wanted.teamSlug);
      throw exists
        ? new AppError("FORBIDDEN", `Only leads of the ${exists.name} team's workloads and platform admins can request a new workload for it.`)
        : new AppError("INVALID_INPUT", `There is no team "${wanted.teamSlug}"`, { fieldErrors: [{ path: "workload.teamSlug", message: "Unknown team" }] });
    }
    if (await store.findWorkload(wanted.slug)) errors.push({ path: "workload.slug", message: `A workload "${wanted.slug}" already exists: request for it instead` });
    workload = { new: { slug: wanted.slug, name: wanted.name, teamId: team.id } };
    workloadSlug = wanted.slug;
  }

  const [settings, policy, ous] = await Promise.all([store.getSettings(), store.getTagPolicy(), directory.listOrganizationalUnits()]);
  const plan = planAccountSet(
    { workloadSlug, tier: input.tier, environments: input.environments, accounts: input.accounts, sso: input.sso, tags: input.tags },
    { settings: settings.settings, policy, knownOus: ous },
  );
  if (!plan.ok) errors.push(...plan.errors);
  if (plan.ok) {
    const names = plan.value.map((a) => a.accountName);
    const emails = plan.value.map((a) => a.accountEmail);
    const [stored, organization] = await Promise.all([store.findNameConflicts({ names, emails }), directory.listAccountSummaries()]);
    for (const account of plan.value) {
      const name = foldForUniqueness(account.accountName);
      const email = foldForUniqueness(account.accountEmail);
      for (const conflict of stored) {
        const ours = conflict.field === "accountName" ? name : email;
        if (ours !== foldForUniqueness(conflict.value)) continue;
        const by = conflict.holder.kind === "account" ? `account ${conflict.holder.awsAccountId}` : `another open request (its ${conflict.holder.env} account)`;
        errors.push({ path: `accounts.${account.env}.${conflict.field}`, message: `Already used by ${by}` });
      }
      for (const existing of organization) {
        if (foldForUniqueness(existing.name) === name) errors.push({ path: `accounts.${account.env}.accountName`, message: `AWS Organizations already has an account named ${existing.name} (${existing.id})` });
        if (foldForUniqueness(existing.email) === email) errors.push({ path: `accounts.${account.env}.accountEmail`, message: `AWS Organizations already has an account with this email (${existing.id})` });
      }
    }
  }
  if (errors.length > 0 || !plan.ok) {
    const unique = [...new Map(errors.map((e) => [`${e.path}\u0000${e.message}`, e])).values()];
    throw new AppError("INVALID_INPUT", `The request has ${unique.length} problem${unique.length === 1 ? "" : "s"}: ${unique.map((e) => e.message).join("; ")}`, { fieldErrors: unique });
  }

  const request: NewAccountSet = {
    idempotencyKey: input.idempotencyKey,
    workload,
    tier: input.tier,
    reason: input.reason,
    requestedBy: { id: viewer.id, name: viewer.name },
    tagPolicyVersion: policy.version,
    accounts: plan.value,
  };
  const result = await store.createAccountSet(request, viewerActor(viewer));
  if (result.created) await publishVendingEvents(deps, [buildSetEvent("requested", result.record, nowOf(deps), { reason: result.record.reason })]);
  return result;
}
