import {
  AccountNotFoundException,
  ChildNotFoundException,
  ConstraintViolationException,
  DescribeAccountCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  paginateListAccounts,
  paginateListTagsForResource,
  ParentNotFoundException,
  TagResourceCommand,
  TargetNotFoundException,
  UntagResourceCommand,
  type Account,
  type Tag,
} from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consumerRepos } from "../github/seed/consumers/consumer-repos.js";
import { SEED_ACCOUNTS } from "./seed-state.js";
import { startTestEmulator, type TestEmulator } from "./test-helpers.js";

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

async function allAccounts(pageSize?: number): Promise<Account[]> {
  const accounts: Account[] = [];
  for await (const page of paginateListAccounts({ client: t.organizations, pageSize }, {})) accounts.push(...(page.Accounts ?? []));
  return accounts;
}

async function tagsOf(resourceId: string): Promise<Record<string, string>> {
  const tags: Tag[] = [];
  for await (const page of paginateListTagsForResource({ client: t.organizations }, { ResourceId: resourceId })) tags.push(...(page.Tags ?? []));
  return Object.fromEntries(tags.map((tag) => [tag.Key!, tag.Value!]));
}

describe("the organization tree", () => {
  it("lists the root, the OUs under it and the nested OUs under Workloads", async () => {
    const { Roots } = await t.organizations.send(new ListRootsCommand({}));
    expect(Roots).toEqual([
      { Id: "r-7hq2", Arn: "arn:aws:organizations::318274650912:root/o-7hq2m4x9ka/r-7hq2", Name: "Root", PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }] },
    ]);
    const top = await t.organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: "r-7hq2" }));
    expect(top.OrganizationalUnits?.map((ou) => ou.Name)).toEqual(["Security", "Sandbox", "Workloads", "Suspended"]);
    const workloads = top.OrganizationalUnits!.find((ou) => ou.Name === "Workloads")!;
    expect(workloads.Id).toMatch(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/);
    expect(workloads.Arn).toBe(`arn:aws:organizations::318274650912:ou/o-7hq2m4x9ka/${workloads.Id}`);
    const nested = await t.organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: workloads.Id }));
    expect(nested.OrganizationalUnits?.map((ou) => [ou.Name, ou.Path])).toEqual([
      ["NonProd", `o-7hq2m4x9ka/r-7hq2/${workloads.Id}/ou-7hq2-4nj7c1ye/`],
      ["Prod", `o-7hq2m4x9ka/r-7hq2/${workloads.Id}/ou-7hq2-8pz3k5du/`],
    ]);
    const paged = await t.organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: "r-7hq2", MaxResults: 3 }));
    expect(paged.OrganizationalUnits).toHaveLength(3);
    const rest = await t.organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: "r-7hq2", MaxResults: 3, NextToken: paged.NextToken }));
    expect(rest.OrganizationalUnits?.map((ou) => ou.Name)).toEqual(["Suspended"]);
    expect(rest.NextToken).toBeUndefined();

    const missing = await t.organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: "ou-7hq2-zzzzzzzz" })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ParentNotFoundException);
    expect((missing as ParentNotFoundException).$metadata.httpStatusCode).toBe(404);
    const malformed = await t.organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: "Workloads" })).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(InvalidInputException);
    expect((malformed as InvalidInputException).Reason).toBe("INVALID_PATTERN");
  });

  it("names the parent of accounts and OUs", async () => {
    expect((await t.organizations.send(new ListParentsCommand({ ChildId: "421938475634" }))).Parents).toEqual([{ Id: "ou-7hq2-8pz3k5du", Type: "ORGANIZATIONAL_UNIT" }]);
    expect((await t.organizations.send(new ListParentsCommand({ ChildId: "318274650912" }))).Parents).toEqual([{ Id: "r-7hq2", Type: "ROOT" }]);
    expect((await t.organizations.send(new ListParentsCommand({ ChildId: "ou-7hq2-2wv6p8rt" }))).Parents).toEqual([{ Id: "r-7hq2", Type: "ROOT" }]);
    const missing = await t.organizations.send(new ListParentsCommand({ ChildId: "999999999999" })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ChildNotFoundException);
    expect((missing as ChildNotFoundException).$metadata.httpStatusCode).toBe(404);
  });
});

describe("accounts", () => {
  it("pages ListAccounts by 10 unless MaxResults says otherwise, and every page follows NextToken", async () => {
    const first = await t.organizations.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(10);
    expect(first.NextToken).toEqual(expect.any(String));
    const accounts = await allAccounts();
    expect(accounts).toHaveLength(SEED_ACCOUNTS.length);
    expect(new Set(accounts.map((account) => account.Id)).size).toBe(SEED_ACCOUNTS.length);
    expect(await allAccounts(4)).toEqual(accounts);

    const tooMany = await t.organizations.send(new ListAccountsCommand({ MaxResults: 21 })).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(InvalidInputException);
    expect((tooMany as InvalidInputException).Reason).toBe("MAX_VALUE_EXCEEDED");
    expect((tooMany as InvalidInputException).$metadata.httpStatusCode).toBe(400);
    const badToken = await t.organizations.send(new ListAccountsCommand({ NextToken: "not-a-token" })).catch((e: unknown) => e);
    expect(badToken).toBeInstanceOf(InvalidInputException);
    expect((badToken as InvalidInputException).Reason).toBe("INVALID_NEXT_TOKEN");
    // A token belongs to the listing that issued it.
    const foreign = await t.organizations.send(new ListOrganizationalUnitsForParentCommand({ ParentId: "r-7hq2", NextToken: first.NextToken })).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(InvalidInputException);
  });

  it("describes an account with the real ARN format, State and epoch timestamps", async () => {
    const { Account } = await t.organizations.send(new DescribeAccountCommand({ AccountId: "709513628864" }));
    expect(Account).toEqual({
      Id: "709513628864",
      Arn: "arn:aws:organizations::318274650912:account/o-7hq2m4x9ka/709513628864",
      Email: "aws+checkout-prod@acme.example",
      Name: "checkout-prod",
      Status: "ACTIVE",
      State: "ACTIVE",
      Paths: ["o-7hq2m4x9ka/r-7hq2/ou-7hq2-2wv6p8rt/ou-7hq2-8pz3k5du/709513628864/"],
      JoinedMethod: "CREATED",
      JoinedTimestamp: new Date("2024-02-12T16:31:50Z"),
    });
    const suspended = await t.organizations.send(new DescribeAccountCommand({ AccountId: "275016384920" }));
    expect(suspended.Account).toMatchObject({ State: "SUSPENDED", Status: "SUSPENDED" });

    const missing = await t.organizations.send(new DescribeAccountCommand({ AccountId: "123456789012" })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AccountNotFoundException);
    expect((missing as AccountNotFoundException).$metadata.httpStatusCode).toBe(404);
    const malformed = await t.organizations.send(new DescribeAccountCommand({ AccountId: "12345" })).catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(InvalidInputException);
    const absent = await t.organizations.send(new DescribeAccountCommand({} as { AccountId: string })).catch((e: unknown) => e);
    expect(absent).toBeInstanceOf(InvalidInputException);
    expect((absent as InvalidInputException).Reason).toBe("INPUT_REQUIRED");
  });

  it("seeds the accounts the GitHub emulator's consumer repos pin, with their workload tags", async () => {
    const accounts = await allAccounts();
    for (const consumer of consumerRepos) {
      for (const [env, id] of Object.entries(consumer.accountIds)) {
        const account = accounts.find((candidate) => candidate.Id === id);
        expect(account?.Name).toBe(`${consumer.workload}-${env}`);
        const tags = await tagsOf(id);
        expect(tags).toMatchObject({ Workload: consumer.workload, Environment: env, Owner: `${consumer.team}@acme.example` });
        expect(Object.keys(tags)).toEqual(expect.arrayContaining(["Owner", "Workload", "Environment", "DataClassification"]));
      }
    }
    // One account starts out without its CostCode: drift for governance to find.
    expect(await tagsOf("709513628857")).not.toHaveProperty("CostCode");
    expect(await tagsOf("421938475634")).toMatchObject({ CostCode: "CC-2101", DataClassification: "restricted" });
  });
});

describe("tags", () => {
  it("tags, re-tags and untags an account", async () => {
    await t.organizations.send(new TagResourceCommand({ ResourceId: "421938475610", Tags: [{ Key: "CostCode", Value: "CC-9999" }, { Key: "Team", Value: "payments" }] }));
    const tags = await t.organizations.send(new ListTagsForResourceCommand({ ResourceId: "421938475610" }));
    expect(tags.Tags?.map((tag) => tag.Key)).toEqual(["CostCode", "Owner", "Workload", "Environment", "DataClassification", "Team"]);
    expect(tags.Tags?.[0]).toEqual({ Key: "CostCode", Value: "CC-9999" });
    await t.organizations.send(new UntagResourceCommand({ ResourceId: "421938475610", TagKeys: ["Team", "NotThere"] }));
    expect(await tagsOf("421938475610")).toEqual({ CostCode: "CC-9999", Owner: "payments-team@acme.example", Workload: "payments", Environment: "dev", DataClassification: "internal" });
    await t.organizations.send(new TagResourceCommand({ ResourceId: "ou-7hq2-4nj7c1ye", Tags: [{ Key: "Stage", Value: "nonprod" }] }));
    expect(await tagsOf("ou-7hq2-4nj7c1ye")).toEqual({ ManagedBy: "control-tower", Stage: "nonprod" });
  });

  it("pages ListTagsForResource by NextToken", async () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ Key: `Extra${String(i).padStart(2, "0")}`, Value: String(i) }));
    await t.organizations.send(new TagResourceCommand({ ResourceId: "583920174465", Tags: many }));
    const first = await t.organizations.send(new ListTagsForResourceCommand({ ResourceId: "583920174465" }));
    expect(first.Tags).toHaveLength(10);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(Object.keys(await tagsOf("583920174465"))).toHaveLength(25);
  });

  it("refuses what Organizations refuses, with its typed errors", async () => {
    const target = await t.organizations.send(new TagResourceCommand({ ResourceId: "111122223333", Tags: [{ Key: "A", Value: "b" }] })).catch((e: unknown) => e);
    expect(target).toBeInstanceOf(TargetNotFoundException);
    expect((target as TargetNotFoundException).$metadata.httpStatusCode).toBe(404);
    const listMissing = await t.organizations.send(new ListTagsForResourceCommand({ ResourceId: "111122223333" })).catch((e: unknown) => e);
    expect(listMissing).toBeInstanceOf(TargetNotFoundException);
    const pattern = await t.organizations.send(new TagResourceCommand({ ResourceId: "payments-dev", Tags: [] })).catch((e: unknown) => e);
    expect(pattern).toMatchObject({ name: "InvalidInputException", Reason: "INVALID_PATTERN_TARGET_ID" });
    const system = await t.organizations.send(new TagResourceCommand({ ResourceId: "421938475610", Tags: [{ Key: "aws:createdBy", Value: "x" }] })).catch((e: unknown) => e);
    expect(system).toMatchObject({ name: "InvalidInputException", Reason: "INVALID_SYSTEM_TAGS_PARAMETER" });
    const duplicate = await t.organizations
      .send(new TagResourceCommand({ ResourceId: "421938475610", Tags: [{ Key: "A", Value: "1" }, { Key: "A", Value: "2" }] }))
      .catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ name: "InvalidInputException", Reason: "DUPLICATE_TAG_KEY" });
    const tooMany = Array.from({ length: 46 }, (_, i) => ({ Key: `K${i}`, Value: "v" }));
    const limit = await t.organizations.send(new TagResourceCommand({ ResourceId: "421938475610", Tags: tooMany })).catch((e: unknown) => e);
    expect(limit).toBeInstanceOf(ConstraintViolationException);
    expect(limit).toMatchObject({ Reason: "MAX_TAG_LIMIT_EXCEEDED", $metadata: { httpStatusCode: 409 } });
    // A refused request changes nothing.
    expect(Object.keys(await tagsOf("421938475610"))).toHaveLength(5);
  });
});
