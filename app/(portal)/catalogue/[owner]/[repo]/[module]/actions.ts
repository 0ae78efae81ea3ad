"use server";

import { revalidatePath } from "next/cache";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { setVersionStatus, setVersionStatusSchema } from "@/lib/catalogue/set-version-status";
import { defineAction } from "@/lib/platform/http/define-action";

// Deprecate, flag vulnerable or reactivate one version, from its module page (admins only).
export const setModuleVersionStatusAction = defineAction({ input: setVersionStatusSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  await setVersionStatus(getCatalogueDeps(), { input, actor: { id: viewer.id, label: viewer.username } });
  revalidatePath("/catalogue/[owner]/[repo]/[module]", "page");
  revalidatePath("/admin/catalogue");
  return { ok: true };
});
