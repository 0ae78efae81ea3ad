import "server-only";
import { lookup } from "node:dns/promises";
import { AppError } from "@/lib/errors/app-error";
import { createTimeoutFetch, OutboundTimeoutError } from "@/lib/platform/http/fetch-with-timeout";
import { checkChatWebhookUrl, isNonPublicAddress, type ChatWebhookUrlRules } from "../core/check-chat-webhook-url";
import type { NoticeChannels } from "../ports";

export interface ChatWebhookPosterOptions extends ChatWebhookUrlRules {
  /** Deadline of the whole POST (BULKHEAD_HTTP_TIMEOUT_MS). */
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Resolves a host name to its addresses; tests pass a fake. */
  resolve?: (hostname: string) => Promise<string[]>;
}

const resolveAll = async (hostname: string) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Posts Slack-compatible JSON to the admin's incoming webhook. The URL is checked again here
 * (it may predate a rule), and in production every address its host resolves to must be public,
 * so a public name pointing at an internal address is refused too. Redirects are not followed
 * (a 3xx could lead anywhere). The URL's path is a secret: errors name only its host.
 */
export function createChatWebhookPoster(options: ChatWebhookPosterOptions): Pick<NoticeChannels, "postChatMessage"> {
  const timedFetch = createTimeoutFetch(options.timeoutMs, options.fetch);
  const resolve = options.resolve ?? resolveAll;
  return {
    async postChatMessage({ webhookUrl, payload }) {
      const checked = checkChatWebhookUrl(webhookUrl, options);
      if (!checked.ok) throw new AppError("INVALID_INPUT", checked.message);
      const host = checked.url.host;
      if (options.production && !checked.allowListed) {
        const addresses = await resolve(checked.url.hostname.replace(/^\[|\]$/g, "")).catch((error: unknown) => {
          throw new AppError("UPSTREAM_FAILED", `The chat webhook host ${host} could not be resolved`, { cause: error });
        });
        if (addresses.length === 0 || addresses.some(isNonPublicAddress)) {
          throw new AppError("INVALID_INPUT", `The chat webhook host ${host} resolves to a private or loopback address; the portal does not post there`);
        }
      }
      let response: Response;
      try {
        response = await timedFetch(checked.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload), redirect: "manual" });
      } catch (error) {
        const reason = error instanceof OutboundTimeoutError ? `no answer within ${options.timeoutMs} ms` : "the connection failed";
        throw new AppError("UPSTREAM_FAILED", `The chat webhook at ${host} could not be reached (${reason})`, { cause: error });
      }
      if (!response.ok) {
        throw new AppError("UPSTREAM_FAILED", `The chat webhook at ${host} answered ${response.status}; check the URL in Admin → Estate`);
      }
    },
  };
}
