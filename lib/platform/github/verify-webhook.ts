import { AppError } from "@/lib/errors/app-error";
import { verifyWebhookSignature } from "./verify-webhook-signature";

/** A delivery whose signature checked out, as domain handlers receive it. */
export interface VerifiedWebhook {
  /** X-GitHub-Delivery. */
  id: string;
  /** X-GitHub-Event. */
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Checks X-Hub-Signature-256 over a raw body already in hand, before anything is parsed. A
 * missing or wrong signature is refused with 401, whatever the body says. The webhook route
 * goes through `receiveGithubWebhook`, which checks the headers before it reads the body at all;
 * this is for tests and tools that hold a body already.
 */
export async function verifyWebhook(options: { secret: string; headers: Headers; rawBody: string }): Promise<VerifiedWebhook> {
  const signature = options.headers.get("x-hub-signature-256");
  const name = options.headers.get("x-github-event");
  const id = options.headers.get("x-github-delivery") ?? "unknown";
  if (!signature || !name) {
    throw new AppError("UNAUTHENTICATED", "Webhook refused: X-Hub-Signature-256 and X-GitHub-Event headers are required.");
  }
  if (!verifyWebhookSignature({ secret: options.secret, body: Buffer.from(options.rawBody, "utf8"), signature })) {
    throw new AppError("UNAUTHENTICATED", "Webhook refused: the signature does not match the body.");
  }
  try {
    return { id, name, payload: JSON.parse(options.rawBody) as Record<string, unknown> };
  } catch {
    throw new AppError("INVALID_INPUT", "Webhook body is not JSON.");
  }
}
