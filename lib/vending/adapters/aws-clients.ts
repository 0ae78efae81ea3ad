import "server-only";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ServiceCatalogClient } from "@aws-sdk/client-service-catalog";

/*
 * The three AWS clients vending uses. Endpoints, region and credentials come from the standard
 * SDK chain only (AWS_ENDPOINT_URL_SERVICE_CATALOG, AWS_ENDPOINT_URL_ORGANIZATIONS,
 * AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_REGION, the credential providers), so pointing the portal at
 * the emulator or at a real management account is configuration, never a code switch.
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
}

export const defaultAwsClientOptions = { requestTimeoutMs: 10_000, connectionTimeoutMs: 3_000, maxAttempts: 3 } as const;

/** The shared client configuration: timeouts that actually throw, and a bounded retry budget. */
export function buildAwsClientConfig(options: AwsClientOptions = {}) {
  return {
    ...(options.region ? { region: options.region } : {}),
    maxAttempts: options.maxAttempts ?? defaultAwsClientOptions.maxAttempts,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? defaultAwsClientOptions.requestTimeoutMs,
      connectionTimeout: options.connectionTimeoutMs ?? defaultAwsClientOptions.connectionTimeoutMs,
      // Without this the Node handler only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

export function createServiceCatalogClient(options: AwsClientOptions = {}): ServiceCatalogClient {
  return new ServiceCatalogClient(buildAwsClientConfig(options));
}

export function createOrganizationsClient(options: AwsClientOptions = {}): OrganizationsClient {
  return new OrganizationsClient(buildAwsClientConfig(options));
}

export function createEventBridgeClient(options: AwsClientOptions = {}): EventBridgeClient {
  return new EventBridgeClient(buildAwsClientConfig(options));
}
