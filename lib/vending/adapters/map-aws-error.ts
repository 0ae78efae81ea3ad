import "server-only";
import { toAwsOperationError, type AwsService } from "../core/aws-error";

export { readAwsErrorFacts, toAwsOperationError } from "../core/aws-error";

/*
 * The one place where AWS SDK failures become the domain's AwsOperationError. The SDK raises
 * typed exceptions (`name` from the `__type` of the answer, `$metadata.httpStatusCode`,
 * `$fault`) for service errors, TimeoutError for handler timeouts, AbortError for our overall
 * deadline, and plain Node errors (with `code`) for network failures; the core decides what
 * each means.
 */

/** Overall deadline of one call, SDK retries included (the handler's timeouts bound each attempt). */
export const defaultCallTimeoutMs = 30_000;

/**
 * Runs one SDK call with an overall deadline and maps its failure. Every AWS call of the
 * vending adapters goes through here.
 */
export async function callAws<T>(
  context: { service: AwsService; operation: string; timeoutMs?: number },
  send: (options: { abortSignal: AbortSignal }) => Promise<T>,
): Promise<T> {
  try {
    return await send({ abortSignal: AbortSignal.timeout(context.timeoutMs ?? defaultCallTimeoutMs) });
  } catch (error) {
    throw toAwsOperationError(error, context);
  }
}
