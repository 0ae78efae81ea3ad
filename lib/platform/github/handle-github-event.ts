import "server-only";
import { getDomainRegistry, type DomainRegistry, type GithubEventHandler } from "../domains/domain-registry";
import { logger } from "../logger";
import type { VerifiedWebhook } from "./verify-webhook";

export type { GithubEventHandler };

/**
 * Hands a verified event to every registered domain that handles its name, in
 * registration order; each handler says what it did, or null when the event was not for it.
 */
export async function handleGithubEvent(
  event: VerifiedWebhook,
  registry: DomainRegistry = getDomainRegistry(),
): Promise<{ handled: string[] }> {
  const handled: string[] = [];
  for (const domain of registry.list()) {
    const handlers = domain.webhookHandlers ?? {};
    // Own keys only: the event name comes from a header, and "constructor" is not a handler.
    if (!Object.hasOwn(handlers, event.name)) continue;
    const outcome = await handlers[event.name]!(event);
    if (outcome) handled.push(outcome);
  }
  logger.info("github webhook", { id: event.id, event: event.name, handled });
  return { handled };
}
