import {
  DescribeProductCommand,
  DescribeProvisioningParametersCommand,
  DescribeRecordCommand,
  DuplicateResourceException,
  InvalidParametersException,
  ListLaunchPathsCommand,
  ListProvisioningArtifactsCommand,
  paginateSearchProvisionedProducts,
  ProvisionProductCommand,
  ResourceNotFoundException,
  SearchProductsCommand,
  SearchProvisionedProductsCommand,
} from "@aws-sdk/client-service-catalog";
import { DescribeAccountCommand, ListAccountsCommand, ListParentsCommand, paginateListAccounts } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { accountRequest, outputOf, startTestEmulator, waitForRecord, type TestEmulator } from "./test-helpers.js";

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ provisionMs: 150 });
});

afterAll(async () => {
  await t?.close();
});

beforeEach(async () => {
  await t.control("/reset", { method: "POST" });
});

async function accountIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListAccounts({ client: t.organizations }, {})) ids.push(...(page.Accounts ?? []).map((account) => account.Id!));
  return ids;
}

describe("discovering the Account Factory product", () => {
  it("finds the product, its active artifact, its launch path and the registered OUs", async () => {
    const search = await t.serviceCatalog.send(new SearchProductsCommand({ Filters: { FullTextSearch: ["Account Factory"] } }));
    expect(search.ProductViewSummaries?.map((product) => product.Name)).toEqual(["AWS Control Tower Account Factory"]);
    const summary = search.ProductViewSummaries![0]!;
    expect(summary.ProductId).toMatch(/^prod-[a-z0-9]{13}$/);
    expect(summary.HasDefaultPath).toBe(true);
    const none = await t.serviceCatalog.send(new SearchProductsCommand({ Filters: { FullTextSearch: ["nothing like this"] } }));
    expect(none.ProductViewSummaries).toEqual([]);

    const product = await t.serviceCatalog.send(new DescribeProductCommand({ Name: "AWS Control Tower Account Factory" }));
    expect(product.ProductViewSummary?.ProductId).toBe(summary.ProductId);
    expect(product.ProvisioningArtifacts?.map((artifact) => [artifact.Name, artifact.Guidance])).toEqual([["AWS Control Tower Account Factory 3.3", "DEFAULT"]]);
    expect(product.ProvisioningArtifacts![0]!.CreatedTime).toBeInstanceOf(Date);
    expect(product.LaunchPaths?.map((path) => path.Name)).toEqual(["AWS Control Tower Account Factory Portfolio"]);

    const artifacts = await t.serviceCatalog.send(new ListProvisioningArtifactsCommand({ ProductId: summary.ProductId }));
    expect(artifacts.ProvisioningArtifactDetails?.map((artifact) => [artifact.Name, artifact.Active])).toEqual([
      ["AWS Control Tower Account Factory 3.2", false],
      ["AWS Control Tower Account Factory 3.3", true],
    ]);

    const paths = await t.serviceCatalog.send(new ListLaunchPathsCommand({ ProductId: summary.ProductId }));
    expect(paths.LaunchPathSummaries?.map((path) => path.Id)).toEqual(product.LaunchPaths?.map((path) => path.Id));

    const parameters = await t.serviceCatalog.send(
      new DescribeProvisioningParametersCommand({ ProductId: summary.ProductId, ProvisioningArtifactId: product.ProvisioningArtifacts![0]!.Id, PathId: product.LaunchPaths![0]!.Id }),
    );
    expect(parameters.ProvisioningArtifactParameters?.map((parameter) => parameter.ParameterKey)).toEqual([
      "AccountName",
      "AccountEmail",
      "SSOUserFirstName",
      "SSOUserLastName",
      "SSOUserEmail",
      "ManagedOrganizationalUnit",
    ]);
    const ou = parameters.ProvisioningArtifactParameters?.find((parameter) => parameter.ParameterKey === "ManagedOrganizationalUnit");
    expect(ou?.ParameterConstraints?.AllowedValues).toEqual([
      "Security (ou-7hq2-5s8kd2mf)",
      "Sandbox (ou-7hq2-9b3xn4qa)",
      "Workloads (ou-7hq2-2wv6p8rt)",
      "NonProd (ou-7hq2-4nj7c1ye)",
      "Prod (ou-7hq2-8pz3k5du)",
    ]);
  });

  it("raises typed errors for an unknown product, artifact or record", async () => {
    const product = await t.serviceCatalog.send(new DescribeProductCommand({ Id: "prod-doesnotexist1" })).catch((e: unknown) => e);
    expect(product).toBeInstanceOf(ResourceNotFoundException);
    expect((product as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    const artifacts = await t.serviceCatalog.send(new ListProvisioningArtifactsCommand({ ProductId: "prod-doesnotexist1" })).catch((e: unknown) => e);
    expect(artifacts).toBeInstanceOf(ResourceNotFoundException);
    const parameters = await t.serviceCatalog
      .send(new DescribeProvisioningParametersCommand({ ProductName: "AWS Control Tower Account Factory", ProvisioningArtifactId: "pa-doesnotexist12" }))
      .catch((e: unknown) => e);
    expect(parameters).toBeInstanceOf(ResourceNotFoundException);
    const record = await t.serviceCatalog.send(new DescribeRecordCommand({ Id: "rec-doesnotexist1" })).catch((e: unknown) => e);
    expect(record).toBeInstanceOf(ResourceNotFoundException);
    expect((record as Error).message).toContain("rec-doesnotexist1");
  });

  it("refuses the deactivated artifact", async () => {
    const error = await t.serviceCatalog
      .send(new ProvisionProductCommand({ ...accountRequest("old-artifact"), ProvisioningArtifactName: "AWS Control Tower Account Factory 3.2" }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParametersException);
    expect((error as Error).message).toMatch(/is not active/);
  });
});

describe("provisioning an account", () => {
  it("goes CREATED → IN_PROGRESS → SUCCEEDED and puts the account in the requested OU", async () => {
    await t.control("/provisioning", { method: "POST", body: { durationMs: 1_000 } });
    const before = await accountIds();
    const started = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("payments-sandbox", { token: "vend-payments-sandbox-1" })));
    expect(started.RecordDetail).toMatchObject({
      Status: "CREATED",
      ProvisionedProductType: "CONTROL_TOWER_ACCOUNT",
      RecordType: "PROVISION_PRODUCT",
      ProvisionedProductName: "payments-sandbox",
      RecordErrors: [],
    });
    expect(started.RecordDetail?.RecordId).toMatch(/^rec-[a-z0-9]{13}$/);
    expect(started.RecordDetail?.ProvisionedProductId).toMatch(/^pp-[a-z0-9]{13}$/);
    expect(started.RecordDetail?.CreatedTime).toBeInstanceOf(Date);
    expect(Math.abs(started.RecordDetail!.CreatedTime!.getTime() - Date.now())).toBeLessThan(5_000);

    const statuses = new Set<string>();
    let final;
    for (let i = 0; i < 200; i++) {
      final = await t.serviceCatalog.send(new DescribeRecordCommand({ Id: started.RecordDetail!.RecordId }));
      statuses.add(final.RecordDetail!.Status!);
      if (final.RecordDetail!.Status === "SUCCEEDED") break;
      expect(final.RecordOutputs).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Polling under load may miss the short CREATED phase, never the order.
    expect(["CREATED", "IN_PROGRESS", "SUCCEEDED"].filter((status) => statuses.has(status))).toEqual([...statuses]);
    expect([...statuses].slice(-2)).toEqual(["IN_PROGRESS", "SUCCEEDED"]);

    const accountId = outputOf(final!, "AccountId")!;
    expect(accountId).toMatch(/^\d{12}$/);
    expect(before).not.toContain(accountId);
    expect(outputOf(final!, "AccountEmail")).toBe("aws+payments-sandbox@acme.example");
    expect(outputOf(final!, "SSOUserEmail")).toBe("bob@acme.example");
    expect(outputOf(final!, "SSOUserPortal")).toMatch(/^https:\/\/d-[0-9a-f]{10}\.awsapps\.com\/start$/);

    const firstOutputs = await t.serviceCatalog.send(new DescribeRecordCommand({ Id: started.RecordDetail!.RecordId, PageSize: 3 }));
    expect(firstOutputs.RecordOutputs?.map((output) => output.OutputKey)).toEqual(["AccountId", "AccountEmail", "SSOUserEmail"]);
    const lastOutputs = await t.serviceCatalog.send(new DescribeRecordCommand({ Id: started.RecordDetail!.RecordId, PageSize: 3, PageToken: firstOutputs.NextPageToken }));
    expect(lastOutputs.RecordOutputs?.map((output) => output.OutputKey)).toEqual(["SSOUserPortal"]);
    expect(lastOutputs.NextPageToken).toBeUndefined();

    const { Account } = await t.organizations.send(new DescribeAccountCommand({ AccountId: accountId }));
    expect(Account).toMatchObject({
      Id: accountId,
      Name: "payments-sandbox",
      Email: "aws+payments-sandbox@acme.example",
      State: "ACTIVE",
      Status: "ACTIVE",
      JoinedMethod: "CREATED",
      Arn: `arn:aws:organizations::318274650912:account/o-7hq2m4x9ka/${accountId}`,
    });
    expect(Account?.JoinedTimestamp).toBeInstanceOf(Date);
    expect(await accountIds()).toContain(accountId);
    const { Parents } = await t.organizations.send(new ListParentsCommand({ ChildId: accountId }));
    expect(Parents).toEqual([{ Id: "ou-7hq2-4nj7c1ye", Type: "ORGANIZATIONAL_UNIT" }]);

    const search = await t.serviceCatalog.send(new SearchProvisionedProductsCommand({ Filters: { SearchQuery: ["name:payments-sandbox"] } }));
    expect(search.ProvisionedProducts).toHaveLength(1);
    expect(search.ProvisionedProducts![0]).toMatchObject({ Status: "AVAILABLE", Type: "CONTROL_TOWER_ACCOUNT", LastRecordId: started.RecordDetail!.RecordId, IdempotencyToken: "vend-payments-sandbox-1", PhysicalId: accountId });
  });

  it("returns the same record when a ProvisionToken is replayed, and refuses it for another request", async () => {
    const first = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("ledger-sandbox", { token: "vend-ledger-sandbox" })));
    const replay = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("ledger-sandbox", { token: "vend-ledger-sandbox" })));
    expect(replay.RecordDetail?.RecordId).toBe(first.RecordDetail?.RecordId);
    expect(replay.RecordDetail?.ProvisionedProductId).toBe(first.RecordDetail?.ProvisionedProductId);
    const record = await waitForRecord(t.serviceCatalog, first.RecordDetail!.RecordId!);
    const afterwards = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("ledger-sandbox", { token: "vend-ledger-sandbox" })));
    expect(afterwards.RecordDetail).toMatchObject({ RecordId: first.RecordDetail?.RecordId, Status: "SUCCEEDED" });
    const state = await t.control<{ accounts: Array<{ Name: string }>; records: unknown[] }>("/state");
    expect(state.body.accounts.filter((account) => account.Name === "ledger-sandbox")).toHaveLength(1);
    expect(outputOf(record, "AccountId")).toMatch(/^\d{12}$/);

    const mismatch = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("other-name", { token: "vend-ledger-sandbox" }))).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(DuplicateResourceException);
  });

  it("fails at once for a duplicate name, an OU that is not registered, and missing or malformed parameters", async () => {
    const duplicate = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("payments-dev"))).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(InvalidParametersException);
    expect((duplicate as Error).message).toBe("A stack named payments-dev already exists.");

    const unregistered = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("old-reports", { ou: "Suspended (ou-7hq2-1xg9m2hc)" }))).catch((e: unknown) => e);
    expect(unregistered).toBeInstanceOf(InvalidParametersException);
    expect((unregistered as Error).message).toMatch(/ManagedOrganizationalUnit.*not an organizational unit registered with AWS Control Tower/);

    const bareId = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("bare-id", { ou: "ou-7hq2-4nj7c1ye" }))).catch((e: unknown) => e);
    expect(bareId).toBeInstanceOf(InvalidParametersException);

    const request = accountRequest("no-email");
    request.ProvisioningParameters = request.ProvisioningParameters!.filter((parameter) => parameter.Key !== "AccountEmail");
    const missing = await t.serviceCatalog.send(new ProvisionProductCommand(request)).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InvalidParametersException);
    expect((missing as Error).message).toBe("Parameters: [AccountEmail] must have values");

    const malformed = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("bad-email", { email: "not an email" }))).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(InvalidParametersException);
    expect((malformed as Error).message).toMatch(/AccountEmail/);

    const badName = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("has space"))).catch((e: unknown) => e);
    expect(badName).toBeInstanceOf(InvalidParametersException);
    expect((badName as Error).message).toMatch(/ProvisionedProductName/);

    const state = await t.control<{ inFlight: number; records: unknown[] }>("/state");
    expect(state.body.inFlight).toBe(0);
  });

  it("fails the record later when the email belongs to another account", async () => {
    const started = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("payments-copy", { email: "AWS+payments-dev@acme.example" })));
    expect(started.RecordDetail?.Status).toBe("CREATED");
    const record = await waitForRecord(t.serviceCatalog, started.RecordDetail!.RecordId!);
    expect(record.RecordDetail?.Status).toBe("FAILED");
    expect(record.RecordDetail?.RecordErrors).toHaveLength(1);
    expect(record.RecordDetail?.RecordErrors![0]).toMatchObject({ Code: "ProvisioningFailed" });
    expect(record.RecordDetail?.RecordErrors![0]!.Description).toMatch(/EMAIL_ALREADY_EXISTS/);
    expect(record.RecordOutputs).toEqual([]);
    const search = await t.serviceCatalog.send(new SearchProvisionedProductsCommand({ Filters: { SearchQuery: ["name:payments-copy"] } }));
    expect(search.ProvisionedProducts![0]).toMatchObject({ Status: "ERROR" });
    expect(search.ProvisionedProducts![0]!.StatusMessage).toMatch(/already associated/);
    const { Accounts } = await t.organizations.send(new ListAccountsCommand({ MaxResults: 20 }));
    expect(Accounts?.some((account) => account.Name === "payments-copy")).toBe(false);
  });

  it("lets only the first of two concurrent requests with one email succeed", async () => {
    const [a, b] = await Promise.all([
      t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("twin-a", { email: "twin@acme.example" }))),
      t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("twin-b", { email: "twin@acme.example" }))),
    ]);
    const results = await Promise.all([waitForRecord(t.serviceCatalog, a.RecordDetail!.RecordId!), waitForRecord(t.serviceCatalog, b.RecordDetail!.RecordId!)]);
    expect(results.map((result) => result.RecordDetail?.Status).sort()).toEqual(["FAILED", "SUCCEEDED"]);
  });
});

describe("Control Tower's concurrency limit", () => {
  it("refuses a sixth concurrent account operation as retry-later, and tracks the peak", async () => {
    await t.control("/provisioning", { method: "POST", body: { durationMs: 2_000 } });
    const started = await Promise.all([1, 2, 3, 4, 5].map((n) => t.serviceCatalog.send(new ProvisionProductCommand(accountRequest(`batch-${n}`)))));
    expect(started.every((output) => output.RecordDetail?.Status === "CREATED")).toBe(true);
    const sixth = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("batch-6", { token: "batch-6-token" }))).catch((e: unknown) => e);
    expect(sixth).toBeInstanceOf(InvalidParametersException);
    expect((sixth as Error).message).toMatch(/another AWS Control Tower operation is in progress/);
    const health = await t.control<{ inFlight: number; peakInFlight: number }>("/health");
    expect(health.body).toMatchObject({ inFlight: 5, peakInFlight: 5 });

    // Once one finishes, the same request (same token) goes through: the refusal stored nothing.
    await t.control("/provisioning/complete", { method: "POST" });
    const retried = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("batch-6", { token: "batch-6-token" })));
    expect(retried.RecordDetail?.Status).toBe("CREATED");
    const after = await t.control<{ inFlight: number; peakInFlight: number }>("/health");
    expect(after.body).toMatchObject({ inFlight: 1, peakInFlight: 5 });
  });

  it("honours a configured limit", async () => {
    await t.control("/provisioning", { method: "POST", body: { durationMs: 2_000, maxInFlight: 2 } });
    await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("limit-1")));
    await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("limit-2")));
    await expect(t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("limit-3")))).rejects.toBeInstanceOf(InvalidParametersException);
    expect((await t.control<{ peakInFlight: number }>("/health")).body.peakInFlight).toBe(2);
  });
});

describe("scripted failures", () => {
  it("fails the next provision, then one chosen by account name", async () => {
    await t.control("/failures", { method: "POST", body: { count: 1, description: "StackSet AWSControlTowerBP-BASELINE-ROLES failed" } });
    await t.control("/failures", { method: "POST", body: { accountName: "doomed", code: "InternalFailure", description: "boom" } });
    const first = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("unlucky")));
    const second = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("lucky")));
    const third = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("doomed")));
    const [r1, r2, r3] = await Promise.all([first, second, third].map((output) => waitForRecord(t.serviceCatalog, output.RecordDetail!.RecordId!)));
    expect(r1!.RecordDetail).toMatchObject({ Status: "FAILED", RecordErrors: [{ Code: "ProvisioningFailed", Description: "StackSet AWSControlTowerBP-BASELINE-ROLES failed" }] });
    expect(r2!.RecordDetail?.Status).toBe("SUCCEEDED");
    expect(r3!.RecordDetail).toMatchObject({ Status: "FAILED", RecordErrors: [{ Code: "InternalFailure", Description: "boom" }] });
    expect((await t.control<unknown[]>("/failures")).body).toEqual([]);
  });
});

describe("searching provisioned products", () => {
  it("filters, sorts and pages", async () => {
    const all = await t.serviceCatalog.send(new SearchProvisionedProductsCommand({}));
    expect(all.TotalResultsCount).toBe(10);
    expect(all.ProvisionedProducts?.every((product) => product.Status === "AVAILABLE" && product.CreatedTime instanceof Date)).toBe(true);
    const names: string[] = [];
    for await (const page of paginateSearchProvisionedProducts({ client: t.serviceCatalog, pageSize: 3 }, { SortBy: "name", SortOrder: "DESCENDING" })) {
      expect(page.ProvisionedProducts!.length).toBeLessThanOrEqual(3);
      names.push(...page.ProvisionedProducts!.map((product) => product.Name!));
    }
    expect(names).toHaveLength(10);
    expect(names).toEqual([...names].sort().reverse());
    const payments = await t.serviceCatalog.send(new SearchProvisionedProductsCommand({ Filters: { SearchQuery: ["payments"] } }));
    expect(payments.ProvisionedProducts?.map((product) => product.Name).sort()).toEqual(["payments-dev", "payments-prod", "payments-stage"]);
    const tooBig = await t.serviceCatalog.send(new SearchProvisionedProductsCommand({ PageSize: 101 })).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(InvalidParametersException);
    const badToken = await t.serviceCatalog.send(new SearchProvisionedProductsCommand({ PageToken: "garbage" })).catch((e: unknown) => e);
    expect(badToken).toBeInstanceOf(InvalidParametersException);
  });
});
