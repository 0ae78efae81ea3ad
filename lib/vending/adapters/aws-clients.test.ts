import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ServiceCatalogClient } from "@aws-sdk/client-service-catalog";
import { buildAwsClientConfig, type AwsClientOptions } from "@/lib/platform/aws-client-config";
import { createOrganizationsTagDirectory } from "@/lib/governance/adapters/organizations-tag-directory";
import { createEventBridgeVendingEvents } from "./eventbridge-vending-events";
import { createOrganizationsDirectory } from "./organizations-directory";
import { createServiceCatalogAccountFactory } from "./service-catalog-account-factory";

/*
 * The real SDK clients, built with the platform's shared config (lib/platform/aws-client-config.ts),
 * against a local HTTP server speaking AWS JSON 1.1: proves that the standard AWS_ENDPOINT_URL_*
 * variables redirect them, that wire errors (`__type`) reach the
 * single mapping as the right classification, and that every call times out.
 */

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end("{}");
const seen: Array<{ target: string; authorization: string | undefined; body: string }> = [];
let server: Server;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ target: String(req.headers["x-amz-target"]), authorization: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SERVICE_CATALOG: url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: url,
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "secret",
  });
});
afterAll(async () => {
  process.env = saved;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  seen.length = 0;
  handler = (_req, _body, res) => res.end("{}");
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
  res.end(JSON.stringify(body));
};
const factory = (options: AwsClientOptions = {}, callTimeoutMs?: number) =>
  createServiceCatalogAccountFactory({ client: new ServiceCatalogClient(buildAwsClientConfig({ maxAttempts: 1, ...options })), callTimeoutMs });

describe("AWS clients from the environment", () => {
  it("reach the endpoint named by AWS_ENDPOINT_URL_SERVICE_CATALOG, signed, and read epoch-second times", async () => {
    handler = (_req, _body, res) =>
      json(res, 200, { RecordDetail: { RecordId: "rec-1", Status: "SUCCEEDED", UpdatedTime: 1_796_032_800 }, RecordOutputs: [{ OutputKey: "AccountId", OutputValue: "123456789012" }] });
    const record = await factory().describeRecord("rec-1");
    expect(record).toMatchObject({ recordId: "rec-1", status: "SUCCEEDED", accountId: "123456789012" });
    expect(record.updatedAt?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
    expect(seen).toEqual([{ target: "AWS242ServiceCatalogService.DescribeRecord", authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 /), body: '{"Id":"rec-1"}' }]);
  });

  it("turn a typed wire error into a failure with AWS's message", async () => {
    handler = (_req, _body, res) => json(res, 400, { __type: "com.amazonaws.servicecatalog#InvalidParametersException", message: "A stack named payments-dev already exists" });
    await expect(factory().describeRecord("rec-1")).rejects.toMatchObject({ retryable: false, reason: "invalid_request", awsCode: "InvalidParametersException", message: "Service Catalog refused DescribeRecord: A stack named payments-dev already exists" });
  });

  it("turn throttling and 5xx into retry-later, after the SDK's own retries", async () => {
    handler = (_req, _body, res) => json(res, 400, { __type: "com.amazonaws.servicecatalog#ThrottlingException", message: "Rate exceeded" });
    await expect(factory().describeRecord("rec-1")).rejects.toMatchObject({ retryable: true, reason: "throttling" });

    seen.length = 0;
    handler = (_req, _body, res) => json(res, 503, { __type: "ServiceUnavailable", message: "try later" });
    await expect(factory({ maxAttempts: 2 }).describeRecord("rec-1")).rejects.toMatchObject({ retryable: true, reason: "server_error" });
    expect(seen).toHaveLength(2);
  });

  it("time out an attempt that gets no answer (requestTimeout throws, it does not just warn)", async () => {
    handler = () => {};
    const started = Date.now();
    await expect(factory({ requestTimeoutMs: 200 }).describeRecord("rec-1")).rejects.toMatchObject({ retryable: true, reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("stop a call at its overall deadline, SDK retries included", async () => {
    handler = () => {};
    const started = Date.now();
    await expect(factory({ requestTimeoutMs: 60_000, maxAttempts: 5 }, 300).describeRecord("rec-1")).rejects.toMatchObject({ retryable: true, reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("reach Organizations and EventBridge through their own variables", async () => {
    handler = (req, _body, res) => {
      if (String(req.headers["x-amz-target"]).startsWith("AWSOrganizationsV20161128.")) {
        json(res, 400, { __type: "com.amazonaws.organizations#ConcurrentModificationException", message: "busy" });
      } else {
        json(res, 200, { FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
      }
    };
    const directory = createOrganizationsDirectory({ client: new OrganizationsClient(buildAwsClientConfig({ maxAttempts: 1 })) });
    await expect(directory.tagAccount("123456789012", { CostCode: "CC-1234" })).rejects.toMatchObject({ retryable: true, reason: "concurrent_modification" });
    const events = createEventBridgeVendingEvents({ client: new EventBridgeClient(buildAwsClientConfig({ maxAttempts: 1 })), busName: "platform" });
    await events.publish([{ type: "approved", setId: "s", accountRequestId: null, workloadSlug: "payments", env: null, accountName: null, accountId: null, at: new Date(1_796_032_800_000), detail: {} }]);
    expect(seen.map((s) => s.target)).toEqual(["AWSOrganizationsV20161128.TagResource", "AWSEvents.PutEvents"]);
    expect(JSON.parse(seen[1]!.body)).toMatchObject({ Entries: [{ Source: "bulkhead.vending", DetailType: "Account Set Approved", EventBusName: "platform", Time: 1_796_032_800 }] });
  });

  it("give governance's tag directory the same client: the standard variables, and a deadline on every call", async () => {
    handler = (_req, _body, res) => json(res, 200, { Tags: [{ Key: "CostCode", Value: "CC-1" }] });
    const directory = createOrganizationsTagDirectory();
    expect(await directory.listTags("123456789012")).toEqual({ CostCode: "CC-1" });
    expect(seen.map((s) => s.target)).toEqual(["AWSOrganizationsV20161128.ListTagsForResource"]);

    handler = () => {};
    const started = Date.now();
    await expect(createOrganizationsTagDirectory({ callTimeoutMs: 300 }).tagAccount("123456789012", { CostCode: "CC-2" })).rejects.toMatchObject({ retryable: true, reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
