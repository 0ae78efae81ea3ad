"use server";

import { revalidatePath } from "next/cache";
import { getEstateDeps, saveEstateSettings, saveEstateSettingsInputSchema } from "@/lib/estate";
import { defineAction } from "@/lib/platform/http/define-action";

// Server action of Admin → Estate: the notice policy and the chat webhook, audited.

const save = defineAction({ input: saveEstateSettingsInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const result = await saveEstateSettings(getEstateDeps(), viewer, input);
  revalidatePath("/admin/estate");
  revalidatePath("/estate");
  revalidatePath("/inbox");
  return result;
});

/** Saves the notice policy (applied to every open notice at once, else by the next sweep) and the chat webhook URL. */
export async function saveEstateSettingsAction(raw: Parameters<typeof save>[0]) {
  return save(raw);
}
