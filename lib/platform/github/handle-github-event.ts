import "server-only";
import { logger } from "../logger";
import type { VerifiedWebhook } from "./verify-webhook";

export type GithubEventHandler = (event: VerifiedWebhook) => Promise<string | null>;

/**
 * Each domain registers the events it cares about here; a handler returns a short
 * description of what it did, or null when the event was not for it.
 */
const catalogueTags = (): Promise<GithubEventHandler> =>
  import("@/lib/catalogue/handle-tag-webhook").then((m) => (event) => m.handleTagWebhook(event));

const handlers: Record<string, Array<() => Promise<GithubEventHandler>>> = {
  create: [catalogueTags],
  delete: [catalogueTags],
  push: [catalogueTags],
  pull_request: [() => import("@/lib/scaffold").then((m) => m.handleScaffoldPullRequestEvent)],
};

export async function handleGithubEvent(event: VerifiedWebhook): Promise<{ handled: string[] }> {
  const handled: string[] = [];
  for (const load of handlers[event.name] ?? []) {
    const handler = await load();
    const outcome = await handler(event);
    if (outcome) handled.push(outcome);
  }
  logger.info("github webhook", { id: event.id, event: event.name, handled });
  return { handled };
}
