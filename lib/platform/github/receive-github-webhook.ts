import { AppError } from "@/lib/errors/app-error";
import type { JobQueue } from "../jobs/job-queue";
import { HttpError } from "../http/http-error";
import { readCappedBody } from "../http/read-capped-body";
import { logger } from "../logger";
import { dispatchWebhookDelivery } from "./dispatch-webhook-delivery";
import type { ProcessWebhookDeliveryDeps } from "./process-webhook-delivery";
import { readWebhookHeaders } from "./read-webhook-headers";
import { verifyWebhookSignature } from "./verify-webhook-signature";

/** GitHub caps webhook payloads at 25 MB; anything larger is not from GitHub. */
export const WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

export interface ReceiveGithubWebhookDeps extends ProcessWebhookDeliveryDeps {
  /** The App's webhook secret; read only once the headers passed, so that a bad request costs nothing. */
  secret: () => string;
  /** The job queue of this process, or null (then deliveries are processed inline). */
  getQueue: () => Promise<JobQueue | null>;
}

function parsePayload(body: Uint8Array): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new HttpError("BAD_REQUEST", "Webhook refused: the body is not UTF-8 JSON.");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new HttpError("BAD_REQUEST", "Webhook refused: the body must be a JSON object.");
  }
  return payload as Record<string, unknown>;
}

/**
 * The intake of `POST /api/github/webhooks`, in the order that keeps a forged or oversized post
 * cheap: headers first (signature, event, delivery id, content type; refused before a byte of
 * the body is read), then the body streamed with a 25 MB cap (413 past it), then the signature
 * over the exact bytes (401), then the delivery stored under its X-GitHub-Delivery id. Only a
 * stored delivery is answered 202: when the database cannot take it the answer is 503, which
 * GitHub shows as failed so that it can be redelivered. A delivery id already stored is a replay
 * (or a redelivery): 202 "duplicate", and it is not processed again unless it is still pending.
 * Processing then runs from the job queue (`dispatchWebhookDelivery`).
 */
export async function receiveGithubWebhook(deps: ReceiveGithubWebhookDeps, request: Request): Promise<Response> {
  const headers = readWebhookHeaders(request.headers);
  const body = await readCappedBody(request, WEBHOOK_MAX_BYTES);
  if (!verifyWebhookSignature({ secret: deps.secret(), body, signature: headers.signature })) {
    throw new AppError("UNAUTHENTICATED", "Webhook refused: the signature does not match the body.");
  }
  const payload = parsePayload(body);
  const action = typeof payload.action === "string" ? payload.action.slice(0, 100) : null;

  let stored;
  try {
    stored = await deps.store.record({ deliveryId: headers.deliveryId, event: headers.event, action, payload });
  } catch (error) {
    logger.error("could not store a github webhook delivery; answering 503 so that it can be redelivered", { deliveryId: headers.deliveryId, event: headers.event, error });
    throw new HttpError("SERVICE_UNAVAILABLE", "The delivery could not be stored; nothing was processed. Redeliver it from GitHub once the portal is healthy.", {
      headers: { "retry-after": "60" },
      cause: error,
    });
  }

  const received = { received: headers.deliveryId, event: headers.event };
  const { delivery } = stored;
  // A stored delivery that is done or in progress is never run again; one still pending (its
  // job lost, or failed) is dispatched again, which is what GitHub's "Redeliver" asks for.
  if (!stored.created && delivery.status !== "received" && delivery.status !== "failed") {
    return Response.json({ ...received, duplicate: true, status: delivery.status }, { status: 202 });
  }
  const outcome = await dispatchWebhookDelivery({ ...deps, queue: await deps.getQueue().catch(() => null) }, headers.deliveryId);
  logger.info("github webhook received", { id: headers.deliveryId, event: headers.event, action, duplicate: !stored.created, ...outcome });
  return Response.json({ ...received, ...(stored.created ? {} : { duplicate: true }), ...outcome }, { status: 202 });
}
