import { DescribeRecordCommand, ServiceCatalogClient, type DescribeRecordCommandOutput, type ProvisionProductCommandInput } from "@aws-sdk/client-service-catalog";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ACCOUNT_FACTORY_PRODUCT_NAME, EMULATOR_CREDENTIALS, startAwsEmulator, type AwsEmulator, type AwsEmulatorOptions } from "./server.js";

export interface TestEmulator {
  emulator: AwsEmulator;
  /** Real SDK clients; `maxAttempts: 1` so that error tests see the first answer, not a retry. */
  serviceCatalog: ServiceCatalogClient;
  organizations: OrganizationsClient;
  eventBridge: EventBridgeClient;
  control<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startTestEmulator(options: AwsEmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startAwsEmulator({ provisionMs: 150, ...options });
  const config = { endpoint: emulator.url, region: "us-east-1", credentials: EMULATOR_CREDENTIALS, maxAttempts: 1 };
  const serviceCatalog = new ServiceCatalogClient(config);
  const organizations = new OrganizationsClient(config);
  const eventBridge = new EventBridgeClient(config);
  return {
    emulator,
    serviceCatalog,
    organizations,
    eventBridge,
    async control<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const response = await fetch(`${emulator.url}/__emulator${path}`, {
        method: init.method ?? "GET",
        headers: { "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
    async close() {
      serviceCatalog.destroy();
      organizations.destroy();
      eventBridge.destroy();
      await emulator.close();
    },
  };
}

export const NONPROD_OU = "NonProd (ou-7hq2-4nj7c1ye)";

/** A complete Account Factory request by product and artifact name, as the portal could send it. */
export function accountRequest(name: string, overrides: { email?: string; ou?: string; token?: string } = {}): ProvisionProductCommandInput {
  return {
    ProductName: ACCOUNT_FACTORY_PRODUCT_NAME,
    ProvisioningArtifactName: "AWS Control Tower Account Factory 3.3",
    ProvisionedProductName: name,
    ProvisionToken: overrides.token,
    ProvisioningParameters: [
      { Key: "AccountName", Value: name },
      { Key: "AccountEmail", Value: overrides.email ?? `aws+${name}@acme.example` },
      { Key: "SSOUserEmail", Value: "bob@acme.example" },
      { Key: "SSOUserFirstName", Value: "Bob" },
      { Key: "SSOUserLastName", Value: "Baker" },
      { Key: "ManagedOrganizationalUnit", Value: overrides.ou ?? NONPROD_OU },
    ],
  };
}

/** Polls DescribeRecord until the record is final (SUCCEEDED or FAILED). */
export async function waitForRecord(client: ServiceCatalogClient, recordId: string, timeoutMs = 5_000): Promise<DescribeRecordCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const output = await client.send(new DescribeRecordCommand({ Id: recordId }));
    const status = output.RecordDetail?.Status;
    if (status === "SUCCEEDED" || status === "FAILED") return output;
    if (Date.now() > deadline) throw new Error(`record ${recordId} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The value of one output of a record. */
export function outputOf(record: DescribeRecordCommandOutput, key: string): string | undefined {
  return record.RecordOutputs?.find((output) => output.OutputKey === key)?.OutputValue;
}
