import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { viewerActor } from "@/lib/workloads";
import { checkChatWebhookUrl } from "./core/check-chat-webhook-url";
import { noticePolicySchema, type NoticePolicy } from "./core/notice-policy";
import type { EstateDeps } from "./ports";
import { reconcileNotices } from "./reconcile-notices";

export const saveEstateSettingsInputSchema = z.object({
  policy: noticePolicySchema,
  /** Omitted: keep the saved URL. Null: remove it. A string: the new URL (checked below). */
  chatWebhookUrl: z.string().trim().max(4096, "The chat webhook URL is too long").nullable().optional(),
});
export type SaveEstateSettingsInput = z.input<typeof saveEstateSettingsInputSchema>;

export interface EstateSettingsView {
  policy: NoticePolicy;
  /** The saved webhook's scheme and host only: its path is a secret. */
  chatWebhookHost: string | null;
  updatedAt: Date | null;
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
  return { policy: settings.policy, chatWebhookHost: hostOf(settings.chatWebhookUrl), updatedAt: settings.updatedAt };
}

/**
 * Saves the notice policy and the chat webhook URL (audited), then applies the policy to every
 * open notice at once: due dates are recomputed from each notice's trigger with the new days,
 * earlier or later (an admin relaxing the policy is a reason to move them later), so the estate
 * never mixes notices under two policies. Returns how many open notices changed.
 */
export async function saveEstateSettings(deps: EstateDeps, viewer: Viewer, raw: SaveEstateSettingsInput): Promise<{ noticesUpdated: number }> {
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
  await deps.store.saveSettings({ policy: input.policy, chatWebhookUrl }, actor);
  const policyChanged = JSON.stringify(current.policy) !== JSON.stringify(input.policy);
  if (!policyChanged) return { noticesUpdated: 0 };
  const result = await reconcileNotices(deps, { allowLaterDue: true, actor });
  return { noticesUpdated: result.updated };
}
