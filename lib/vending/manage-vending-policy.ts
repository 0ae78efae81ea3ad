import type { Viewer } from "@/lib/platform/auth/roles";
import { logger } from "@/lib/platform/logger";
import { AppError } from "@/lib/errors/app-error";
import { viewerActor } from "@/lib/workloads";
import { isAwsOperationError } from "./core/aws-error";
import { formatOuLabel } from "./core/organizational-unit";
import type { TagPolicyRecord, VendingDeps, VendingSettingsRecord } from "./ports";
import { saveTagPolicyInputSchema, saveVendingSettingsInputSchema, type SaveTagPolicyInput, type SaveVendingSettingsInput } from "./vending-input";

/*
 * The admins' side of vending: the mandatory-tag policy and the vending settings. Each save
 * names the version (revision) it edited, so two admins never overwrite each other, and is
 * audited with before and after.
 */

function assertAdmin(viewer: Viewer): void {
  if (viewer.role !== "admin") throw new AppError("FORBIDDEN", "Only platform admins can change vending.");
}

export interface VendingAdminView {
  policy: TagPolicyRecord;
  history: TagPolicyRecord[];
  settings: VendingSettingsRecord;
  ous: Array<{ id: string; name: string; label: string; path: string }>;
  ouError: string | null;
}

/** The policy (with its last versions), the settings, and the OUs to choose defaults from. */
export async function getVendingAdmin(deps: VendingDeps, viewer: Viewer): Promise<VendingAdminView> {
  assertAdmin(viewer);
  const [policy, history, settings] = await Promise.all([deps.store.getTagPolicy(), deps.store.listTagPolicyVersions({ take: 10 }), deps.store.getSettings()]);
  let ous: VendingAdminView["ous"] = [];
  let ouError: string | null = null;
  try {
    ous = (await deps.directory.listOrganizationalUnits()).map((ou) => ({ id: ou.id, name: ou.name, label: formatOuLabel(ou), path: ou.path.join(" / ") }));
  } catch (error) {
    if (!isAwsOperationError(error)) throw error;
    logger.warn("OUs not listed for vending admin", { error });
    ouError = error.message;
  }
  return { policy, history, settings, ous, ouError };
}

/** Saves the next version of the tag policy. CONFLICT when someone saved since `baseVersion`. */
export async function saveTagPolicy(deps: VendingDeps, viewer: Viewer, rawInput: SaveTagPolicyInput): Promise<TagPolicyRecord> {
  assertAdmin(viewer);
  const input = saveTagPolicyInputSchema.parse(rawInput);
  return deps.store.saveTagPolicy({ keys: input.keys, baseVersion: input.baseVersion, note: input.note }, viewerActor(viewer));
}

/** Saves the vending settings. CONFLICT when someone saved since `baseRevision`. */
export async function saveVendingSettings(deps: VendingDeps, viewer: Viewer, rawInput: SaveVendingSettingsInput): Promise<VendingSettingsRecord> {
  assertAdmin(viewer);
  const input = saveVendingSettingsInputSchema.parse(rawInput);
  return deps.store.saveSettings({ settings: input.settings, baseRevision: input.baseRevision }, viewerActor(viewer));
}
