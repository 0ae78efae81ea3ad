import "server-only";
import { AwsOperationError, type AwsErrorFacts, type AwsService } from "../core/aws-error";

/*
 * The one place where AWS SDK failures become the domain's AwsOperationError. The SDK raises
 * typed exceptions (`name` from the `__type` of the answer, `$metadata.httpStatusCode`,
 * `$fault`) for service errors, TimeoutError for handler timeouts, AbortError for our overall
 * deadline, and plain Node errors (with `code`) for network failures; the core decides what
 * each means.
 */

interface SdkLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function readAwsErrorFacts(error: unknown, context: { service: AwsService; operation: string }): AwsErrorFacts {
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkLikeError;
  const httpStatus = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  return {
    service: context.service,
    operation: context.operation,
    name: typeof e.name === "string" ? e.name : undefined,
    httpStatus,
    message: typeof e.message === "string" ? e.message : typeof error === "string" ? error : undefined,
    fault: e.$fault === "client" || e.$fault === "server" ? e.$fault : undefined,
    networkCode: code && /^E[A-Z_]+$/.test(code) ? code : undefined,
  };
}

export function toAwsOperationError(error: unknown, context: { service: AwsService; operation: string }): AwsOperationError {
  if (error instanceof AwsOperationError) return error;
  return new AwsOperationError(readAwsErrorFacts(error, context), { cause: error });
}

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
