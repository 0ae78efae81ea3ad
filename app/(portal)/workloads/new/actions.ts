"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/platform/http/define-action";
import { getWorkloadsDeps, registerWorkload, registerWorkloadInputSchema } from "@/lib/workloads";

// Server action of the "Register workload" form (leads for their teams, admins for any).

const register = defineAction({ input: registerWorkloadInputSchema, require: { role: "lead" } }, async ({ input, viewer }) => {
  const workload = await registerWorkload(getWorkloadsDeps(), viewer, input);
  revalidatePath("/workloads");
  return { slug: workload.slug };
});

/** Registers a workload after checking the App sees its consumer repo and its layout. */
export async function registerWorkloadAction(raw: Parameters<typeof register>[0]) {
  return register(raw);
}
