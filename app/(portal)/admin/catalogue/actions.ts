"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createCatalogueDeps } from "@/lib/catalogue/adapters/create-catalogue-deps";
import { configureModuleSource, moduleSourceInputSchema } from "@/lib/catalogue/configure-module-source";
import { requestSourceSync } from "@/lib/catalogue/request-source-sync";
import { setSourceEnabled } from "@/lib/catalogue/set-source-enabled";
import { setVersionStatus, setVersionStatusSchema } from "@/lib/catalogue/set-version-status";
import { syncModuleSource } from "@/lib/catalogue/sync-module-source";
import type { Viewer } from "@/lib/platform/auth/roles";
import { getDb } from "@/lib/platform/db";
import { defineAction } from "@/lib/platform/http/define-action";
import { getJobQueue } from "@/lib/platform/jobs/start-job-worker";

const PAGE = "/admin/catalogue";
const actorOf = (viewer: Viewer) => ({ id: viewer.id, label: viewer.username });

async function requestSync(sourceId: string, viewer: Viewer) {
  const deps = createCatalogueDeps();
  const outcome = await requestSourceSync(
    { store: deps.store, queue: await getJobQueue(), runInline: (input) => syncModuleSource(deps, input) },
    { sourceId, trigger: "manual", actor: actorOf(viewer) },
  );
  return outcome.mode === "queued" ? { state: outcome.coalesced ? ("already-queued" as const) : ("queued" as const) } : { state: "done" as const };
}

// Adds a module source (checked through the GitHub App), then asks for its first sync.
export const addModuleSourceAction = defineAction({ input: moduleSourceInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const created = await configureModuleSource({ db: getDb(), source: createCatalogueDeps().source }, { input, actor: actorOf(viewer) });
  const sync = await requestSync(created.id, viewer);
  revalidatePath(PAGE);
  return { ...created, ...sync };
});

// "Re-sync now": enqueues the source's sync (or runs it here when no worker runs).
export const resyncSourceAction = defineAction(
  { input: z.object({ sourceId: z.string().uuid() }), require: { role: "admin" } },
  async ({ input, viewer }) => {
    const outcome = await requestSync(input.sourceId, viewer);
    revalidatePath(PAGE);
    return outcome;
  },
);

export const setSourceEnabledAction = defineAction(
  { input: z.object({ sourceId: z.string().uuid(), enabled: z.boolean() }), require: { role: "admin" } },
  async ({ input, viewer }) => {
    await setSourceEnabled(getDb(), { ...input, actor: actorOf(viewer) });
    revalidatePath(PAGE);
    return { enabled: input.enabled };
  },
);

// Deprecate, flag vulnerable with a deadline, or reactivate a module version.
export const setVersionStatusAction = defineAction({ input: setVersionStatusSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  await setVersionStatus(getDb(), { input, actor: actorOf(viewer) });
  revalidatePath(PAGE);
  return { ok: true };
});
