import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { logger } from "@/lib/platform/logger";
import { viewerActor } from "@/lib/workloads";
import { applyNoticePolicy } from "./apply-notice-policy";
import { checkChatWebhookUrl } from "./core/check-chat-webhook-url";
import { noticePolicySchema, type NoticePolicy } from "./core/notice-policy";
import type { EstateDeps } from "./ports";

export const saveEstateSettingsInputSchema = z.object({
  policy: noticePolicySchema,
  /** Omitted: keep the saved URL. Null: remove it. A string: the new URL (checked below). */
  chatWebhookUrl: z.string().trim().max(4096, "The chat webhook URL is too long").nullable().optional(),
});
export type SaveEstateSettingsInput = z.input<typeof saveEstateSettingsInputSchema>;

export interface EstateSettingsView {
  policy: NoticePolicy;
  /** True while the saved policy is not applied to every open notice yet (the next sweep does it). */
  policyPending: boolean;
  /** The saved webhook's scheme and host only: its path is a secret. */
  chatWebhookHost: string | null;
  updatedAt: Date | null;
}

export interface SaveEstateSettingsResult {
  /** Open notices that got a new due date from the policy. */
  noticesUpdated: number;
  /** The policy is saved but not applied to every open notice yet: the next sweep, within 5 minutes, applies it. */
  policyPending: boolean;
}

function requireAdmin(viewer: Viewer): void {
  if (viewer.role !== "admin") throw new AppError("FORBIDDEN", "Only admins change the notice policy and the chat webhook");
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** The notice policy and the chat webhook (host only), for Admin → Estate. */
export async function getEstateSettings(deps: EstateDeps, viewer: Viewer): Promise<EstateSettingsView> {
  requireAdmin(viewer);
  const settings = await deps.store.getSettings();
  return { policy: settings.policy, policyPending: settings.policyPending, chatWebhookHost: hostOf(settings.chatWebhookUrl), updatedAt: settings.updatedAt };
}

/**
 * Saves the notice policy and the chat webhook URL (audited), then applies the policy to every
 * open notice at once: due dates are recomputed from each notice's trigger with the new days,
 * earlier or later (an admin relaxing the policy is a reason to move them later), so the estate
 * never mixes notices under two policies. Returns how many open notices changed. The save marks the
 * policy pending in the same write; when the apply fails or is cut short the save still stands and
 * says so (`policyPending`), and the next sweep (`sweepNotices`, within 5 minutes) applies it.
 */
export async function saveEstateSettings(deps: EstateDeps, viewer: Viewer, raw: SaveEstateSettingsInput): Promise<SaveEstateSettingsResult> {
  requireAdmin(viewer);
  const input = saveEstateSettingsInputSchema.parse(raw);
  const current = await deps.store.getSettings();
  let chatWebhookUrl = current.chatWebhookUrl;
  if (input.chatWebhookUrl === null || input.chatWebhookUrl === "") chatWebhookUrl = null;
  else if (input.chatWebhookUrl !== undefined) {
    const checked = checkChatWebhookUrl(input.chatWebhookUrl, deps.config.chatWebhook ?? { production: true, allowHosts: [] });
    if (!checked.ok) throw new AppError("INVALID_INPUT", checked.message, { fieldErrors: [{ path: "chatWebhookUrl", message: checked.message }] });
    chatWebhookUrl = checked.url.href;
  }
  const actor = viewerActor(viewer);
  // Pending: this save changed the policy, or an earlier save's apply has not finished yet.
  const saved = await deps.store.saveSettings({ policy: input.policy, chatWebhookUrl }, actor);
  if (!saved.pending) return { noticesUpdated: 0, policyPending: false };
  try {
    const applied = await applyNoticePolicy(deps, { actor });
    return { noticesUpdated: applied?.noticesUpdated ?? 0, policyPending: applied !== null && !applied.applied };
  } catch (error) {
    logger.error("notice policy saved but not applied; the next sweep applies it", { error });
    return { noticesUpdated: 0, policyPending: true };
  }
}
