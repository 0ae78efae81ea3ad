import { AppError } from "@/lib/errors/app-error";
import { HttpError } from "../http/http-error";

/** What a GitHub delivery says about itself in its headers, checked before its body is read. */
export interface WebhookHeaders {
  /** X-GitHub-Event, e.g. `pull_request`. */
  event: string;
  /** X-GitHub-Delivery, a GUID; a redelivery from GitHub's settings page keeps it. */
  deliveryId: string;
  /** X-Hub-Signature-256, `sha256=<64 hex>`. */
  signature: string;
}

const SIGNATURE = /^sha256=[0-9a-f]{64}$/i;
const EVENT = /^[a-z][a-z_]{0,63}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refuses a webhook on its headers alone, so that nothing is read of a body that could never
 * be accepted: no or a malformed signature → 401, no or a malformed event name or delivery id
 * → 400, a body that is not JSON → 415 (the webhook must be set to `application/json`).
 */
export function readWebhookHeaders(headers: Headers): WebhookHeaders {
  const signature = headers.get("x-hub-signature-256")?.trim();
  if (!signature) throw new AppError("UNAUTHENTICATED", "Webhook refused: the X-Hub-Signature-256 header is required.");
  if (!SIGNATURE.test(signature)) throw new AppError("UNAUTHENTICATED", "Webhook refused: X-Hub-Signature-256 must be sha256= and 64 hex digits.");
  const event = headers.get("x-github-event")?.trim();
  if (!event || !EVENT.test(event)) {
    throw new HttpError("BAD_REQUEST", "Webhook refused: X-GitHub-Event must name an event (lowercase letters and underscores).");
  }
  const deliveryId = headers.get("x-github-delivery")?.trim();
  if (!deliveryId || !GUID.test(deliveryId)) throw new HttpError("BAD_REQUEST", "Webhook refused: X-GitHub-Delivery must be a GUID.");
  const mediaType = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new HttpError("UNSUPPORTED_MEDIA_TYPE", "Webhook refused: the body must be application/json (set the webhook's content type to application/json).");
  }
  return { event, deliveryId: deliveryId.toLowerCase(), signature: signature.toLowerCase() };
}
