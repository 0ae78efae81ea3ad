import {
  DescribeProvisioningParametersCommand,
  DescribeRecordCommand,
  InvalidParametersException,
  ListLaunchPathsCommand,
  ListProvisioningArtifactsCommand,
  ProvisionProductCommand,
  ResourceNotFoundException,
  SearchProductsCommand,
  SearchProvisionedProductsCommand,
  ServiceCatalogClient,
} from "@aws-sdk/client-service-catalog";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { AwsOperationError } from "../core/aws-error";
import type { AccountFactoryLookup, AccountFactoryProduct } from "../ports";
import { createServiceCatalogAccountFactory } from "./service-catalog-account-factory";

const sc = mockClient(ServiceCatalogClient);
afterEach(() => sc.reset());

const factory = () => createServiceCatalogAccountFactory({ client: new ServiceCatalogClient({ region: "eu-west-1" }) });
const byName: AccountFactoryLookup = { productId: null, productName: "AWS Control Tower Account Factory", artifactId: null, artifactName: null, pathId: null, pathName: null };
const product: AccountFactoryProduct = {
  productId: "prod-abc1234567890",
  productName: "AWS Control Tower Account Factory",
  artifactId: "pa-new1234567890",
  artifactName: "AWS Control Tower Account Factory",
  pathId: "lpv3-abc1234567890",
  pathName: "AWS Control Tower Account Factory Portfolio",
};

describe("resolveProduct", () => {
  it("finds the product by exact name, the newest active artifact and the only launch path", async () => {
    sc.on(SearchProductsCommand)
      .resolvesOnce({ ProductViewSummaries: [{ Name: "AWS Control Tower Account Factory (old)", ProductId: "prod-old" }], NextPageToken: "p2" })
      .resolvesOnce({ ProductViewSummaries: [{ Name: "AWS Control Tower Account Factory", ProductId: "prod-abc1234567890" }] });
    sc.on(ListProvisioningArtifactsCommand).resolves({
      ProvisioningArtifactDetails: [
        { Id: "pa-old", Name: "v1", Active: true, CreatedTime: new Date("2024-01-01") },
        { Id: "pa-dep", Name: "v3", Active: true, Guidance: "DEPRECATED", CreatedTime: new Date("2026-01-01") },
        { Id: "pa-off", Name: "v4", Active: false, CreatedTime: new Date("2026-06-01") },
        { Id: "pa-new1234567890", Name: "AWS Control Tower Account Factory", Active: true, CreatedTime: new Date("2025-01-01") },
      ],
    });
    sc.on(ListLaunchPathsCommand).resolves({ LaunchPathSummaries: [{ Id: "lpv3-abc1234567890", Name: "AWS Control Tower Account Factory Portfolio" }] });

    await expect(factory().resolveProduct(byName)).resolves.toEqual(product);
    expect(sc.commandCalls(SearchProductsCommand)[1]!.args[0].input).toEqual({ Filters: { FullTextSearch: ["AWS Control Tower Account Factory"] }, PageToken: "p2" });
    expect(sc.commandCalls(ListProvisioningArtifactsCommand)[0]!.args[0].input).toEqual({ ProductId: "prod-abc1234567890" });
  });

  it("uses configured ids without asking AWS", async () => {
    const lookup = { ...byName, productId: "prod-x", artifactId: "pa-x", pathId: "lp-x" };
    await expect(factory().resolveProduct(lookup)).resolves.toMatchObject({ productId: "prod-x", artifactId: "pa-x", pathId: "lp-x" });
    expect(sc.calls()).toHaveLength(0);
  });

  it("explains a missing product, and several launch paths without a configured name", async () => {
    sc.on(SearchProductsCommand).resolves({ ProductViewSummaries: [] });
    await expect(factory().resolveProduct(byName)).rejects.toThrow(/no product named "AWS Control Tower Account Factory"/);

    sc.reset();
    sc.on(ListProvisioningArtifactsCommand).resolves({ ProvisioningArtifactDetails: [{ Id: "pa-1", Name: "a", Active: true }] });
    sc.on(ListLaunchPathsCommand).resolves({ LaunchPathSummaries: [{ Id: "lp-1", Name: "One" }, { Id: "lp-2", Name: "Two" }] });
    await expect(factory().resolveProduct({ ...byName, productId: "prod-x" })).rejects.toThrow("Product AWS Control Tower Account Factory has 2 launch paths (One, Two): set the one to use");
    await expect(factory().resolveProduct({ ...byName, productId: "prod-x", pathName: "Two" })).resolves.toMatchObject({ pathId: "lp-2" });
  });
});

describe("provisionAccount", () => {
  it("sends the six Account Factory parameters with the token and returns the record", async () => {
    sc.on(ProvisionProductCommand).resolves({
      RecordDetail: { RecordId: "rec-1", Status: "CREATED", ProvisionedProductId: "pp-1", ProvisionedProductType: "CONTROL_TOWER_ACCOUNT", RecordErrors: [] },
    });
    const record = await factory().provisionAccount({
      product,
      provisionedProductName: "payments-dev",
      provisionToken: "bulkhead-3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f-1",
      parameters: { accountName: "payments-dev", accountEmail: "aws+payments-dev@corp.example", sso: { firstName: "Bob", lastName: "Lead", email: "bob@corp.example" }, ou: { id: "ou-ab12-11111111", name: "NonProd" } },
    });
    expect(record).toEqual({ recordId: "rec-1", status: "CREATED", provisionedProductId: "pp-1", accountId: null, outputs: {}, errors: [], createdAt: null, updatedAt: null });
    expect(sc.commandCalls(ProvisionProductCommand)[0]!.args[0].input).toEqual({
      ProductId: "prod-abc1234567890",
      ProvisioningArtifactId: "pa-new1234567890",
      PathId: "lpv3-abc1234567890",
      ProvisionedProductName: "payments-dev",
      ProvisionToken: "bulkhead-3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f-1",
      ProvisioningParameters: [
        { Key: "AccountName", Value: "payments-dev" },
        { Key: "AccountEmail", Value: "aws+payments-dev@corp.example" },
        { Key: "SSOUserEmail", Value: "bob@corp.example" },
        { Key: "SSOUserFirstName", Value: "Bob" },
        { Key: "SSOUserLastName", Value: "Lead" },
        { Key: "ManagedOrganizationalUnit", Value: "NonProd (ou-ab12-11111111)" },
      ],
    });
  });

  it("turns a duplicate name into a non-retryable failure with AWS's words", async () => {
    sc.on(ProvisionProductCommand).rejects(new InvalidParametersException({ message: "A stack named payments-dev already exists", $metadata: { httpStatusCode: 400 } }));
    const error = await factory()
      .provisionAccount({ product, provisionedProductName: "payments-dev", provisionToken: "t", parameters: { accountName: "a", accountEmail: "b", sso: { firstName: "A", lastName: "B", email: "c" }, ou: { id: "ou-ab12-11111111", name: "N" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error).toMatchObject({ retryable: false, reason: "invalid_request", message: "Service Catalog refused ProvisionProduct: A stack named payments-dev already exists" });
  });

  it("treats 'another Control Tower operation is in progress' as retry-later", async () => {
    sc.on(ProvisionProductCommand).rejects(new InvalidParametersException({ message: "AWS Control Tower cannot create an account because another AWS Control Tower operation is in progress", $metadata: {} }));
    await expect(
      factory().provisionAccount({ product, provisionedProductName: "x", provisionToken: "t", parameters: { accountName: "a", accountEmail: "b", sso: { firstName: "A", lastName: "B", email: "c" }, ou: { id: "ou-ab12-11111111", name: "N" } } }),
    ).rejects.toMatchObject({ retryable: true, reason: "operation_in_progress" });
  });
});

describe("describeRecord", () => {
  it("reads the account id from the outputs of every page", async () => {
    const created = new Date("2026-11-30T09:40:00Z");
    const updated = new Date("2026-11-30T10:00:00Z");
    sc.on(DescribeRecordCommand)
      .resolvesOnce({ RecordDetail: { RecordId: "rec-1", Status: "SUCCEEDED", CreatedTime: created, UpdatedTime: updated }, RecordOutputs: [{ OutputKey: "AccountEmail", OutputValue: "a@b.example" }], NextPageToken: "n" })
      .resolvesOnce({ RecordDetail: { RecordId: "rec-1", Status: "SUCCEEDED" }, RecordOutputs: [{ OutputKey: "AccountId", OutputValue: "123456789012" }] });
    await expect(factory().describeRecord("rec-1")).resolves.toEqual({
      recordId: "rec-1",
      status: "SUCCEEDED",
      provisionedProductId: null,
      accountId: "123456789012",
      outputs: { AccountEmail: "a@b.example", AccountId: "123456789012" },
      errors: [],
      createdAt: created,
      updatedAt: updated,
    });
  });

  it("keeps the record errors of a FAILED record", async () => {
    sc.on(DescribeRecordCommand).resolves({ RecordDetail: { RecordId: "rec-2", Status: "FAILED", RecordErrors: [{ Code: "Email", Description: "Email already used" }] } });
    await expect(factory().describeRecord("rec-2")).resolves.toMatchObject({ status: "FAILED", accountId: null, errors: [{ code: "Email", description: "Email already used" }] });
  });

  it("refuses an unknown status and ignores an AccountId that is not 12 digits", async () => {
    sc.on(DescribeRecordCommand).resolvesOnce({ RecordDetail: { RecordId: "r", Status: "WEIRD" as "FAILED" } });
    await expect(factory().describeRecord("r")).rejects.toThrow(/unknown record status "WEIRD"/);
    sc.on(DescribeRecordCommand).resolves({ RecordDetail: { RecordId: "r", Status: "SUCCEEDED" }, RecordOutputs: [{ OutputKey: "AccountId", OutputValue: "12345" }] });
    await expect(factory().describeRecord("r")).resolves.toMatchObject({ accountId: null });
  });

  it("maps a missing record to a non-retryable not_found", async () => {
    sc.on(DescribeRecordCommand).rejects(new ResourceNotFoundException({ message: "Record rec-x not found", $metadata: { httpStatusCode: 400 } }));
    await expect(factory().describeRecord("rec-x")).rejects.toMatchObject({ retryable: false, reason: "not_found" });
  });
});

describe("listManagedOus and findProvisionedProduct", () => {
  it("reads the OU choices Account Factory accepts", async () => {
    sc.on(DescribeProvisioningParametersCommand).resolves({
      ProvisioningArtifactParameters: [
        { ParameterKey: "AccountName" },
        { ParameterKey: "ManagedOrganizationalUnit", ParameterConstraints: { AllowedValues: ["Sandbox (ou-ab12-33333333)", "Workloads / Prod (ou-ab12-22222222)", "garbage"] } },
      ],
    });
    await expect(factory().listManagedOus(product)).resolves.toEqual([
      { id: "ou-ab12-33333333", name: "Sandbox" },
      { id: "ou-ab12-22222222", name: "Workloads / Prod" },
    ]);
  });

  it("finds a provisioned product by exact name only", async () => {
    sc.on(SearchProvisionedProductsCommand).resolves({
      ProvisionedProducts: [
        { Name: "payments-dev-old", Id: "pp-0", Status: "AVAILABLE" },
        { Name: "payments-dev", Id: "pp-1", Status: "UNDER_CHANGE", LastRecordId: "rec-1" },
      ],
    });
    await expect(factory().findProvisionedProduct("payments-dev")).resolves.toEqual({ id: "pp-1", name: "payments-dev", status: "UNDER_CHANGE", lastRecordId: "rec-1" });
    expect(sc.commandCalls(SearchProvisionedProductsCommand)[0]!.args[0].input.Filters).toEqual({ SearchQuery: ["name:payments-dev"] });
    await expect(factory().findProvisionedProduct("nope")).resolves.toBeNull();
  });
});
