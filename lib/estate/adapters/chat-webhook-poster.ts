import "server-only";
import { lookup } from "node:dns/promises";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { AppError } from "@/lib/errors/app-error";
import { createTimeoutFetch, OutboundTimeoutError } from "@/lib/platform/http/fetch-with-timeout";
import { checkChatWebhookUrl, isNonPublicAddress, type ChatWebhookUrlRules } from "../core/check-chat-webhook-url";
import type { NoticeChannels } from "../ports";

export interface ChatWebhookPosterOptions extends ChatWebhookUrlRules {
  /** Deadline of the whole POST (BULKHEAD_HTTP_TIMEOUT_MS). */
  timeoutMs: number;
  /** For allow-listed hosts (the emulator, tests) and outside production. */
  fetch?: typeof fetch;
  /** Resolves a host name to its addresses; tests pass a fake. */
  resolve?: (hostname: string) => Promise<string[]>;
}

const resolveAll = async (hostname: string) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A host that resolved to a loopback, private or otherwise non-public address. */
class NonPublicAddressError extends Error {}
/** A host name that could not be resolved. */
class UnresolvedHostError extends Error {}

/**
 * The connection's own name lookup, checking what it returns: every address must be public, and
 * the connection then goes to one of exactly those addresses. Checking in a lookup of its own
 * before the request would leave a window (DNS rebinding): the request resolves the name again,
 * and a hostile name server can answer with an internal address the second time.
 */
function checkedLookup(resolve: (hostname: string) => Promise<string[]>): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0 || addresses.some(isNonPublicAddress)) {
          callback(new NonPublicAddressError(hostname), "", 4);
          return;
        }
        const entries = addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
        if (options.all) callback(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      },
      (error: unknown) => callback(Object.assign(new UnresolvedHostError(hostname, { cause: error }), { code: "ENOTFOUND" }), "", 4),
    );
  };
}

/** POSTs JSON over https through `lookup`, on a connection of its own; resolves to the status. */
function postPinned(url: URL, body: string, lookupFn: LookupFunction, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const request = https.request(
      url,
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) }, lookup: lookupFn, agent: false },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    const timer = setTimeout(() => request.destroy(new OutboundTimeoutError(`POST ${url.host}`, timeoutMs)), timeoutMs);
    request.on("close", () => clearTimeout(timer));
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * Posts Slack-compatible JSON to the admin's incoming webhook. The URL is checked again here
 * (it may predate a rule). In production, a host that is not allow-listed is posted to over
 * node:https with `checkedLookup`: every address its name resolves to must be public, and the
 * connection goes to a checked address, so a public name pointing at an internal one is refused,
 * at the first lookup or any later one. Redirects are not followed (a 3xx could lead anywhere).
 * The URL's path is a secret: errors name only its host.
 */
export function createChatWebhookPoster(options: ChatWebhookPosterOptions): Pick<NoticeChannels, "postChatMessage"> {
  const timedFetch = createTimeoutFetch(options.timeoutMs, options.fetch);
  const lookupFn = checkedLookup(options.resolve ?? resolveAll);
  return {
    async postChatMessage({ webhookUrl, payload }) {
      const checked = checkChatWebhookUrl(webhookUrl, options);
      if (!checked.ok) throw new AppError("INVALID_INPUT", checked.message);
      const host = checked.url.host;
      const body = JSON.stringify(payload);
      let status: number;
      try {
        if (options.production && !checked.allowListed) status = await postPinned(checked.url, body, lookupFn, options.timeoutMs);
        else status = (await timedFetch(checked.url, { method: "POST", headers: { "content-type": "application/json" }, body, redirect: "manual" })).status;
      } catch (error) {
        if (error instanceof NonPublicAddressError) {
          throw new AppError("INVALID_INPUT", `The chat webhook host ${host} resolves to a private or loopback address; the portal does not post there`);
        }
        if (error instanceof UnresolvedHostError) throw new AppError("UPSTREAM_FAILED", `The chat webhook host ${host} could not be resolved`, { cause: error });
        const reason = error instanceof OutboundTimeoutError ? `no answer within ${options.timeoutMs} ms` : "the connection failed";
        throw new AppError("UPSTREAM_FAILED", `The chat webhook at ${host} could not be reached (${reason})`, { cause: error });
      }
      if (status < 200 || status >= 300) {
        throw new AppError("UPSTREAM_FAILED", `The chat webhook at ${host} answered ${status}; check the URL in Admin → Estate`);
      }
    },
  };
}
