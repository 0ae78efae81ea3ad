import { z } from "zod";
import type { VerifiedWebhook } from "../platform/github/verify-webhook";
import type { CatalogueStore } from "./ports";
import { requestSourceSync, type RequestSourceSyncDeps } from "./request-source-sync";

export type HandleTagWebhookDeps = RequestSourceSyncDeps & { store: Pick<CatalogueStore, "getSource" | "findSourceByRepo"> };

const repositorySchema = z.object({ name: z.string(), owner: z.object({ login: z.string() }) });
const refEventSchema = z.object({ ref: z.string(), ref_type: z.string(), repository: repositorySchema });
const pushEventSchema = z.object({ ref: z.string(), repository: repositorySchema });

/** The tag an event is about, or null when it is not a tag event. */
function tagOf(event: VerifiedWebhook): { tag: string; owner: string; repo: string } | null {
  if (event.name === "create" || event.name === "delete") {
    const parsed = refEventSchema.safeParse(event.payload);
    if (!parsed.success || parsed.data.ref_type !== "tag") return null;
    return { tag: parsed.data.ref, owner: parsed.data.repository.owner.login, repo: parsed.data.repository.name };
  }
  if (event.name === "push") {
    const parsed = pushEventSchema.safeParse(event.payload);
    if (!parsed.success || !parsed.data.ref.startsWith("refs/tags/")) return null;
    return { tag: parsed.data.ref.slice("refs/tags/".length), owner: parsed.data.repository.owner.login, repo: parsed.data.repository.name };
  }
  return null;
}

/**
 * GitHub `create`/`delete` (tag) and `push` (tag ref) events from a configured source
 * repo ask for that source's sync; anything else returns null (not for the catalogue).
 * GitHub sends both `create` and `push` for a new tag: the queue coalesces them.
 */
export async function handleTagWebhook(event: VerifiedWebhook, deps?: HandleTagWebhookDeps): Promise<string | null> {
  const tag = tagOf(event);
  if (!tag) return null;
  const resolved = deps ?? (await productionDeps());
  const source = await resolved.store.findSourceByRepo({ owner: tag.owner, repo: tag.repo });
  if (!source || !source.enabled) return null;
  const outcome = await requestSourceSync(resolved, { sourceId: source.id, trigger: "webhook" });
  const how = outcome.mode === "queued" ? (outcome.coalesced ? "already queued" : "queued") : `ran: ${outcome.result.status}`;
  return `catalogue sync of ${source.owner}/${source.repo} for tag ${tag.tag} ${how}`;
}

async function productionDeps(): Promise<HandleTagWebhookDeps> {
  const [{ createCatalogueDeps }, { getJobQueue }, { syncModuleSource }] = await Promise.all([
    import("./adapters/create-catalogue-deps"),
    import("../platform/jobs/start-job-worker"),
    import("./sync-module-source"),
  ]);
  const deps = createCatalogueDeps();
  return { store: deps.store, queue: await getJobQueue(), runInline: (input) => syncModuleSource(deps, input) };
}
