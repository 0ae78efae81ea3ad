import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { OrganizationsClient, DescribeAccountCommand, ListAccountsCommand, ListParentsCommand, ListTagsForResourceCommand, TooManyRequestsException } from "@aws-sdk/client-organizations";
import { ProvisionProductCommand, SearchProductsCommand, ServiceCatalogClient } from "@aws-sdk/client-service-catalog";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EMULATOR_CREDENTIALS } from "./server.js";
import { accountRequest, outputOf, startTestEmulator, waitForRecord, type TestEmulator } from "./test-helpers.js";

let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});

afterAll(async () => {
  await t?.close();
});

beforeEach(async () => {
  await t.control("/reset", { method: "POST" });
});

const FAKE_SIGNATURE = "0".repeat(64);

function signedHeaders(service: string, target: string): Record<string, string> {
  return {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": target,
    "x-amz-date": "20261130T120000Z",
    authorization: `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261130/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${FAKE_SIGNATURE}`,
  };
}

async function post(headers: Record<string, string>, body: unknown = {}): Promise<{ status: number; body: Record<string, unknown>; contentType: string | null }> {
  const response = await fetch(t.emulator.url, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, contentType: response.headers.get("content-type") };
}

describe("the front door", () => {
  it("refuses a request without a SigV4 Authorization header", async () => {
    const { authorization: _dropped, ...unsigned } = signedHeaders("organizations", "AWSOrganizationsV20161128.ListAccounts");
    const response = await post(unsigned);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ __type: "com.amazon.coral.service#MissingAuthenticationTokenException", message: "Request is missing Authentication Token" });
    expect(response.contentType).toBe("application/x-amz-json-1.1");

    // The real client, with its signature stripped after signing, gets the same typed refusal.
    const client = new OrganizationsClient({ endpoint: t.emulator.url, region: "us-east-1", credentials: EMULATOR_CREDENTIALS, maxAttempts: 1 });
    const stripAuthorization = ((next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
      delete (args.request as { headers: Record<string, string> }).headers.authorization;
      return next(args);
    }) as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0];
    client.middlewareStack.addRelativeTo(
      stripAuthorization,
      { relation: "after", toMiddleware: "httpSigningMiddleware", name: "stripAuthorization" },
    );
    const error = await client.send(new ListAccountsCommand({})).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MissingAuthenticationTokenException", $metadata: { httpStatusCode: 400, attempts: 1 } });
    client.destroy();
  });

  it("refuses a non-SigV4 header, a missing X-Amz-Date and a credential scoped to another service", async () => {
    const bearer = await post({ ...signedHeaders("organizations", "AWSOrganizationsV20161128.ListAccounts"), authorization: "Bearer abc" });
    expect(bearer).toMatchObject({ status: 400, body: { __type: "com.amazon.coral.service#IncompleteSignatureException" } });
    const { "x-amz-date": _date, ...undated } = signedHeaders("organizations", "AWSOrganizationsV20161128.ListAccounts");
    expect(await post(undated)).toMatchObject({ status: 400, body: { __type: "com.amazon.coral.service#IncompleteSignatureException" } });
    const scoped = await post(signedHeaders("servicecatalog", "AWSOrganizationsV20161128.ListAccounts"));
    expect(scoped).toMatchObject({ status: 400, body: { __type: "com.amazon.coral.service#InvalidSignatureException", message: "Credential should be scoped to correct service: 'organizations'. " } });
    const signed = await post(signedHeaders("organizations", "AWSOrganizationsV20161128.ListAccounts"));
    expect(signed.status).toBe(200);
    expect(signed.body.Accounts).toHaveLength(10);
  });

  it("answers unknown targets, wrong content types and bad JSON like AWS", async () => {
    expect(await post(signedHeaders("organizations", "AWSOrganizationsV20161128.CreateAccount"))).toMatchObject({ status: 400, body: { __type: "com.amazon.coral.service#UnknownOperationException" } });
    expect(await post(signedHeaders("organizations", "AmazonEC2.DescribeInstances"))).toMatchObject({ status: 400, body: { __type: "com.amazon.coral.service#UnknownOperationException" } });
    const wrongType = await post({ ...signedHeaders("organizations", "AWSOrganizationsV20161128.ListAccounts"), "content-type": "application/json" });
    expect(wrongType).toMatchObject({ status: 400, body: { __type: "com.amazon.coral.service#SerializationException" } });
    const badJson = await fetch(t.emulator.url, { method: "POST", headers: signedHeaders("organizations", "AWSOrganizationsV20161128.ListAccounts"), body: "{" });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { __type: string }).__type).toBe("com.amazon.coral.service#SerializationException");
    expect((await fetch(`${t.emulator.url}/nope`)).status).toBe(404);
  });

  it("serves clients configured only through AWS_ENDPOINT_URL_* and the standard credential variables", async () => {
    const saved = { ...process.env };
    try {
      for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
      Object.assign(process.env, t.emulator.clientEnv);
      expect(Object.keys(t.emulator.clientEnv).sort()).toEqual([
        "AWS_ACCESS_KEY_ID",
        "AWS_ENDPOINT_URL_EVENTBRIDGE",
        "AWS_ENDPOINT_URL_ORGANIZATIONS",
        "AWS_ENDPOINT_URL_SERVICE_CATALOG",
        "AWS_REGION",
        "AWS_SECRET_ACCESS_KEY",
      ]);
      const serviceCatalog = new ServiceCatalogClient({});
      const organizations = new OrganizationsClient({});
      const eventBridge = new EventBridgeClient({});
      const products = await serviceCatalog.send(new SearchProductsCommand({}));
      expect(products.ProductViewSummaries?.[0]?.Name).toBe("AWS Control Tower Account Factory");
      const account = await organizations.send(new DescribeAccountCommand({ AccountId: "421938475610" }));
      expect(account.Account?.Name).toBe("payments-dev");
      const events = await eventBridge.send(new PutEventsCommand({ Entries: [{ Source: "bulkhead.test", DetailType: "Ping", Detail: "{}" }] }));
      expect(events.FailedEntryCount).toBe(0);
      for (const client of [serviceCatalog, organizations, eventBridge]) client.destroy();
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe("scripted throttling and delays", () => {
  it("throttles the next N calls of an operation with each service's error and HTTP status", async () => {
    await t.control("/throttles", { method: "POST", body: { service: "organizations", operation: "ListAccounts", count: 2 } });
    await t.control("/throttles", { method: "POST", body: { service: "servicecatalog", count: 1 } });
    const first = await t.organizations.send(new ListAccountsCommand({})).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TooManyRequestsException);
    expect(first).toMatchObject({ Type: "TooManyRequestsException", $metadata: { httpStatusCode: 429 } });
    // Other operations are not affected.
    await t.organizations.send(new DescribeAccountCommand({ AccountId: "421938475610" }));

    const catalogue = await t.serviceCatalog.send(new SearchProductsCommand({})).catch((e: unknown) => e);
    expect(catalogue).toMatchObject({ name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });
    await t.serviceCatalog.send(new SearchProductsCommand({}));

    // The SDK's own retry rides over a throttle, as it would on AWS.
    const retrying = new OrganizationsClient({ endpoint: t.emulator.url, region: "us-east-1", credentials: EMULATOR_CREDENTIALS, maxAttempts: 3 });
    const output = await retrying.send(new ListAccountsCommand({}));
    expect(output.$metadata.attempts).toBe(2);
    retrying.destroy();
    expect((await t.control<unknown[]>("/throttles")).body).toEqual([]);
  });

  it("delays matching calls", async () => {
    await t.control("/delays", { method: "POST", body: { service: "organizations", operation: "DescribeAccount", ms: 250, count: 1 } });
    let started = performance.now();
    await t.organizations.send(new DescribeAccountCommand({ AccountId: "421938475610" }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    started = performance.now();
    await t.organizations.send(new DescribeAccountCommand({ AccountId: "421938475610" }));
    expect(performance.now() - started).toBeLessThan(240);

    await t.control("/delays", { method: "POST", body: { operation: "ListRoots", ms: 100 } });
    expect((await t.control<Array<{ remaining: number | null }>>("/delays")).body).toMatchObject([{ remaining: null }]);
    await t.control("/delays", { method: "DELETE" });
    expect((await t.control<unknown[]>("/delays")).body).toEqual([]);
  });
});

describe("changes behind the portal's back", () => {
  it("drifts tags", async () => {
    const drift = await t.control("/tags/421938475610", { method: "POST", body: { set: { CostCode: "CC-0000", Shadow: "it" }, remove: ["Owner"] } });
    expect(drift.status).toBe(200);
    const { Tags } = await t.organizations.send(new ListTagsForResourceCommand({ ResourceId: "421938475610" }));
    expect(Tags).toEqual([
      { Key: "CostCode", Value: "CC-0000" },
      { Key: "Workload", Value: "payments" },
      { Key: "Environment", Value: "dev" },
      { Key: "DataClassification", Value: "internal" },
      { Key: "Shadow", Value: "it" },
    ]);
    expect((await t.control("/tags/123412341234", { method: "POST", body: { set: { A: "b" } } })).status).toBe(404);
    expect((await t.control("/tags/421938475610", { method: "POST", body: { set: { "aws:x": "b" } } })).status).toBe(400);
    expect((await t.control("/tags/421938475610", { method: "POST", body: { set: "nope" } })).status).toBe(400);
  });

  it("adds, moves and suspends accounts", async () => {
    const created = await t.control<{ Id: string; JoinedMethod: string }>("/accounts", {
      method: "POST",
      body: { name: "shadow-it", email: "shadow@acme.example", parentId: "ou-7hq2-9b3xn4qa", tags: { Owner: "nobody" } },
    });
    expect(created.status).toBe(201);
    expect(created.body.JoinedMethod).toBe("INVITED");
    expect((await t.organizations.send(new ListParentsCommand({ ChildId: created.body.Id }))).Parents?.[0]?.Id).toBe("ou-7hq2-9b3xn4qa");
    await t.control(`/accounts/${created.body.Id}`, { method: "PATCH", body: { parentId: "ou-7hq2-8pz3k5du", state: "SUSPENDED" } });
    expect((await t.organizations.send(new ListParentsCommand({ ChildId: created.body.Id }))).Parents?.[0]?.Id).toBe("ou-7hq2-8pz3k5du");
    expect((await t.organizations.send(new DescribeAccountCommand({ AccountId: created.body.Id }))).Account?.State).toBe("SUSPENDED");
    expect((await t.control("/accounts", { method: "POST", body: { name: "dupe", email: "SHADOW@acme.example", parentId: "r-7hq2" } })).status).toBe(409);
    expect((await t.control("/accounts/000000000000", { method: "PATCH", body: { state: "ACTIVE" } })).status).toBe(404);
    expect((await t.control("/nope")).status).toBe(404);
    expect((await t.control("/reset")).status).toBe(405);
  });

  it("resets to the seeded organization", async () => {
    await t.control("/tags/421938475610", { method: "POST", body: { set: { CostCode: "CC-0000" } } });
    await t.control("/provisioning", { method: "POST", body: { durationMs: 5 } });
    const { RecordDetail } = await t.serviceCatalog.send(new ProvisionProductCommand(accountRequest("reset-me")));
    await waitForRecord(t.serviceCatalog, RecordDetail!.RecordId!);
    await t.control("/reset", { method: "POST" });
    const state = await t.control<{ accounts: Array<{ Name: string }>; records: unknown[]; settings: { durationMs: number }; peakInFlight: number }>("/state");
    expect(state.body.accounts.some((account) => account.Name === "reset-me")).toBe(false);
    expect(state.body.settings.durationMs).toBe(150);
    expect(state.body.peakInFlight).toBe(0);
    const { Tags } = await t.organizations.send(new ListTagsForResourceCommand({ ResourceId: "421938475610" }));
    expect(Tags?.[0]).toEqual({ Key: "CostCode", Value: "CC-2101" });
  });
});

describe("persistence", () => {
  let stateDir: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), "aws-emulator-"));
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it("keeps vended accounts and tags across a restart, and finishes records that were in flight", async () => {
    const first = await startTestEmulator({ stateDir, provisionMs: 1_000 });
    const { RecordDetail } = await first.serviceCatalog.send(new ProvisionProductCommand(accountRequest("survivor", { token: "survivor-token" })));
    await first.control("/tags/421938475610", { method: "POST", body: { set: { CostCode: "CC-4242" } } });
    await first.close();
    const onDisk = JSON.parse(await readFile(path.join(stateDir, "state.json"), "utf8")) as { records: Array<{ id: string; status: string }> };
    expect(["CREATED", "IN_PROGRESS"]).toContain(onDisk.records.find((record) => record.id === RecordDetail!.RecordId)?.status);

    const second = await startTestEmulator({ stateDir, provisionMs: 1_000 });
    try {
      const record = await waitForRecord(second.serviceCatalog, RecordDetail!.RecordId!);
      expect(record.RecordDetail?.Status).toBe("SUCCEEDED");
      const accountId = outputOf(record, "AccountId")!;
      expect((await second.organizations.send(new DescribeAccountCommand({ AccountId: accountId }))).Account?.Name).toBe("survivor");
      const replay = await second.serviceCatalog.send(new ProvisionProductCommand(accountRequest("survivor", { token: "survivor-token" })));
      expect(replay.RecordDetail?.RecordId).toBe(RecordDetail!.RecordId);
      const { Tags } = await second.organizations.send(new ListTagsForResourceCommand({ ResourceId: "421938475610" }));
      expect(Tags?.[0]).toEqual({ Key: "CostCode", Value: "CC-4242" });
      expect((await second.control<{ peakInFlight: number; persistent: boolean }>("/health")).body).toMatchObject({ peakInFlight: 1, persistent: true });
    } finally {
      await second.close();
    }
    const saved = JSON.parse(await readFile(path.join(stateDir, "state.json"), "utf8")) as { records: Array<{ id: string; status: string }> };
    expect(saved.records.find((record) => record.id === RecordDetail!.RecordId)?.status).toBe("SUCCEEDED");
  });

  it("keeps everything in memory without a state dir", async () => {
    const health = await t.control<{ persistent: boolean }>("/health");
    expect(health.body.persistent).toBe(false);
  });
});
