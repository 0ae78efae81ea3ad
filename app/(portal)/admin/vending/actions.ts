"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/platform/http/define-action";
import { getVendingDeps, saveTagPolicy, saveTagPolicyInputSchema, saveVendingSettings, saveVendingSettingsInputSchema } from "@/lib/vending/server";

// Server actions of Admin → Vending: the tag policy and the vending settings, both audited.

const policy = defineAction({ input: saveTagPolicyInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const saved = await saveTagPolicy(getVendingDeps(), viewer, input);
  revalidatePath("/admin/vending");
  return { version: saved.version };
});
const settings = defineAction({ input: saveVendingSettingsInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const saved = await saveVendingSettings(getVendingDeps(), viewer, input);
  revalidatePath("/admin/vending");
  return { revision: saved.revision };
});

/** Saves the next version of the mandatory-tag policy. */
export async function saveTagPolicyAction(raw: Parameters<typeof policy>[0]) {
  return policy(raw);
}

/** Saves the vending settings. */
export async function saveVendingSettingsAction(raw: Parameters<typeof settings>[0]) {
  return settings(raw);
}
