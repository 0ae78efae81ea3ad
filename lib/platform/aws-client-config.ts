/*
 * The one configuration every AWS SDK client of the portal is built with: per-attempt timeouts
 * that actually throw, a bounded retry budget, and the overall deadline each call is given.
 * Endpoint, region and credentials come from the SDK's standard chain (AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_REGION, the credential providers), so pointing the portal at the emulator or at a real
 * management account is configuration, never a code switch. Tests and tools may name them here.
 */

export interface AwsClientOptions {
  /** Per HTTP attempt, from sending the request to the end of the answer. */
  requestTimeoutMs?: number;
  /** Per HTTP attempt, to open the connection. */
  connectionTimeoutMs?: number;
  /** SDK attempts per call, retries of throttling and 5xx included. */
  maxAttempts?: number;
  /** Only for tests and tools; the app leaves it to AWS_REGION. */
  region?: string;
  /** Only for tests and tools; the app leaves it to AWS_ENDPOINT_URL_<SERVICE>. */
  endpoint?: string;
  /** Only for tests and tools; the app leaves them to the SDK's credential providers. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export const defaultAwsClientOptions = { requestTimeoutMs: 10_000, connectionTimeoutMs: 3_000, maxAttempts: 3 } as const;

/** Overall deadline of one call, SDK retries included (the handler's timeouts bound each attempt). */
export const defaultAwsCallTimeoutMs = 30_000;

/** The configuration to pass to any `new <Service>Client(...)`. */
export function buildAwsClientConfig(options: AwsClientOptions = {}) {
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts ?? defaultAwsClientOptions.maxAttempts,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? defaultAwsClientOptions.requestTimeoutMs,
      connectionTimeout: options.connectionTimeoutMs ?? defaultAwsClientOptions.connectionTimeoutMs,
      // Without this the Node handler only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}
