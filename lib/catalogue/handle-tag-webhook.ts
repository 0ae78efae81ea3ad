import { z } from "zod";
import type { VerifiedWebhook } from "@/lib/platform/github/verify-webhook";
import { getCatalogueDeps } from "./catalogue-deps";
import { requestSourceSync, type RequestSourceSyncDeps } from "./request-source-sync";

/** The GitHub events that can announce a tag; the composition root routes them here. */
export const TAG_WEBHOOK_EVENTS = ["create", "delete", "push"] as const;

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
 *
 * The event comes first so that this function is itself a webhook handler
 * (`(event) => Promise<string | null>`); `deps` defaults to `getCatalogueDeps()`, the same
 * wiring the admin's "re-sync" uses.
 */
export async function handleTagWebhook(event: VerifiedWebhook, deps: RequestSourceSyncDeps = getCatalogueDeps()): Promise<string | null> {
  const tag = tagOf(event);
  if (!tag) return null;
  const source = await deps.store.findSourceByRepo({ owner: tag.owner, repo: tag.repo });
  if (!source || !source.enabled) return null;
  const outcome = await requestSourceSync(deps, { sourceId: source.id, trigger: "webhook" });
  const how = outcome.mode === "queued" ? (outcome.coalesced ? "already queued" : "queued") : `ran: ${outcome.result.status}`;
  return `catalogue sync of ${source.owner}/${source.repo} for tag ${tag.tag} ${how}`;
}
