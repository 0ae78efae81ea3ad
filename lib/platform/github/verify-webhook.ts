import { Webhooks } from "@octokit/webhooks";
import { AppError } from "@/lib/errors/app-error";

export interface VerifiedWebhook {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

/**
 * Checks X-Hub-Signature-256 over the raw body, before anything is parsed. A missing
 * or wrong signature is refused with 401, whatever the body says.
 */
export async function verifyWebhook(options: { secret: string; headers: Headers; rawBody: string }): Promise<VerifiedWebhook> {
  const signature = options.headers.get("x-hub-signature-256");
  const name = options.headers.get("x-github-event");
  const id = options.headers.get("x-github-delivery") ?? "unknown";
  if (!signature || !name) {
    throw new AppError("UNAUTHENTICATED", "Webhook refused: X-Hub-Signature-256 and X-GitHub-Event headers are required.");
  }
  const valid = await new Webhooks({ secret: options.secret }).verify(options.rawBody, signature).catch(() => false);
  if (!valid) throw new AppError("UNAUTHENTICATED", "Webhook refused: the signature does not match the body.");
  try {
    return { id, name, payload: JSON.parse(options.rawBody) as Record<string, unknown> };
  } catch {
    throw new AppError("INVALID_INPUT", "Webhook body is not JSON.");
  }
}
