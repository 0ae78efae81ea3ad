"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getCatalogueDeps } from "@/lib/catalogue/catalogue-deps";
import { configureModuleSource, moduleSourceInputSchema } from "@/lib/catalogue/configure-module-source";
import { requestSourceSync, toSyncRequestState } from "@/lib/catalogue/request-source-sync";
import { setSourceDefaultOwners, setSourceDefaultOwnersSchema } from "@/lib/catalogue/set-source-default-owners";
import { setSourceEnabled } from "@/lib/catalogue/set-source-enabled";
import { setVersionStatus, setVersionStatusSchema } from "@/lib/catalogue/set-version-status";
import { getEstateDeps, reconcileNoticesAfterStatusChange } from "@/lib/estate";
import type { Viewer } from "@/lib/platform/auth/roles";
import { defineAction } from "@/lib/platform/http/define-action";
import { logger } from "@/lib/platform/logger";

const PAGE = "/admin/catalogue";
const actorOf = (viewer: Viewer) => ({ id: viewer.id, label: viewer.username });

async function requestSync(sourceId: string, viewer: Viewer) {
  // Taken before the enqueue: "Re-sync now" waits for a run that started after it.
  const requestedAt = new Date().toISOString();
  const outcome = await requestSourceSync(getCatalogueDeps(), { sourceId, trigger: "manual", actor: actorOf(viewer) });
  return { state: toSyncRequestState(outcome), requestedAt };
}

// Adds a module source (checked through the GitHub App), then asks for its first sync.
export const addModuleSourceAction = defineAction({ input: moduleSourceInputSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const created = await configureModuleSource(getCatalogueDeps(), { input, actor: actorOf(viewer) });
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
    await setSourceEnabled(getCatalogueDeps(), { ...input, actor: actorOf(viewer) });
    revalidatePath(PAGE);
    return { enabled: input.enabled };
  },
);

// Sets a source's default owners, then syncs it so its modules get them.
export const setSourceDefaultOwnersAction = defineAction({ input: setSourceDefaultOwnersSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  const outcome = await setSourceDefaultOwners(getCatalogueDeps(), { input, actor: actorOf(viewer) });
  if (outcome.changed) await requestSync(input.sourceId, viewer);
  revalidatePath(PAGE);
  return { defaultOwners: outcome.defaultOwners };
});

// Deprecates, flags vulnerable or reactivates one version: from the admin list of flagged versions, and from the module page.
export const setVersionStatusAction = defineAction({ input: setVersionStatusSchema, require: { role: "admin" } }, async ({ input, viewer }) => {
  await setVersionStatus(getCatalogueDeps(), { input, actor: actorOf(viewer) });
  // The estate's notices follow at once (the 5-minute reconcile job would catch up anyway): a
  // failure here is logged, never undoes the flag.
  await reconcileNoticesAfterStatusChange(getEstateDeps(), { versionId: input.versionId, reactivated: input.action === "reactivate", actor: actorOf(viewer) }).catch((error: unknown) =>
    logger.warn("estate notices not reconciled after a status change", { versionId: input.versionId, error }),
  );
  revalidatePath(PAGE);
  revalidatePath("/catalogue/[owner]/[repo]/[module]", "page");
  return { ok: true };
});
